/**
 * The reference-page emitter (`docs/<file>.txt`): EVerest's published page for
 * ocpp is reproduced from its second line on, and the format is pinned by a
 * golden fixture of our own that touches every rule of the format.
 * `UPDATE_GOLDEN=1 npm test` rewrites the golden files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic, loadModel, type Model } from "../generator";
import { emitDocsText, renderPage } from "../generator/emit/docs/docs-text";
import { HEAD, ROOT, realDefs, run, yaml } from "./helpers/check-run";

const REFERENCE = path.resolve(ROOT, "..", "shared", "reference", "ocpp-types-reference.txt");
const FIXTURE = path.join(__dirname, "fixtures", "check-docs-text");

function modelOf(files: { path: string; content: string | Uint8Array }[]): Model {
  const r = loadModel(files);
  if (!r.model) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.model;
}

/** The reference page from its second line on (the first is the page heading), ending in exactly one newline. */
function referenceBody(): string {
  const lines = fs.readFileSync(REFERENCE, "utf8").split("\n").slice(1);
  return lines.join("\n").replace(/\n*$/, "\n");
}

describe("the ocpp reference page", () => {
  const haveReference = fs.existsSync(REFERENCE);
  if (!haveReference) {
    // CI may run without ../shared; say so instead of passing silently.
    console.warn(`docs-text: ${REFERENCE} is not present; the comparison with EVerest's page is skipped`);
  }
  const withReference = haveReference ? test : test.skip;

  withReference("the emitted docs/ocpp.txt equals EVerest's page from its second line on", () => {
    const page = emitDocsText(modelOf(realDefs())).find((f) => f.path === "docs/ocpp.txt");
    expect(page).toBeDefined();
    const expected = referenceBody().split("\n");
    const actual = page!.content.split("\n");
    // Line by line first, so a failure shows the first differing line rather than two huge strings.
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      expect([i + 2, actual[i]]).toEqual([i + 2, expected[i]]);
    }
    expect(page!.content).toBe(referenceBody());
  });

  withReference("the committed generated/docs/ocpp.txt equals it too", () => {
    expect(fs.readFileSync(path.join(ROOT, "generated", "docs", "ocpp.txt"), "utf8")).toBe(referenceBody());
  });

  test("the page keeps the typographic apostrophe and the multi-line descriptions of the YAML", () => {
    const text = renderPage(modelOf(realDefs()).files.find((f) => f.name === "ocpp")!);
    expect(text).toContain("A definition of a Component doesn’t exist in OCPP1.6; In the context of OCPP1.6\nthis type may not be relevant or used.\n");
    expect(text.startsWith("OCPP types (OCPP1.6 and OCPP2.0.1).")).toBe(true);
    expect(text.endsWith("status_info:object <optional> (ocpp-StatusInfoType)\nDetailed status information.\nThere is an extended definition for this object here.\n")).toBe(true);
  });
});

describe("golden pages of a fixture that uses every rule of the format", () => {
  const defsDir = path.join(FIXTURE, "defs");
  const files = fs
    .readdirSync(defsDir)
    .sort()
    .map((f) => ({ path: `defs/${f}`, content: fs.readFileSync(path.join(defsDir, f)) }));

  test("the fixture loads, with only the expected warnings", () => {
    expect(loadModel(files).diagnostics.map(formatDiagnostic)).toEqual([
      'defs/sample.yaml:67:7: warning W103: property "anything" has no description',
      'defs/sample.yaml:69:7: warning W103: property "level" has no description',
    ]);
  });

  test.each(["places", "sample"])("docs/%s.txt", (name) => {
    const page = emitDocsText(modelOf(files)).find((f) => f.path === `docs/${name}.txt`);
    expect(page).toBeDefined();
    const golden = path.join(FIXTURE, "expected", `${name}.txt`);
    if (process.env["UPDATE_GOLDEN"] === "1") fs.writeFileSync(golden, page!.content);
    expect(page!.content).toBe(fs.readFileSync(golden, "utf8"));
  });

  // The rules, spelled out on the golden output so a wrong golden file cannot pass unnoticed.
  const sample = (): string[] => renderPage(modelOf(files).files.find((f) => f.name === "sample")!).split("\n");
  const after = (lines: string[], header: string, n: number): string[] => {
    const i = lines.indexOf(header);
    expect(i).toBeGreaterThanOrEqual(0);
    return lines.slice(i, i + n);
  };

  test("a folded file description is one line; types follow in YAML order", () => {
    const lines = sample();
    expect(lines[0]).toBe("Sample types that exercise every rule of the reference-page format. This folded file description becomes one line.");
    expect(lines.filter((l) => /^[A-Z]\w*:(string|integer|object)$/.test(l))).toEqual(["Colour:string", "Level:integer", "Empty:object", "Shape:object"]);
  });

  test("enum types list their values; non-string values as JSON", () => {
    expect(after(sample(), "Colour:string", 6)).toEqual(["Colour:string", "A colour, as a string enum", "enum:", "- Red", "- Green-ish", "- 3D"]);
    expect(after(sample(), "Level:integer", 6)).toEqual(["Level:integer", "An integer enum", "enum:", "- 1", "- 2", "- 3"]);
  });

  test("an object without properties has no `properties:` line", () => {
    expect(after(sample(), "Empty:object", 3)).toEqual(["Empty:object", "An object without properties", "Shape:object"]);
  });

  test("literal and folded descriptions: each line trimmed, more-indented lines kept as lines", () => {
    expect(after(sample(), "Shape:object", 5)).toEqual([
      "Shape:object",
      "A shape, described in a literal block.",
      "This line is more indented.",
      "Back to the normal indentation.",
      "properties:",
    ]);
    expect(after(sample(), "place:object <required> (places-Place)", 5)).toEqual([
      "place:object <required> (places-Place)",
      "Where the shape is. Folded over two lines.",
      "A more-indented line stays a line of its own.",
      "And the text goes on.",
      "There is an extended definition for this object here.",
    ]);
    expect(after(sample(), "counts:array <optional>", 4)).toEqual(["counts:array <optional>", "Padded text, and a double-quoted", "second line", "array_item:integer"]);
  });

  test("arrays: items without $ref show their description and keywords; items with $ref show the target only", () => {
    expect(after(sample(), "tags:array <required>", 5)).toEqual([
      "tags:array <required>",
      "Tags given when the shape was made",
      "array_item:string",
      "One tag, a timestamp",
      "format:date-time",
    ]);
    expect(after(sample(), "colours:array <optional>", 3)).toEqual(["colours:array <optional>", "Colours used, by reference", "array_item:string (sample-Colour)"]);
    expect(sample()).not.toContain("not shown, the item is a ref");
    expect(after(sample(), "anything:array <optional>", 2)).toEqual(["anything:array <optional>", "level:integer <optional> (sample-Level)"]);
  });

  test("string keywords are shown, numeric and boolean ones are not", () => {
    const all = sample().join("\n") + renderPage(modelOf(files).files.find((f) => f.name === "places")!);
    expect(after(sample(), "name:string <required>", 3)).toEqual(["name:string <required>", "The name of the shape", "pattern:^[a-z]+$"]);
    expect(after(sample(), "stamp:string <optional>", 3)).toEqual(["stamp:string <optional>", "When", "format:date-time"]);
    for (const hidden of ["maxLength", "minItems", "minimum", "maximum", "additionalProperties", "20", "-90"]) expect(all).not.toContain(hidden);
  });

  test("inline enums in a property", () => {
    expect(after(sample(), "mode:string <optional>", 5)).toEqual(["mode:string <optional>", "An inline enum", "enum:", "- fast", "- slow"]);
  });
});

