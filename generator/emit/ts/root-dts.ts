/**
 * `index.d.ts`: every defs file as a namespace, the runtime's types, the ref
 * types and `validate()`; `index.d.mts` re-exports it.
 */
import { StructureKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { codeBanner } from "../../banner";
import { stringLiteral } from "../../escape";
import { type Model, type TypeDecl } from "../../model/model";
import { PACKAGE_NAMES, everestRef } from "../../names";
import { layout, specifier } from "../layout";
import { compareText } from "../../compare";
import { separated } from "./layout-statements";
import { interfaceRefParam, rootInterfaceExport, rootInterfaceRefType } from "./interface-dts";

const N = PACKAGE_NAMES;

export function rootDtsStructure(model: Model): SourceFileStructure {
  const decls = model.files.flatMap((f) => f.items);
  const files = [...model.files].sort((a, b) => compareText(a.name, b.name));
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: [N.validationResult],
      moduleSpecifier: specifier(layout.rootDts, layout.runtimeCjs),
    },
    ...files.map(
      (f): StatementStructures => ({
        kind: StructureKind.ExportDeclaration,
        namespaceExport: f.moduleName,
        moduleSpecifier: specifier(layout.rootDts, layout.cjs(f)),
      }),
    ),
    ...rootInterfaceExport(model),
    {
      kind: StructureKind.ExportDeclaration,
      isTypeOnly: true,
      namedExports: [N.rawValidationError, N.validateFunction, N.validationIssue, N.validationResult],
      moduleSpecifier: specifier(layout.rootDts, layout.runtimeCjs),
    },
    { kind: StructureKind.ExportDeclaration, namedExports: [N.validationError], moduleSpecifier: specifier(layout.rootDts, layout.runtimeCjs) },
    {
      kind: StructureKind.TypeAlias,
      name: N.typeRef,
      isExported: true,
      type: literalUnion(decls.map((t) => t.ref)),
      docs: ['Every type of the package as `"<file>/<Type>"`, e.g. `"ocpp/ChargingSchedule"`.'],
    },
    {
      kind: StructureKind.TypeAlias,
      name: N.everestRef,
      isExported: true,
      type: literalUnion(decls.map(everestRefOf)),
      docs: ['Every type of the package in EVerest\'s own `$ref` form, `"/<file>#/<Type>"`, e.g. `"/ocpp#/ChargingSchedule"`.'],
    },
    ...rootInterfaceRefType(model),
    {
      kind: StructureKind.Function,
      name: N.validate,
      isExported: true,
      hasDeclareKeyword: true,
      parameters: [
        { name: "ref", type: `${N.typeRef} | ${N.everestRef}${interfaceRefParam(model)}` },
        { name: "value", type: "unknown" },
      ],
      returnType: N.validationResult,
      docs: [
        {
          description: [
            "Checks `value` against the type named by `ref`, and reports every problem found.",
            "Use a file module's `isX`/`assertX` to narrow a value's type instead.",
            "",
          ].join("\n"),
          tags: [
            { tagName: "param", text: 'ref - The type, as `"ocpp/ChargingSchedule"` or `"/ocpp#/ChargingSchedule"`.' },
            { tagName: "param", text: "value - Any value, typically parsed JSON." },
            { tagName: "returns", text: "`valid`, and the issues when it is false." },
          ],
        },
      ],
    },
  ];
  const sources = [...model.files.map((f) => f.path), ...model.interfaces.map((i) => i.path)];
  return { kind: StructureKind.SourceFile, leadingTrivia: codeBanner(sources), statements: separated(statements) };
}

export function rootDmtsStructure(model: Model): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: codeBanner([...model.files.map((f) => f.path), ...model.interfaces.map((i) => i.path)]),
    statements: [{ kind: StructureKind.ExportDeclaration, moduleSpecifier: `./${layout.rootCjs}` }],
  };
}

function everestRefOf(decl: TypeDecl): string {
  return everestRef(decl.module.name, decl.name);
}

/** Sorted string literals, one per line (ts-morph indents the lines after the first), `never` when there are none. */
function literalUnion(values: readonly string[]): string {
  const sorted = [...new Set(values)].sort(compareText).map(stringLiteral);
  if (sorted.length === 0) return "never";
  return sorted.join("\n| ");
}
