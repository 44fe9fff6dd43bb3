/** `$ref` rules: form (E030), resolution (E031/E032), staying inside the defs folder (E033), and the ref warnings (W102, W107). */
import { HEAD, diagnose, diagnoseOne, run, yaml } from "./helpers/check-run";
import { isRefCycle } from "../generator/model/model";

const A = "  A:\n    type: string\n    description: a string\n";

/** `defs/x.yaml` with type A and an object O whose property `p` has `$ref: <ref>` on line 12, value at column 15. */
function refTo(ref: string): string {
  return `${HEAD}${A}  O:\n    type: object\n    description: o\n    properties:\n      p:\n        description: p\n        $ref: ${ref}\n`;
}

describe("E030 malformed refs", () => {
  test.each([
    ["x#/A", '$ref "x#/A" is not of the form "/<file>#/<Type>"'],
    ["/x#A", '$ref "/x#A" is not of the form "/<file>#/<Type>"'],
    ["/x", '$ref "/x" is not of the form "/<file>#/<Type>"'],
    ["/x#/", '$ref "/x#/" is not of the form "/<file>#/<Type>"'],
    ["/x#/A/properties/b", '$ref "/x#/A/properties/b" is not of the form "/<file>#/<Type>"'],
    ["'#/A'", '$ref "#/A" is not of the form "/<file>#/<Type>"'],
    ["''", '$ref "" is not of the form "/<file>#/<Type>"'],
    ["/1x#/A", '$ref "/1x#/A": "1x" is not a type file name'],
    ["/x.yaml#/A", '$ref "/x.yaml#/A": "x.yaml" is not a type file name'],
    ["/x#/1A", '$ref "/x#/1A": "1A" is not a valid type name'],
    ["/x#/a b", '$ref "/x#/a b": "a b" is not a valid type name'],
  ])("%s", (ref, message) => {
    expect(diagnoseOne(refTo(ref))).toEqual([`defs/x.yaml:12:15: error E030: ${message}`]);
  });

  test("a ref that is not a string", () => {
    expect(diagnoseOne(refTo("[/x#/A]"))).toEqual(["defs/x.yaml:12:15: error E022: `$ref` must be a string, found a list"]);
    expect(diagnoseOne(refTo(""))).toEqual(["defs/x.yaml:12:9: error E022: `$ref` must be a string, found null"]);
  });
});

describe("E031/E032 refs that do not resolve", () => {
  test("a missing file names both the missing file and the referencing file", () => {
    expect(diagnoseOne(refTo("/nope#/A"))).toEqual([
      'defs/x.yaml:12:15: error E031: $ref "/nope#/A": no type file nope.yaml in the defs folder (referenced from defs/x.yaml)',
    ]);
  });

  test("a near-miss file name gets a hint", () => {
    expect(diagnose({ "defs/x.yaml": refTo("/displaymessage#/A"), "defs/display_message.yaml": `${HEAD}${A}` })).toEqual([
      'defs/x.yaml:12:15: error E031: $ref "/displaymessage#/A": no type file displaymessage.yaml in the defs folder (referenced from defs/x.yaml); did you mean "/display_message#/A"?',
    ]);
  });

  test("a missing type, in the same file and in another file", () => {
    expect(diagnose({ "defs/x.yaml": refTo("/x#/Nope"), "defs/y.yaml": `${HEAD}${A}` })).toEqual([
      'defs/x.yaml:12:15: error E032: $ref "/x#/Nope": x.yaml has no type "Nope"',
    ]);
    expect(diagnose({ "defs/x.yaml": refTo("/y#/B"), "defs/y.yaml": `${HEAD}${A}` })).toEqual([
      'defs/x.yaml:12:15: error E032: $ref "/y#/B": y.yaml has no type "B"',
    ]);
  });

  test("a near-miss type name gets a hint", () => {
    const text = `${HEAD}  Colour:\n    type: string\n    description: c\n  O:\n    type: object\n    description: o\n    properties:\n      p:\n        description: p\n        $ref: /x#/Color\n`;
    expect(diagnoseOne(text)).toEqual(['defs/x.yaml:12:15: error E032: $ref "/x#/Color": x.yaml has no type "Color" (did you mean "Colour"?)']);
  });

  test("type names are case-sensitive, with a hint", () => {
    expect(diagnoseOne(refTo("/x#/a"))).toEqual(['defs/x.yaml:12:15: error E032: $ref "/x#/a": x.yaml has no type "a" (did you mean "A"?)']);
  });

  test("refs into a file that failed to load are not reported again as missing", () => {
    expect(diagnose({ "defs/x.yaml": refTo("/y#/A"), "defs/y.yaml": "types: [\n" })).toEqual([
      "defs/y.yaml:2:1: error E001: YAML syntax error: deficient indentation",
    ]);
  });

  test("refs into a file whose `types` could not be read are not judged", () => {
    expect(diagnose({ "defs/x.yaml": refTo("/y#/A"), "defs/y.yaml": "description: Broken\ntypes: [A]\n" })).toEqual([
      "defs/y.yaml:2:8: error E014: `types` must be a mapping of type names to schemas, found a list",
    ]);
  });

  test("refs into a file with a bad description still resolve", () => {
    expect(diagnose({ "defs/x.yaml": refTo("/y#/B"), "defs/y.yaml": `description: y\ntypes:\n${A}` })).toEqual([
      'defs/x.yaml:12:15: error E032: $ref "/y#/B": y.yaml has no type "B"',
      "defs/y.yaml:1:14: error E013: file `description` must have at least 2 characters",
    ]);
  });
});