describe("emitDocsText", () => {
  test("one page per defs file, at docs/<stem>.txt, each ending in one newline", () => {
    const pages = emitDocsText(modelOf(realDefs()));
    expect(pages.map((p) => p.path)).toEqual(["docs/display_message.txt", "docs/ocpp.txt"]);
    for (const p of pages) expect(p.content).toMatch(/[^\n]\n$/);
  });

  test("the display_message page", () => {
    const page = emitDocsText(modelOf(realDefs())).find((p) => p.path === "docs/display_message.txt")!;
    expect(page.content).toBe(
      [
        "Types for display messages",
        "MessageFormat:string",
        "Format of the message to be displayed",
        "enum:",
        "- ASCII",
        "- HTML",
        "- URI",
        "- UTF8",
        "MessageContent:object",
        "Content of a message to be displayed",
        "properties:",
        "content:string <required>",
        "Message contents",
        "format:string <optional> (display_message-MessageFormat)",
        "Format of the message",
        "There is an extended definition for this object here.",
        "language:string <optional>",
        "Message language identifier",
        "",
      ].join("\n"),
    );
  });

  test("a ref without a sibling type shows the target's type", () => {
    const text = yaml`
      description: Test types
      types:
        S:
          type: string
          description: s
          enum: [a]
        O:
          type: object
          description: o
          properties:
            p:
              description: p
              $ref: /x#/S
      `;
    const r = run({ "defs/x.yaml": text });
    expect(renderPage(r.model!.files[0]!)).toContain("p:string <optional> (x-S)\np\nThere is an extended definition for this object here.\n");
  });

  test("trailing blank lines of a description are dropped", () => {
    const r = run({ "defs/x.yaml": `${HEAD}  A:\n    type: string\n    description: |+\n      text\n\n\n` });
    expect(renderPage(r.model!.files[0]!)).toBe("Test types\nA:string\ntext\n");
  });
});

describe("no definition text makes a line the page does not have, or acts on a terminal", () => {
  test("values, names, patterns, formats and descriptions with line breaks and control characters", () => {
    const text = [
      "description: file",
      "types:",
      "  Mode:",
      '    description: "first\\u2028Fake:object\\u001b[2J"',
      "    type: string",
      "    enum:",
      '      - "on\\nFake:object\\nproperties:\\nadmin:string <required>\\u001b[2J\\u001b[31m"',
      '      - "plain"',
      "  Holder:",
      "    description: holder",
      "    type: object",
      "    properties:",
      '      "p\\nq:string <required>":',
      "        type: string",
      '        pattern: "^a\\nb:fake$"',
      '        format: "fmt\\u0085line"',
      "",
    ].join("\n");
    const page = renderPage(modelOf([{ path: "defs/t.yaml", content: text }]).files[0]!);
    expect(page).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    const lines = page.split("\n");
    // No value, name, pattern or format starts a line of its own. (A description is lines of text by the format:
    // its second line below is one, with its escape shown.)
    expect(lines.filter((l) => /^(Fake|admin|q:|b:fake|line)/.test(l) && l !== "Fake:object\\u001b[2J")).toEqual([]);
    expect(lines).toContain('- "on\\nFake:object\\nproperties:\\nadmin:string <required>\\u001b[2J\\u001b[31m"');
    expect(lines).toContain("- plain");
    expect(lines).toContain('"p\\nq:string <required>":string <optional>');
    expect(lines).toContain('pattern:"^a\\nb:fake$"');
    expect(lines).toContain('format:"fmt\\u0085line"');
    // A description's line separator is a line break of the page; its escape is shown.
    expect(lines).toContain("first");
    expect(lines).toContain("Fake:object\\u001b[2J");
  });
});
