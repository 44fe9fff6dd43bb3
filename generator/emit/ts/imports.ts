/**
 * The names one file's declarations see: its own declarations under their
 * own names, and other files' types imported with `import type`, under an
 * alias (`display_message_MessageContent`) when the name is taken locally.
 */
import { StructureKind, type ImportDeclarationStructure } from "ts-morph";
import { walkSchema, type DefsFile, type TypeDecl } from "../../model/model";
import { NameScope, PACKAGE_NAMES, helperNames, importAlias } from "../../names";
import { layout, moduleSpecifier, specifier } from "../layout";
import type { TypeExprContext } from "./type-expr";
import { compareText } from "../../compare";

/** The runtime module's name for import aliases (`runtime_ValidateFunction`). */
const RUNTIME_MODULE = "runtime";

export interface FileNames extends TypeExprContext {
  /** The local name of the runtime's `ValidateFunction`. */
  readonly validateFunction: string;
  readonly imports: ImportDeclarationStructure[];
}

export function fileNames(file: DefsFile): FileNames {
  // Every name the file declares: types, their helpers, nested enums.
  const scope = new NameScope();
  const declare = (name: string, what: string): void => {
    // The model names all of these; two of them alike would be a duplicate declaration.
    if (scope.has(name)) throw new Error(`${file.path}: ${what} would be declared as ${name}, a name already declared in the same module`);
    scope.claim(name);
  };
  for (const decl of file.items) {
    declare(decl.tsName, `type ${decl.name}`);
    const h = helperNames(decl.tsName);
    for (const n of [h.is, h.assert, h.validate]) declare(n, `the validator helper of ${decl.name}`);
  }
  for (const decl of file.items) {
    for (const s of walkSchema(decl.schema)) {
      if (s.kind === "enum" && !s.topLevel && s.isStringEnum) declare(s.tsName, `the enum at ${s.pointer}`);
    }
  }

  // Other files' types, in a stable order: by file, then by name.
  const foreign = new Set<TypeDecl>();
  for (const decl of file.items) {
    for (const s of walkSchema(decl.schema)) if (s.kind === "ref" && s.target.module !== file) foreign.add(s.target);
  }
  const sorted = [...foreign].sort((a, b) => compare(a.module.name, b.module.name) || compare(a.tsName, b.tsName));
  const local = new Map<TypeDecl, string>();
  for (const decl of sorted) {
    local.set(decl, scope.has(decl.tsName) ? scope.claim(importAlias(decl.module.moduleName, decl.tsName)) : scope.claim(decl.tsName));
  }
  const validateFunction = scope.claim(
    scope.has(PACKAGE_NAMES.validateFunction) ? importAlias(RUNTIME_MODULE, PACKAGE_NAMES.validateFunction) : PACKAGE_NAMES.validateFunction,
  );

  const byFile = new Map<DefsFile, TypeDecl[]>();
  for (const decl of sorted) byFile.set(decl.module, [...(byFile.get(decl.module) ?? []), decl]);
  const imports: ImportDeclarationStructure[] = [...byFile].map(([from, decls]) =>
    importType(
      moduleSpecifier(file, from),
      decls.map((d) => ({ name: d.tsName, alias: local.get(d) ?? d.tsName })),
    ),
  );
  imports.push(importType(specifier(layout.dts(file), layout.runtimeCjs), [{ name: PACKAGE_NAMES.validateFunction, alias: validateFunction }]));
  imports.sort((a, b) => compare(String(a.moduleSpecifier), String(b.moduleSpecifier)));

  return {
    validateFunction,
    imports,
    refName: (decl) => (decl.module === file ? decl.tsName : (local.get(decl) ?? decl.tsName)),
  };
}

function importType(moduleSpecifier: string, names: { name: string; alias: string }[]): ImportDeclarationStructure {
  const sorted = [...names].sort((a, b) => compare(a.alias, b.alias));
  return {
    kind: StructureKind.ImportDeclaration,
    isTypeOnly: true,
    moduleSpecifier,
    namedImports: sorted.map((n) => (n.alias === n.name ? { name: n.name } : { name: n.name, alias: n.alias })),
  };
}

/** Code-unit order: the same everywhere, whatever the locale. */
export const compare = compareText;