describe("E033 refs that leave the defs folder", () => {
  const outside = "points outside the defs folder";
  test.each([
    ["/../x#/A", `$ref "/../x#/A" ${outside}: path segments are not allowed`],
    ["../x#/A", `$ref "../x#/A" ${outside}: path segments are not allowed`],
    ["./x#/A", `$ref "./x#/A" ${outside}: path segments are not allowed`],
    ["/defs/x#/A", `$ref "/defs/x#/A" ${outside}: only "/<file>" is allowed before "#"`],
    ["/etc/passwd#/A", `$ref "/etc/passwd#/A" ${outside}: only "/<file>" is allowed before "#"`],
    ["'/C:\\x#/A'", `$ref "/C:\\\\x#/A" ${outside}: path segments are not allowed`],
    ["//evil.example/x#/A", `$ref "//evil.example/x#/A" ${outside}: URLs are not allowed`],
    ["http://evil.example/x.yaml#/A", `$ref "http://evil.example/x.yaml#/A" ${outside}: URLs are not allowed`],
    ["https://evil.example/x#/A", `$ref "https://evil.example/x#/A" ${outside}: URLs are not allowed`],
    ["file:///etc/passwd", `$ref "file:///etc/passwd" ${outside}: URLs are not allowed`],
    ["urn:x:y", `$ref "urn:x:y" ${outside}: URLs are not allowed`],
    ["mailto:a@b.example", `$ref "mailto:a@b.example" ${outside}: URLs are not allowed`],
    ["data:text/plain,x", `$ref "data:text/plain,x" ${outside}: URLs are not allowed`],
  ])("%s", (ref, message) => {
    expect(diagnoseOne(refTo(ref))).toEqual([`defs/x.yaml:12:15: error E033: ${message}`]);
  });
});

