/**
 * The Markdown reference pages (docs/<module>.md, one builder for every
 * module) and the README's links into them: hostile text from the YAML
 * cannot break a table, start Markdown syntax or reach the page as HTML,
 * nothing of it is lost, and every link lands on an anchor that exists.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generate, type EmittedFile, type InputFile, type Model } from "../generator/index";
import { markdownCode, markdownText } from "../generator/escape";
import { readDefs } from "../generator/load/read-defs";
import { layout } from "../generator/emit/layout";

const ROOT = path.resolve(__dirname, "..");

function realDefs(): InputFile[] {
  const dir = path.join(ROOT, "defs");
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".yaml"))
    .sort()
    .map((n) => ({ path: `defs/${n}`, content: fs.readFileSync(path.join(dir, n), "utf8") }));
}

const HOSTILE = `description: "File text <script>alert(1)</script> | pipe \`tick\` *star* _under_ [x](javascript:alert(1)) &amp; &#60; {mdx} $x$"
types:
  Evil.Type-1:
    description: |
      # not a heading
      - not a list
      > not a quote
          not code
      <img src=x onerror=alert(1)>
      | a | b |
      |---|---|
      \`\`\`
      fence
      ~~~
      1. not ordered
      ===
      back\\slash at the end \\
      ~~strike~~ [^foot] ![img](x.png) <!-- comment --> &lt;kept&gt;
    type: object
    required:
      - "a|b"
    properties:
      "a|b":
        description: "cell | breaker\\nsecond <b>line</b>\\r\\nthird\\\\|fourth"
        type: string
        pattern: "^a|b\`c\\\\|$"
        maxLength: 50
        format: date-time
        default: "x|y<z>"
      "<tag>":
        description: "<tr><td>row</td></tr>"
        type: integer
        minimum: 1
      nested:
        description: nested object
        type: object
        additionalProperties: false
        properties:
          mode:
            description: inline enum
            type: string
            enum:
              - "a|b"
              - "<i>"
              - "\`x\`"
      list:
        description: list of refs
        type: array
        items:
          type: object
          $ref: /other#/Target
      self:
        description: recursive
        type: object
        $ref: /hostile#/Evil.Type-1
  evil.type-1:
    description: same slug as Evil.Type-1
    type: string
    maximum: 3
  contents:
    description: a type named like the page's own section
    type: string
    enum: [one, "two words", "3"]
`;

const OTHER = `description: other file
types:
  Target:
    description: "the target | of refs"
    type: object
    properties:
      back:
        description: ref back across files
        type: object
        $ref: /hostile#/evil.type-1
`;

async function generated(files: InputFile[]): Promise<Map<string, string>> {
  const r = await generate(files);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || r.files.length === 0) throw new Error(`generate failed: ${JSON.stringify(errors)}`);
  return new Map(r.files.map((f: EmittedFile) => [f.path, f.content]));
}

const hostile = (): Promise<Map<string, string>> =>
  generated([
    { path: "defs/hostile.yaml", content: HOSTILE },
    { path: "defs/other.yaml", content: OTHER },
  ]);

/** Code spans removed (CommonMark: a run of N backticks up to the next run of exactly N). */
function withoutCodeSpans(line: string): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    if (line[i] === "\\" && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== "`") {
      out += line[i];
      i++;
      continue;
    }
    let n = 0;
    while (line[i + n] === "`") n++;
    const fence = "`".repeat(n);
    let j = i + n;
    let close = -1;
    while (j < line.length) {
      const k = line.indexOf(fence, j);
      if (k < 0) break;
      if (line[k + n] !== "`" && line[k - 1] !== "`") {
        close = k;
        break;
      }
      j = k + 1;
      while (line[j] === "`") j++;
    }
    if (close < 0) {
      out += fence; // an unmatched run is literal text
      i += n;
    } else {
      out += "CODE";
      i = close + n;
    }
  }
  return out;
}

/** GFM splits a table row on every `|` not written `\|` (cmark-gfm's table_cell scanner). */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/);
}

