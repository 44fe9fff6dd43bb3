/** Pieces of the package's JavaScript modules that type files and interfaces write alike. */
import { codeBanner } from "../../banner";
import { propertyKey, stringLiteral } from "../../escape";
import type { EnumSchema } from "../../model/model";
import { NameScope, enumMemberNames } from "../../names";

/** `exports.<Enum> = Object.freeze({ Member: "value", ... });` for a string enum. */
export function enumObject(e: EnumSchema): string {
  const members = enumMemberNames(e.values);
  const lines = e.values.map((v, i) => `  ${propertyKey(members[i]!)}: ${stringLiteral(v as string)},`);
  return `exports.${e.tsName} = Object.freeze({\n${lines.join("\n")}\n});`;
}

/** The ES module wrapper of a CommonJS module (`cjsSpecifier`, relative to the wrapper): the same exports, one implementation. */
export function esmWrapper(sourcePath: string, cjsSpecifier: string, exported: readonly string[]): string {
  const cjs = new NameScope(exported).claim("cjs");
  return (
    codeBanner([sourcePath]) +
    `"use strict";\n` +
    `import ${cjs} from ${stringLiteral(cjsSpecifier)};\n\n` +
    `export const {\n${exported.map((n) => `  ${n},`).join("\n")}\n} = ${cjs};\n`
  );
}