describe("W102 a sibling `type` that disagrees with the ref target", () => {
  test("warned at the sibling type; agreeing siblings are silent; the $ref wins in the model", () => {
    const text = yaml`
      description: Test types
      types:
        S:
          type: string
          description: s
          enum: [a, b]
        O:
          type: object
          description: o
          properties:
            wrong:
              description: disagrees
              type: object
              $ref: /x#/S
            right:
              description: agrees
              type: string
              $ref: /x#/S
      `;
    const r = run({ "defs/x.yaml": text });
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.severity} ${d.code}: ${d.message}`)).toEqual([
      'defs/x.yaml:13:15: warning W102: `type: object` beside $ref "/x#/S" disagrees with the target\'s type string; the $ref wins',
    ]);
    const o = r.model!.files[0]!.items[1]!.schema;
    const wrong = o.kind === "object" ? o.properties[0]!.schema : undefined;
    expect(wrong?.kind).toBe("ref");
    expect(wrong?.kind === "ref" && wrong.siblingType).toBe("object");
    expect(wrong?.kind === "ref" && wrong.target.name).toBe("S");
  });

  test("the target's type is followed through a chain of refs", () => {
    const text = yaml`
      description: Test types
      types:
        S:
          type: integer
          description: s
        T:
          type: integer
          description: alias of S
          $ref: /x#/S
        O:
          type: object
          description: o
          properties:
            p:
              description: p
              type: string
              $ref: /x#/T
      `;
    expect(diagnoseOne(text)).toEqual([
      'defs/x.yaml:16:15: warning W102: `type: string` beside $ref "/x#/T" disagrees with the target\'s type integer; the $ref wins',
    ]);
  });
});

describe("W107 refs that go round in a circle", () => {
  test("a type that is only a $ref to itself, directly or through others", () => {
    const text = yaml`
      description: Test types
      types:
        A:
          type: object
          description: a
          $ref: /x#/B
        B:
          type: object
          description: b
          $ref: /x#/A
        Self:
          type: object
          description: self
          $ref: /x#/Self
      `;
    expect(diagnoseOne(text)).toEqual([
      "defs/x.yaml:6:11: warning W107: $ref cycle /x#/A -> /x#/B -> /x#/A: each of these types is only a $ref, so none of them describes a value and no data is valid",
      "defs/x.yaml:14:11: warning W107: $ref cycle /x#/Self -> /x#/Self: each of these types is only a $ref, so none of them describes a value and no data is valid",
    ]);
  });

  test("recursion through properties or items is a normal recursive type", () => {
    const text = yaml`
      description: Test types
      types:
        Tree:
          type: object
          description: a tree
          properties:
            children:
              description: subtrees
              type: array
              items:
                type: object
                $ref: /x#/Tree
      `;
    const r = run({ "defs/x.yaml": text });
    expect(r.diagnostics).toEqual([]);
    const tree = r.model!.files[0]!.items[0]!;
    const children = tree.schema.kind === "object" ? tree.schema.properties[0]!.schema : undefined;
    const item = children?.kind === "array" ? children.items : undefined;
    expect(item?.kind === "ref" && item.target).toBe(tree);
  });

  test("a long chain of ref-only types across the limit of any recursion is handled", () => {
    let text = HEAD;
    const n = 14000;
    for (let i = 0; i < n; i++) text += `  T${i}:\n    type: object\n    description: t\n    $ref: /x#/T${(i + 1) % n}\n`;
    const started = Date.now();
    const out = diagnoseOne(text);
    expect(Date.now() - started).toBeLessThan(10000);
    expect(out).toEqual([
      `defs/x.yaml:6:11: warning W107: $ref cycle /x#/T0 -> /x#/T1 -> /x#/T2 -> /x#/T3 -> /x#/T4 -> /x#/T5 -> ... (13994 more) -> /x#/T0: each of these types is only a $ref, so none of them describes a value and no data is valid`,
    ]);
  });

  test("isRefCycle: true for the types of a pure $ref cycle, false for a type that only leads into one or out to a value", () => {
    let text = HEAD;
    text += "  Into:\n    type: object\n    description: into\n    $ref: /x#/A\n";
    text += "  A:\n    type: object\n    description: a\n    $ref: /x#/B\n  B:\n    type: object\n    description: b\n    $ref: /x#/A\n";
    text += "  Alias:\n    type: object\n    description: alias\n    $ref: /x#/Plain\n  Plain:\n    type: string\n    description: plain\n";
    const types = run({ "defs/x.yaml": text }).model!.files[0]!.items;
    expect(types.map((d) => [d.name, isRefCycle(d)])).toEqual([
      ["Into", false],
      ["A", true],
      ["B", true],
      ["Alias", false],
      ["Plain", false],
    ]);
  });

  test("isRefCycle over every type of a 14,000-long ref-only chain into a cycle stays linear", () => {
    let text = HEAD;
    const n = 14000;
    for (let i = 0; i < n; i++) text += `  T${i}:\n    type: object\n    description: t\n    $ref: /x#/T${i + 1 < n ? i + 1 : n - 2}\n`;
    const types = run({ "defs/x.yaml": text }).model!.files[0]!.items;
    const started = Date.now();
    const cyclic = types.filter(isRefCycle).map((d) => d.name);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(cyclic).toEqual([`T${n - 2}`, `T${n - 1}`]);
  });

  test("a long chain of types referring to the next through a property builds a model", () => {
    let text = HEAD;
    const n = 14000;
    for (let i = 0; i < n; i++) {
      text += `  T${i}:\n    type: object\n    description: t\n    properties:\n      next:\n        description: n\n        $ref: /x#/T${i + 1 < n ? i + 1 : 0}\n`;
    }
    const r = run({ "defs/x.yaml": text });
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.files[0]!.items).toHaveLength(n);
    expect(Object.isFrozen(r.model!.files[0]!.items[n - 1]!.schema)).toBe(true);
  });
});
