/**
 * The package's index declarations, from `model.modules` grouped by source:
 * `index.d.ts` (each module of the root folder as a namespace, each source
 * folder's index as one, the runtime's types, the ref types and
 * `validate()`), `index.d.mts` re-exporting it, and per source folder its
 * `index.d.ts` (its modules as namespaces).
 */
import { StructureKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { codeBanner } from "../../banner";
import { compareText } from "../../compare";
import { printedStringLiteral } from "../../escape";
import type { Model, ModuleSource, NamedSchema, SchemaModule } from "../../model/model";
import { PACKAGE_NAMES, everestRef } from "../../names";
import { layout, sourceDir, sourceIndexCjs, sourceIndexDts, specifier } from "../layout";
import { separated } from "./layout-statements";

const N = PACKAGE_NAMES;

/** A type listing every ref of one form that `validate()` takes. */
interface RefType {
  readonly name: string;
  readonly ref: (item: NamedSchema) => string;
  readonly doc: string;
}

/** Per source, the ref types of its items. */
const REF_TYPES: Readonly<Record<ModuleSource, readonly RefType[]>> = {
  types: [
    { name: N.typeRef, ref: (t) => t.ref, doc: 'Every type of the package as `"<file>/<Type>"`, e.g. `"ocpp/ChargingSchedule"`.' },
    {
      name: N.everestRef,
      ref: (t) => everestRef(t.module.name, t.name),
      doc: 'Every type of the package in EVerest\'s own `$ref` form, `"/<file>#/<Type>"`, e.g. `"/ocpp#/ChargingSchedule"`.',
    },
  ],
  interface: [
    {
      name: N.interfaceRef,
      ref: (i) => i.ref,
      doc: 'Every argument object, result and var of the package\'s interfaces, as `"interfaces/<interface>/cmds/<cmd>/arguments"`, `".../result"` or `"interfaces/<interface>/vars/<var>"`.',
    },
  ],
  api: [{ name: N.apiRef, ref: (m) => m.ref, doc: 'Every message payload of the package\'s EVerest APIs, as `"api/<api>/<message>"`.' }],
};

/**
 * The modules of each source, in model order. Type files always come first
 * and stay even when there are none: `validate()` takes their refs whatever
 * else the package holds.
 */
function bySource(model: Model): Map<ModuleSource, SchemaModule[]> {
  const out = new Map<ModuleSource, SchemaModule[]>([["types", []]]);
  for (const m of model.modules) {
    const list = out.get(m.source);
    if (list === undefined) out.set(m.source, [m]);
    else list.push(m);
  }
  return out;
}

export function rootDtsStructure(model: Model): SourceFileStructure {
  const sources = bySource(model);
  const runtime = specifier(layout.rootDts, layout.runtimeCjs);
  const refTypes = [...sources].flatMap(([source, modules]) => REF_TYPES[source].map((r) => ({ ...r, items: modules.flatMap((m) => m.items) })));
  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: [N.validationResult], moduleSpecifier: runtime },
    ...[...sources].flatMap(([source, modules]) => namespaceExports(source, modules)),
    {
      kind: StructureKind.ExportDeclaration,
      isTypeOnly: true,
      namedExports: [N.rawValidationError, N.validateFunction, N.validationIssue, N.validationResult],
      moduleSpecifier: runtime,
    },
    { kind: StructureKind.ExportDeclaration, namedExports: [N.validationError], moduleSpecifier: runtime },
    ...refTypes.map(
      (r): StatementStructures => ({ kind: StructureKind.TypeAlias, name: r.name, isExported: true, type: literalUnion(r.items.map(r.ref)), docs: [r.doc] }),
    ),
    {
      kind: StructureKind.Function,
      name: N.validate,
      isExported: true,
      hasDeclareKeyword: true,
      parameters: [
        { name: "ref", type: refTypes.map((r) => r.name).join(" | ") },
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
  return { kind: StructureKind.SourceFile, leadingTrivia: codeBanner(model.modules.map((m) => m.path)), statements: separated(statements) };
}

/** The root folder's modules each under its module name (`export * as ocpp`); a source folder's under its name (`export * as interfaces`). */
function namespaceExports(source: ModuleSource, modules: readonly SchemaModule[]): StatementStructures[] {
  if (modules.length === 0) return [];
  const dir = sourceDir(source);
  if (dir !== "") return [{ kind: StructureKind.ExportDeclaration, namespaceExport: dir, moduleSpecifier: specifier(layout.rootDts, sourceIndexCjs(source)) }];
  return [...modules]
    .sort((a, b) => compareText(a.name, b.name))
    .map((m) => ({ kind: StructureKind.ExportDeclaration, namespaceExport: m.moduleName, moduleSpecifier: specifier(layout.rootDts, layout.cjs(m)) }));
}

export function rootDmtsStructure(model: Model): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: codeBanner(model.modules.map((m) => m.path)),
    statements: [{ kind: StructureKind.ExportDeclaration, moduleSpecifier: specifier(layout.rootDmts, layout.rootCjs) }],
  };
}

/** Per source folder with modules (`interfaces/`), its `index.d.ts`: `export * as ocpp from "./ocpp.js";` per module. */
export function sourceIndexDtsStructures(model: Model): { path: string; structure: SourceFileStructure }[] {
  return [...bySource(model)]
    .filter(([source, modules]) => sourceDir(source) !== "" && modules.length > 0)
    .map(([source, modules]) => ({
      path: sourceIndexDts(source),
      structure: {
        kind: StructureKind.SourceFile,
        leadingTrivia: codeBanner(modules.map((m) => m.path)),
        statements: modules.map((m) => ({
          kind: StructureKind.ExportDeclaration,
          namespaceExport: m.moduleName,
          moduleSpecifier: specifier(sourceIndexDts(source), layout.cjs(m)),
        })),
      },
    }));
}

/** Sorted string literals, one per line (ts-morph indents the lines after the first), `never` when there are none. */
function literalUnion(values: readonly string[]): string {
  const sorted = [...new Set(values)].sort(compareText).map(printedStringLiteral);
  if (sorted.length === 0) return "never";
  return sorted.join("\n| ");
}
