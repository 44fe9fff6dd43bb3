/**
 * printUnhung (generator/emit/ts/member-indent.ts): the hanging level ts-morph
 * gives the continuation lines of a type that opens a block is taken back
 * from marks put in the structure, without parsing the printed file; the
 * result is always the reference's (unhangInlineObjects, which parses), and
 * anything the marks cannot vouch for is left to the reference.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { StructureKind, VariableDeclarationKind, printStructure, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { loadModel } from "../generator/index";
import { printUnhung, unhangInlineObjects } from "../generator/emit/ts/member-indent";
import { moduleDmtsStructure, moduleDtsStructure } from "../generator/emit/ts/module-dts";
import { rootDmtsStructure, rootDtsStructure, sourceIndexDtsStructures } from "../generator/emit/ts/index-dts";
import { clientDmts, clientDts } from "../generator/emit/clients/api-clients";
import { EVEREST_TREE, defsInputs, everestInputs, type Inputs } from "./helpers/run-inputs";

const raw = (s: SourceFileStructure): string => printStructure(s, { indentNumberOfSpaces: 2, newLine: "\n", useSingleQuote: false });

/** printUnhung's text, and whether it came from the marks: one print, of a marked copy of the structure. */
function printed(structure: SourceFileStructure): { text: string; fromMarks: boolean } {
  const asked: SourceFileStructure[] = [];
  const text = printUnhung(structure, (s) => {
    asked.push(s);
    return raw(s);
  });
  return { text, fromMarks: asked.length === 1 && asked[0] !== structure };
}

const file = (statements: StatementStructures[]): SourceFileStructure => ({ kind: StructureKind.SourceFile, statements });

const inlineObject = (name: string, description: string): StatementStructures => ({
  kind: StructureKind.Interface,
  name,
  isExported: true,
  properties: [
    { name: "a", type: `{\n  /** ${description} */\n  b?: {\n    c: string;\n  };\n\n  d: number;\n}`, docs: ["A member"] },
    { name: "rows", hasQuestionToken: true, type: "{\n  n: number;\n}[]" },
    { name: "u", type: '"one"\n| "two"' },
  ],
  indexSignatures: [{ keyName: "key", keyType: "string", returnType: "{\n  v: 1 | 2;\n} | undefined" }],
});

test("a member's, an index signature's, a constant's and a type alias's type that opens a block come back one level, from the marks alone", () => {
  const structure = file([
    inlineObject("A", "doc"),
    { kind: StructureKind.TypeAlias, name: "T", isExported: true, type: "{\n  x: string;\n} | null" },
    { kind: StructureKind.VariableStatement, isExported: true, hasDeclareKeyword: true, declarationKind: VariableDeclarationKind.Const, declarations: [{ name: "E", type: '{\n  readonly On: "on";\n}' }] },
  ]);
  const { text, fromMarks } = printed(structure);
  expect(fromMarks).toBe(true);
  expect(text).toBe(unhangInlineObjects(raw(structure)));
  // And the reference does take the level back here, so the comparison is no trivial one.
  expect(text).not.toBe(raw(structure));
  expect(text).toContain("\n  a: {\n    /** doc */\n    b?: {\n      c: string;\n    };\n\n    d: number;\n  };\n");
  expect(text).toContain('\n  u: "one"\n    | "two";\n');
});

test("text that holds the mark character itself is made the reference way, with the same result", () => {
  const structure = file([inlineObject("A", "a private-use \uE000 character")]);
  const { text, fromMarks } = printed(structure);
  expect(fromMarks).toBe(false);
  expect(text).toBe(unhangInlineObjects(raw(structure)));
  expect(text).toContain("\uE000");
});

test("a block the marks do not cover (a member of a parameter's inline type) is left to the reference", () => {
  const structure = file([
    inlineObject("A", "doc"),
    { kind: StructureKind.Function, name: "f", isExported: true, hasDeclareKeyword: true, parameters: [{ name: "options", type: "{\n  nested: {\n    deep: string;\n  };\n}" }], returnType: "void" },
  ]);
  const { text, fromMarks } = printed(structure);
  expect(fromMarks).toBe(false);
  expect(text).toBe(unhangInlineObjects(raw(structure)));
});

test("a type with an empty line and a line of blanks only comes out as the reference prints it", () => {
  const structure = file([inlineObject("A", "doc"), { kind: StructureKind.TypeAlias, name: "T", isExported: true, type: "{\n  a: string;\n   \n\n  b: number;\n}" }]);
  const { text, fromMarks } = printed(structure);
  expect(fromMarks).toBe(true);
  expect(text).toBe(unhangInlineObjects(raw(structure)));
});

test("a file with no type to take back is printed once and left as printed", () => {
  const structure = file([{ kind: StructureKind.TypeAlias, name: "T", isExported: true, type: "string" }]);
  let prints = 0;
  const text = printUnhung(structure, (s) => {
    prints++;
    return raw(s);
  });
  expect(prints).toBe(1);
  expect(text).toBe(raw(structure));
});

/** Every declaration file of a tree, printed both ways: the same text, and none that takes a level back needs the parse. */
function compareTree(inputs: Inputs): void {
  const { model } = loadModel(inputs.types, inputs.options);
  if (model === undefined) throw new Error("the tree did not load");
  const structures: SourceFileStructure[] = [rootDtsStructure(model), rootDmtsStructure(model), ...sourceIndexDtsStructures(model).map((s) => s.structure)];
  for (const m of model.modules) {
    if (m.source === "api") structures.push(clientDts(m), clientDmts(m));
    structures.push(moduleDtsStructure(m), moduleDmtsStructure(m));
  }
  let takenBack = 0;
  for (const s of structures) {
    const reference = unhangInlineObjects(raw(s));
    const { text, fromMarks } = printed(s);
    expect(text).toBe(reference);
    if (reference !== raw(s)) {
      takenBack++;
      expect(fromMarks).toBe(true);
    }
  }
  expect(takenBack).toBeGreaterThan(0);
}

test("defs/: every declaration file as the reference prints it", () => {
  compareTree(defsInputs());
});

const hasTree = fs.existsSync(path.join(EVEREST_TREE, "types"));
if (!hasTree) console.log(`print: EVerest tree test skipped, no tree at ${EVEREST_TREE} (set EVEREST_DIR)`);
(hasTree ? test : test.skip)("EVerest's tree with its API specs: every declaration file as the reference prints it", () => {
  compareTree(everestInputs());
});