function tables(page: string): string[][] {
  const out: string[][] = [];
  let current: string[] | undefined;
  for (const line of page.split("\n")) {
    if (line.startsWith("|")) {
      if (!current) out.push((current = []));
      current.push(line);
    } else current = undefined;
  }
  return out;
}

function anchors(page: string): string[] {
  return [...page.matchAll(/<a id="([^"]*)"><\/a>/g)].map((m) => m[1]!);
}

/** Link targets of a page: `[text](target)` whose `](` is not escaped, outside code spans. */
function links(page: string): string[] {
  const out: string[] = [];
  for (const line of page.split("\n")) {
    for (const m of withoutCodeSpans(line).matchAll(/(?<!\\)\]\(([^)\s]*)\)/g)) out.push(m[1]!);
  }
  return out;
}

/** Checks every link of the page at `from` against the emitted files and their anchors. */
function expectLinksResolve(files: Map<string, string>, from: string): number {
  const page = files.get(from)!;
  let count = 0;
  for (const target of links(page)) {
    const [file = "", anchor] = target.split("#");
    const resolved = file === "" ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), file));
    expect({ target, exists: files.has(resolved) }).toEqual({ target, exists: true });
    if (anchor !== undefined) expect({ target, anchors: anchors(files.get(resolved)!) }).toEqual({ target, anchors: expect.arrayContaining([anchor]) });
    count++;
  }
  return count;
}

