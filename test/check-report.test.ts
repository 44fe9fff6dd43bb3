/** One run reports every problem at once, in a stable order: file, line, column. */
import { compareDiagnostics, DiagnosticBag, formatDiagnostic, type Diagnostic } from "../generator/diagnostics";
import { HEAD, diagnose, run, yaml } from "./helpers/check-run";

describe("all problems of a run are reported together", () => {
  test("a file with two different errors and a warning yields three diagnostics", () => {
    const text = yaml`
      description: Test types
      types:
        A:
          type: strin
          description: a
          minLenght: 2
        B:
          type: object
          description: b
          properties:
            c:
              description: c
              $ref: /x#/Nope
      `;
    expect(diagnose({ "defs/x.yaml": text })).toEqual([
      'defs/x.yaml:4:11: error E020: invalid type "strin" (did you mean "string"?): expected one of string, number, integer, boolean, object, array, null',
      'defs/x.yaml:6:5: warning W109: unknown keyword "minLenght" is ignored (did you mean "minLength"?)',
      'defs/x.yaml:13:15: error E032: $ref "/x#/Nope": x.yaml has no type "Nope"',
    ]);
  });

  test("errors and warnings in several files are all reported, sorted by file then position, whatever the input order", () => {
    const files = {
      "defs/b.yaml": `${HEAD}  B:\n    type: object\n    description: b\n    required: [missing]\n`,
      "defs/a.yaml": yaml`
        description: Test types
        types:
          Z:
            type: string
            description: z
            maximum: 1
          A:
            description: a
      `,
      "defs/c.yaml": "description: c\ntypes: {}\n",
      "defs/d.yaml": "[not, a, mapping]\n",
      "defs/e.yaml": "description: Test\ntypes:\n  E:\n    type: object\n    description: e\n    properties:\n      r:\n        description: r\n        $ref: /a#/Y\n",
    };
    const expected = [
      "defs/a.yaml:6:5: warning W101: `maximum` has no effect on a value of type string",
      "defs/a.yaml:7:3: error E016: type A has no `type`",
      'defs/b.yaml:6:16: warning W108: required property "missing" is not declared in `properties`: it must be present, with any value',
      "defs/c.yaml:1:14: error E013: file `description` must have at least 2 characters",
      "defs/d.yaml:1:1: error E010: a type file must be a mapping with `description` and `types`, found a list",
      'defs/e.yaml:9:15: error E032: $ref "/a#/Y": a.yaml has no type "Y"',
    ];
    expect(diagnose(files)).toEqual(expected);
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(diagnose(reversed)).toEqual(expected);
  });

  test("warnings are reported beside errors, and no model is built when there is an error", () => {
    const r = run({ "defs/x.yaml": `${HEAD}  A:\n    type: string\n    description: a\n    maximum: 3\n  B:\n    type: strin\n    description: b\n` });
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning W101", "error E020"]);
  });

  test("a clean run has no diagnostics and a model", () => {
    const r = run({ "defs/x.yaml": `${HEAD}  A:\n    type: string\n    description: a\n` });
    expect(r.diagnostics).toEqual([]);
    expect(r.model?.files.map((f) => f.name)).toEqual(["x"]);
  });
});

describe("DiagnosticBag and formatDiagnostic", () => {
  test("the printed form is file:line:col: severity CODE: message", () => {
    const d: Diagnostic = { severity: "error", code: "E020", message: "m", file: "defs/x.yaml", line: 3, col: 5 };
    expect(formatDiagnostic(d)).toBe("defs/x.yaml:3:5: error E020: m");
    expect(formatDiagnostic({ ...d, severity: "warning", code: "W101" })).toBe("defs/x.yaml:3:5: warning W101: m");
  });

  test("sorted by file, line, column, code and message, independent of the order found", () => {
    const bag = new DiagnosticBag();
    bag.warning("W103", { file: "b.yaml", line: 1, col: 1 }, "w");
    bag.error("E020", { file: "a.yaml", line: 10, col: 2 }, "x");
    bag.error("E020", { file: "a.yaml", line: 2, col: 10 }, "y");
    bag.error("E016", { file: "a.yaml", line: 2, col: 10 }, "z");
    bag.error("E016", { file: "a.yaml", line: 2, col: 3 }, "b");
    bag.error("E016", { file: "a.yaml", line: 2, col: 3 }, "a");
    expect(bag.all().map(formatDiagnostic)).toEqual([
      "a.yaml:2:3: error E016: a",
      "a.yaml:2:3: error E016: b",
      "a.yaml:2:10: error E016: z",
      "a.yaml:2:10: error E020: y",
      "a.yaml:10:2: error E020: x",
      "b.yaml:1:1: warning W103: w",
    ]);
    expect(bag.hasErrors).toBe(true);
    expect(compareDiagnostics(bag.all()[0]!, bag.all()[0]!)).toBe(0);
  });

  test("warnings alone are not errors", () => {
    const bag = new DiagnosticBag();
    bag.warning("W101", { file: "a.yaml", line: 1, col: 1 }, "w");
    expect(bag.hasErrors).toBe(false);
  });
});
