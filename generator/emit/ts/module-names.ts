/**
 * The names one module's declarations see: its own items, their validator
 * helpers and nested enums under their own names; the named schemas of other
 * modules it reaches by `$ref`, and the runtime's ValidateFunction, imported
 * with `import type`, under an alias (`display_message_MessageContent`) when
 * the name is taken locally.
 */
import { StructureKind, type ImportDeclarationStructure } from "ts-morph";
import { compareText } from "../../compare";
import { walkSchema, type NamedSchema, type SchemaModule } from "../../model/model";
import { NameScope, PACKAGE_NAMES, helperNames, importAlias } from "../../names";
import { layout, moduleSpecifier, specifier } from "../layout";
import { nestedEnums } from "./declarations";
import type { TypeExprContext } from "./type-expr";

/** The runtime module's name for import aliases (`runtime_ValidateFunction`). */
const RUNTIME_MODULE = "runtime";

export interface ModuleNames extends TypeExprContext {
  /** The local name of the runtime's `ValidateFunction`. */
  readonly validateFunction: string;
  readonly imports: ImportDeclarationStructure[];
}

/** `reserved`: names the module declares besides its items (an interface's `Commands`), so no import takes them. */
export function moduleNames(m: SchemaModule, reserved: readonly string[]): ModuleNames {
  const scope = new NameScope(reserved);
  const declare = (name: string, what: string): void => {
    // The model names all of these; two of them alike would be a duplicate declaration.
    if (scope.has(name)) throw new Error(`${m.path}: ${what} would be declared as ${name}, a name already declared in the same module`);
    scope.claim(name);
  };
  for (const item of m.items) {
    declare(item.tsName, item.name);
    const h = helperNames(item.tsName);
    for (const n of [h.is, h.assert, h.validate]) declare(n, `the validator helper of ${item.name}`);
  }
  for (const item of m.items) for (const e of nestedEnums(item)) declare(e.tsName, `the enum at ${e.pointer}`);

  // Other modules' named schemas, in a stable order: by module, then by name.
  const foreign = new Set<NamedSchema>();
  for (const item of m.items) {
    for (const s of walkSchema(item.schema)) if (s.kind === "ref" && s.target.module !== m) foreign.add(s.target);
  }
  const sorted = [...foreign].sort((a, b) => compareText(a.module.name, b.module.name) || compareText(a.tsName, b.tsName));
  const local = new Map<NamedSchema, string>();
  for (const t of sorted) local.set(t, scope.claim(scope.has(t.tsName) ? importAlias(t.module.moduleName, t.tsName) : t.tsName));
  const validateFunction = scope.claim(
    scope.has(PACKAGE_NAMES.validateFunction) ? importAlias(RUNTIME_MODULE, PACKAGE_NAMES.validateFunction) : PACKAGE_NAMES.validateFunction,
  );

  const byModule = new Map<SchemaModule, NamedSchema[]>();
  for (const t of sorted) {
    const list = byModule.get(t.module);
    if (list === undefined) byModule.set(t.module, [t]);
    else list.push(t);
  }
  const imports = [...byModule].map(([from, named]) =>
    importType(
      moduleSpecifier(m, from),
      named.map((t) => ({ name: t.tsName, alias: local.get(t) ?? t.tsName })),
    ),
  );
  imports.push(importType(specifier(layout.dts(m), layout.runtimeCjs), [{ name: PACKAGE_NAMES.validateFunction, alias: validateFunction }]));
  imports.sort((a, b) => compareText(String(a.moduleSpecifier), String(b.moduleSpecifier)));

  return { validateFunction, imports, refName: (t) => local.get(t) ?? t.tsName };
}

function importType(moduleSpecifier: string, names: { name: string; alias: string }[]): ImportDeclarationStructure {
  const sorted = [...names].sort((a, b) => compareText(a.alias, b.alias));
  return {
    kind: StructureKind.ImportDeclaration,
    isTypeOnly: true,
    moduleSpecifier,
    namedImports: sorted.map((n) => (n.alias === n.name ? { name: n.name } : { name: n.name, alias: n.alias })),
  };
}