/** What a Markdown renderer shows for escaped text: backslash escapes, the three entities and `<br>` undone. */
function rendered(md: string): string {
  return md
    .replace(/<br>/g, "\n")
    .replace(/\\\n/g, "\n")
    .replace(/\\([!-/:-@[-`{-~])|&(lt|gt|amp);/g, (_m, punct: string | undefined, entity: string | undefined) =>
      punct !== undefined ? punct : entity === "lt" ? "<" : entity === "gt" ? ">" : "&",
    );
}

describe("markdownText and markdownCode", () => {
  test("HTML, entities and Markdown syntax come out as text", () => {
    expect(markdownText("<b>bold</b> & &amp; *a* _b_ `c` [d](e) | f ~g~ $h$ {i}")).toBe(
      "&lt;b&gt;bold&lt;/b&gt; & &amp;amp; \\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\| f \\~g\\~ \\$h\\$ \\{i\\}",
    );
    expect(markdownText("# h\n- l\n+ p\n1. o\n2) p\n===\n    code\n> q", "block")).toBe(
      "\\# h\\\n\\- l\\\n\\+ p\\\n1\\. o\\\n2\\) p\\\n\\===\\\ncode\\\n&gt; q",
    );
    expect(markdownText("a\r\n\r\n\r\nb\u2028c", "cell")).toBe("a<br><br>b<br>c");
    expect(markdownText("bell\u0007 rtl\u202e", "cell")).toBe("bell\\u0007 rtl\\u202e");
  });

  test("code spans are fenced past any backticks inside and keep cells whole", () => {
    expect(markdownCode("a`b")).toBe("``a`b``");
    expect(markdownCode("`x`")).toBe("`` `x` ``");
    expect(markdownCode("a|b", "cell")).toBe("`a\\|b`");
    expect(markdownCode("a|b", "block")).toBe("`a|b`");
    expect(markdownCode("two\nlines")).toBe("`two\\nlines`");
  });

  test("nothing is lost: rendering the escaped text gives the text back", () => {
    const alphabet = ["a", " ", "\\", "`", "*", "_", "[", "]", "(", ")", "{", "}", "|", "~", "$", "<", ">", "&", "#", "-", "+", "=", "1", ".", "!", ";", "\n", "lt", "amp"];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 2000; n++) {
      let text = "";
      const len = next() % 24;
      for (let i = 0; i < len; i++) text += alphabet[next() % alphabet.length];
      // What markdownText promises to keep: each line trimmed, blank lines at the ends dropped and runs of them merged.
      const expected = text
        .split("\n")
        .map((l) => l.trim())
        .join("\n")
        .replace(/\n{3,}/g, "\n\n")
        .replace(/^\n+|\n+$/g, "");
      expect({ text, shown: rendered(markdownText(text, "cell")) }).toEqual({ text, shown: expected });
      const block = markdownText(text, "block");
      expect({ text, shown: rendered(block) }).toEqual({ text, shown: expected });
      for (const line of block.split("\n")) {
        expect({ text, line, opensBlock: /^(#|>|[-+*]|\d+[.)]|=|\s|<|`{3}|~{3})/.test(line) }).toEqual({ text, line, opensBlock: false });
      }
    }
  });
});

describe("docs/<file>.md from hostile definitions", () => {
  let files: Map<string, string>;
  let page: string;
  let other: string;
  beforeAll(async () => {
    files = await hostile();
    page = files.get("docs/hostile.md")!;
    other = files.get("docs/other.md")!;
  });

  test("a page per defs file, starting with the banner and the title", () => {
    expect(page.split("\n").slice(0, 2)).toEqual(["<!-- generated by everest-typegen from defs/hostile.yaml; do not edit -->", "# hostile"]);
    expect(other.startsWith("<!-- generated by everest-typegen from defs/other.yaml; do not edit -->\n# other\n")).toBe(true);
  });

  test("no HTML from the YAML reaches the page", () => {
    for (const [name, md] of [["hostile", page], ["other", other]] as const) {
      const lines = md.split("\n");
      expect(lines[0]).toMatch(/^<!-- [^<>]* -->$/);
      for (const line of lines.slice(1)) {
        const outside = withoutCodeSpans(line).replace(/<a id="[a-z0-9_-]+"><\/a>|<br>/g, "");
        expect({ name, line, html: outside.includes("<") }).toEqual({ name, line, html: false });
      }
    }
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("File text &lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("hostile descriptions and names cannot break a table: every row has the header's cell count", () => {
    const found = [...tables(page), ...tables(other)];
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const table of found) {
      const width = cells(table[0]!).length;
      expect(cells(table[1]!).every((c) => /^\s*-{3,}\s*$/.test(c))).toBe(true);
      for (const row of table) expect({ row, cells: cells(row).length }).toEqual({ row, cells: width });
    }
  });

  test("the property table shows type, required, constraints, default and description, escaped", () => {
    const table = tables(page)[0]!;
    expect(cells(table[0]!).map((c) => c.trim())).toEqual(["Property", "Type", "Required", "Constraints", "Default", "Description"]);
    const row = (name: string): string[] => {
      const r = table.find((l) => cells(l)[0]!.trim() === name);
      if (!r) throw new Error(`no row ${name} in\n${table.join("\n")}`);
      return cells(r).map((c) => c.trim());
    };
    expect(row("`a\\|b`")).toEqual([
      "`a\\|b`",
      "string",
      "yes",
      // GFM reads `\\|` as an escaped pipe even in code, so the code shows `c\\|$` as written
      "`maxLength: 50`<br>``pattern: ^a\\|b`c\\\\|$``<br>`format: date-time`",
      '`"x\\|y<z>"`',
      "cell \\| breaker<br>second &lt;b&gt;line&lt;/b&gt;<br>third\\\\\\|fourth",
    ]);
    expect(row("`<tag>`").slice(1, 4)).toEqual(["integer", "no", "`minimum: 1`"]);
    expect(row("`nested`").slice(1, 4)).toEqual(["object", "no", "`additionalProperties: false` (closed)"]);
    expect(row("`nested.mode`")[1]).toBe("string enum [Evil\\_Type\\_1NestedMode](#evil_type_1nestedmode)");
    expect(row("`nested.mode`")[3]).toBe("one of `a\\|b`, `<i>`, `` `x` ``");
    expect(row("`list`")[1]).toBe("array of [other/Target](other.md#target)");
    expect(row("`self`")[1]).toBe("[Evil.Type-1](#eviltype-1)");
  });

  test("anchors are unique, never the page's own, and deterministic per type", () => {
    const ids = anchors(page);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["contents", "eviltype-1", "evil_type_1nestedmode", "eviltype-1-2", "contents-2"]);
    expect(anchors(other)).toEqual(["contents", "target"]);
  });

  test("every link, within the page and across files, lands on an existing anchor or file", () => {
    expect(expectLinksResolve(files, "docs/hostile.md")).toBeGreaterThanOrEqual(8);
    expect(expectLinksResolve(files, "docs/other.md")).toBeGreaterThanOrEqual(3);
    expect(expectLinksResolve(files, "README.md")).toBeGreaterThanOrEqual(5);
    expect(other).toContain("[hostile/evil.type-1](hostile.md#eviltype-1-2)");
    expect(page).toContain("**Used by:** [other/Target](other.md#target) (`back`)");
  });

  test("enum values are listed, with the TypeScript member where it differs from the value", () => {
    expect(page).toContain("**Values:**\n\n- `one`\n- `two words` (`contents.two_words`)\n- `3` (`contents._3`)\n");
    expect(page).toContain("- `a|b` (`Evil_Type_1NestedMode.a_b`)\n- `<i>` (`Evil_Type_1NestedMode._i_`)\n- `` `x` `` (`Evil_Type_1NestedMode._x_`)");
  });

  test("keywords that do nothing are shown as such", () => {
    expect(page).toContain("- **Constraints:** `maximum: 3` (no effect on string)");
  });

  test("the output does not depend on the order of the input files", async () => {
    const reversed = await generated([
      { path: "defs/other.yaml", content: OTHER },
      { path: "defs/hostile.yaml", content: HOSTILE },
    ]);
    expect(reversed.get("docs/hostile.md")).toBe(page);
    expect(reversed.get("docs/other.md")).toBe(other);
  });
});

const KINDS = `description: Every kind of schema
types:
  Alias:
    description: an alias
    type: object
    $ref: /kinds#/Map
  Map:
    description: a map of records
    type: object
    additionalProperties:
      type: object
      required: [v]
      properties:
        v:
          description: value
          type: [string, "null"]
          maxLength: 4
  List:
    description: a top-level list
    type: array
    minItems: 1
    items:
      type: object
      properties:
        when:
          description: time
          type: string
          format: date-time
          default: "2024-01-01T00:00:00Z"
  Levels:
    description: integer enum
    type: integer
    enum: [1, 2, 3]
  Mixed:
    description: object with an untyped enum and any
    type: object
    properties:
      m:
        description: untyped enum
        enum: ["1", 1, null, true]
      any:
        description: anything
  Fixed:
    description: a constant
    type: string
    const: v1
  Big:
    description: big inline enum
    type: object
    properties:
      code:
        description: many values
        type: string
        enum: [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13]
`;

describe("docs/<file>.md for every kind of schema", () => {
  let files: Map<string, string>;
  let page: string;
  beforeAll(async () => {
    files = await generated([{ path: "defs/kinds.yaml", content: KINDS }]);
    page = files.get("docs/kinds.md")!;
  });
  const section = (name: string): string => {
    const start = page.indexOf(`\n## ${name}\n`);
    const end = page.indexOf("\n## ", start + 1);
    return page.slice(start, end < 0 ? undefined : end);
  };

  test("aliases link to their target, maps and lists show the rows of their inline objects", () => {
    expect(section("Alias")).toContain("- **Type:** [Map](#map)");
    expect(section("Map")).toContain("- **Type:** object (map of object)");
    expect(section("Map")).toContain("| `*.v` | string or null | yes | string: `maxLength: 4` | value |");
    expect(section("Map")).toContain("- **Used by:** [Alias](#alias)");
    expect(section("List")).toContain("- **Constraints:** `minItems: 1`");
    expect(section("List")).toContain('| `[].when` | string | no | `format: date-time` | `"2024-01-01T00:00:00Z"` | time |');
    expect(section("Fixed")).toContain("- **Type:** string constant\n- **Constraints:** `const: \"v1\"`");
  });

  test("enums: numbers and mixed values as JSON, long inline enums cut in the table but listed in full", () => {
    expect(section("Levels")).toContain("- **Type:** integer enum");
    expect(section("Levels")).toContain("**Values:**\n\n- `1`\n- `2`\n- `3`");
    expect(section("Mixed")).toContain('| `m` | enum [values](#mixedm) | no | one of `"1"`, `1`, `null`, `true` | untyped enum |');
    expect(section("Mixed")).toContain("### Values of `/types/Mixed/properties/m`");
    expect(section("Mixed")).not.toContain("kinds.MixedM"); // not a TypeScript name: the union is written in place
    expect(section("Big")).toContain("`a11`, [2 more](#bigcode) | many values |");
    expect(section("Big")).toContain("### BigCode");
    expect(section("Big")).toContain("- **TypeScript:** `kinds.BigCode`");
    expect(section("Big")).toContain("- `a12`\n- `a13`\n");
  });

  test("tables are well formed and links resolve", () => {
    for (const table of tables(page)) {
      const width = cells(table[0]!).length;
      for (const row of table) expect({ row, cells: cells(row).length }).toEqual({ row, cells: width });
    }
    expect(expectLinksResolve(files, "docs/kinds.md")).toBeGreaterThanOrEqual(12);
  });
});

describe("docs/<file>.md from the real definitions", () => {
  let files: Map<string, string>;
  let model: Model;
  beforeAll(async () => {
    const r = await generate(realDefs());
    files = new Map(r.files.map((f) => [f.path, f.content]));
    model = r.model!;
  });

  test("one page per defs file, every type a section in the contents, every $ref a link", () => {
    for (const f of model.files) {
      const page = files.get(`docs/${f.name}.md`)!;
      expect(page).toBeDefined();
      const ids = anchors(page);
      expect(new Set(ids).size).toBe(ids.length);
      for (const t of f.items) expect(page).toContain(`\n## ${markdownText(t.name)}\n`);
      expect(ids.length).toBe(f.items.length + 1);
      expectLinksResolve(files, `docs/${f.name}.md`);
    }
    const ocpp = files.get("docs/ocpp.md")!;
    expect(ocpp).toContain("| `personal_message` | [display\\_message/MessageContent](display_message.md#messagecontent) | no |");
    expect(ocpp).toContain("| `charging_schedule_period` | array of [ChargingSchedulePeriod](#chargingscheduleperiod) | yes |");
    expect(ocpp).toContain("| `id` | integer | yes | `minimum: 1` | Id of the EVSE |");
    expect(ocpp).toContain("| `current_time` | string | yes | `format: date-time` |");
    expect(ocpp).toContain("- **Type:** object; closed: other properties are rejected (`additionalProperties: false`)");
    expect(files.get("docs/display_message.md")).toContain("**Values:**\n\n- `ASCII`\n- `HTML`\n- `URI`\n- `UTF8`\n");
  });

  test("the README lists every type, linked to its section", () => {
    const readme = files.get("README.md")!;
    expect(expectLinksResolve(files, "README.md")).toBeGreaterThan(38);
    for (const f of model.files) {
      for (const t of f.items) expect(readme).toContain(`| [${markdownText(t.name, "cell")}](docs/${f.name}.md#`);
    }
  });
});

describe("one page builder for every module", () => {
  let files: Map<string, string>;
  let model: Model;
  beforeAll(async () => {
    const withInterfaces = await generate(realDefs(), { interfaces: readDefs(path.join(ROOT, "defs", "interfaces")), errors: readDefs(path.join(ROOT, "defs", "errors")) });
    files = new Map(withInterfaces.files.map((f) => [f.path, f.content]));
    model = withInterfaces.model!;
  });

  test("every module has a page, every page the same header, and every link of every page resolves", () => {
    expect(model.modules.filter((m) => m.interface !== undefined).length).toBeGreaterThan(0);
    for (const m of model.modules) {
      const page = files.get(layout.docsMd(m))!;
      const [banner, title, , from] = page.split("\n");
      expect(banner).toBe(`<!-- generated by everest-typegen from ${m.path}; do not edit -->`);
      expect(title).toBe(`# ${markdownText(m.name)}${m.interface === undefined ? "" : " (interface)"}`);
      expect([`Types from ${markdownCode(m.path)}.`, `Commands and vars from ${markdownCode(m.path)}.`]).toContain(from);
      const ids = anchors(page);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids[0]).toBe("contents");
      expect(expectLinksResolve(files, layout.docsMd(m))).toBeGreaterThan(0);
    }
    expect(expectLinksResolve(files, "docs/errors.md")).toBeGreaterThan(0);
  });
});
