/**
 * bench/lib/scale-tree.js, the renamed copies of the 10x bench (bench/everest-scale.js):
 * on a small tree, what is renamed and what is kept byte for byte; on
 * EVerest's tree (when present), that every reference in a copy names a
 * file and a name of that copy.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";

const { scaleTree, renameText } = require("../bench/lib/scale-tree.js") as {
  scaleTree: (src: string, dst: string, copies: number) => { files: Record<string, number>; renamed: number; unmatchedRefs: number };
  renameText: (kind: string, text: string, k: number) => { text: string; renamed: number; unmatched: number };
};

const ROOT = path.resolve(__dirname, "..");
const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");
const API = path.join("docs", "source", "reference", "EVerest_API");

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "scale-tree-test-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

describe("renameText", () => {
  test("type files: type names and $refs renamed, in their quoting style; comments and block scalars kept", () => {
    const text = [
      "# a comment",
      "description: >-",
      "  Folded, mentions Foo and /a#/Foo",
      "types:",
      "  Foo:",
      "    description: x",
      "    type: object",
      "    properties:",
      "      bar:",
      "        $ref: /b#/Bar # trailing comment",
      "      baz:",
      "        type: array",
      "        items:",
      "          $ref: '/a#/Foo'",
      "  'Qux':",
      "    description: y",
      "    type: string",
      '    $ref: "/b#/Bar"',
      "",
    ].join("\n");
    const r = renameText("types", text, 3);
    expect(r.unmatched).toBe(0);
    expect(r.text).toBe(
      text
        .replace("  Foo:", "  FooC3:")
        .replace("$ref: /b#/Bar #", "$ref: /b_c3#/BarC3 #")
        .replace("$ref: '/a#/Foo'", "$ref: '/a_c3#/FooC3'")
        .replace("'Qux':", "'QuxC3':")
        .replace('"/b#/Bar"', '"/b_c3#/BarC3"'),
    );
  });

  test("interfaces: $refs and error references (with and without an error name); errors: names", () => {
    const iface = "description: i\ncmds:\n  go:\n    description: g\n    result:\n      description: r\n      $ref: /a#/Foo\nerrors:\n  - reference: /errors/e\n  - reference: /errors/e#/Boom\n";
    expect(renameText("interfaces", iface, 2).text).toBe(iface.replace("/a#/Foo", "/a_c2#/FooC2").replace("/errors/e\n", "/errors/e_c2\n").replace("/errors/e#/Boom", "/errors/e_c2#/BoomC2"));
    const errors = "description: e\nerrors:\n  - name: Boom\n    description: b\n  - name: Bang\n    description: Boom\n";
    expect(renameText("errors", errors, 2).text).toBe(errors.replace("name: Boom", "name: BoomC2").replace("name: Bang", "name: BangC2"));
  });

  test("API specs: schemas and schema refs (also JSON pointers inside a schema and into other specs); channels and messages kept", () => {
    const spec = [
      "asyncapi: 3.0.0",
      "channels:",
      "  c:",
      "    messages:",
      "      m:",
      "        $ref: '#/components/messages/m'",
      "components:",
      "  messages:",
      "    m:",
      "      payload:",
      "        $ref: '#/components/schemas/S'",
      "  schemas:",
      "    S:",
      "      type: object",
      "      properties:",
      "        a: { $ref: '#/components/schemas/T/types/U' }",
      "        b:",
      "          $ref: 'other_API.yaml#/components/schemas/V'",
      "        c:",
      "          $ref: 'telemetry.yaml#/components/schemas/W'",
      "    T:",
      "      type: string",
      "",
    ].join("\n");
    const r = renameText("api", spec, 4);
    expect(r.unmatched).toBe(0);
    expect(r.text).toBe(
      spec
        .replace("schemas/S'", "schemas/SC4'")
        .replace("schemas/T/types/U", "schemas/TC4/types/U")
        .replace("other_API.yaml#/components/schemas/V", "other_c4_API.yaml#/components/schemas/VC4")
        .replace("telemetry.yaml#/components/schemas/W", "telemetry_c4.yaml#/components/schemas/WC4")
        .replace("    S:", "    SC4:")
        .replace("    T:", "    TC4:"),
    );
  });

  test("a reference of no known shape is left alone and counted", () => {
    const r = renameText("types", "description: d\ntypes:\n  A:\n    description: a\n    $ref: https://example.com/x\n", 1);
    expect(r.unmatched).toBe(1);
    expect(r.text).toContain("$ref: https://example.com/x");
  });
});

describe("scaleTree", () => {
  test("N copies of each folder's YAML files, renamed; nothing else", () => {
    const src = path.join(tmp, "small");
    write(src, "types/a.yaml", "description: a\ntypes:\n  Foo:\n    description: f\n    type: string\n");
    write(src, "types/README.md", "not read\n");
    write(src, "interfaces/i.yaml", "description: i\nerrors:\n  - reference: /errors/e\n");
    write(src, "errors/e.yaml", "description: e\nerrors:\n  - name: Boom\n    description: b\n");
    write(src, path.join(API, "x_API.yaml"), "asyncapi: 3.0.0\n");
    const dst = path.join(tmp, "small-3x");
    const s = scaleTree(src, dst, 3);
    expect(s.files).toEqual({ types: 3, interfaces: 3, errors: 3, api: 3 });
    const ls = (d: string) => fs.readdirSync(path.join(dst, d)).sort();
    expect(ls("types")).toEqual(["a_c1.yaml", "a_c2.yaml", "a_c3.yaml"]);
    expect(ls("interfaces")).toEqual(["i_c1.yaml", "i_c2.yaml", "i_c3.yaml"]);
    expect(ls("errors")).toEqual(["e_c1.yaml", "e_c2.yaml", "e_c3.yaml"]);
    expect(ls(API)).toEqual(["x_c1_API.yaml", "x_c2_API.yaml", "x_c3_API.yaml"]);
    expect(fs.readFileSync(path.join(dst, "errors", "e_c2.yaml"), "utf8")).toContain("name: BoomC2");
  });

  const maybe = fs.existsSync(path.join(TREE, "types")) ? test : test.skip;
  maybe("EVerest's tree, one copy: every reference in it names a file and a name of the copy", () => {
    // One copy keeps the test fast; how copy k is named is the same for every k (tested above).
    const dst = path.join(tmp, "everest-1x");
    const s = scaleTree(TREE, dst, 1);
    expect(s.unmatchedRefs).toBe(0);
    const read = (dir: string) =>
      new Map(
        fs
          .readdirSync(path.join(dst, dir))
          .filter((n) => n.endsWith(".yaml"))
          .map((n) => [n, YAML.parse(fs.readFileSync(path.join(dst, dir, n), "utf8"))]),
      );
    const types = read("types");
    const errors = read("errors");
    const apis = read(API);
    const refs: { file: string; ref: string; key: string }[] = [];
    const walk = (file: string, v: unknown, key = ""): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(file, x, key));
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) (k === "$ref" || k === "reference") && typeof x === "string" ? refs.push({ file, ref: x, key: k }) : walk(file, x, k);
    };
    for (const dir of ["types", "interfaces", API]) for (const [n, doc] of read(dir)) walk(n, doc);
    expect(refs.length).toBeGreaterThan(1000);
    for (const { file, ref } of refs) {
      const k = /_c(\d+)(_API)?\.yaml$/.exec(file)![1];
      let m: RegExpExecArray | null;
      if ((m = /^\/errors\/([^#]+)(?:#\/(.+))?$/.exec(ref))) {
        expect(m[1]).toMatch(new RegExp(`_c${k}$`));
        const e = errors.get(`${m[1]}.yaml`);
        expect(e).toBeDefined();
        if (m[2] !== undefined) expect(e.errors.map((x: { name: string }) => x.name)).toContain(m[2]);
      } else if ((m = /^\/([^#]+)#\/(.+)$/.exec(ref))) {
        expect(m[1]).toMatch(new RegExp(`_c${k}$`));
        expect(Object.keys(types.get(`${m[1]}.yaml`)?.types ?? {})).toContain(m[2]);
      } else if ((m = /^([^#]*)#\/components\/schemas\/([^/]+)/.exec(ref))) {
        const specFile = m[1] ?? "";
        const spec = apis.get(specFile === "" ? file : specFile);
        if (specFile !== "") expect(specFile).toMatch(new RegExp(`_c${k}(_API)?\\.yaml$`));
        expect(Object.keys(spec?.components?.schemas ?? {})).toContain(decodeURIComponent(m[2]!).replace(/~1/g, "/").replace(/~0/g, "~"));
        expect(m[2]).toMatch(new RegExp(`C${k}$`));
      }
    }
  });
});
