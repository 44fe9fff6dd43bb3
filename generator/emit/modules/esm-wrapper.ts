/** The ES module wrapper of a CommonJS module: the same exports, one implementation (no dual-package hazard). */
import { codeBanner } from "../../banner";
import { stringLiteral } from "../../escape";
import { NameScope } from "../../names";

/** `import cjs from "<cjsSpecifier>"; export const { ... } = cjs;`, `cjsSpecifier` relative to the wrapper, bannered with `sources`. */
export function esmWrapper(sources: readonly string[], cjsSpecifier: string, exported: readonly string[]): string {
  const cjs = new NameScope(exported).claim("cjs");
  return (
    codeBanner(sources) +
    `"use strict";\n` +
    `import ${cjs} from ${stringLiteral(cjsSpecifier)};\n\n` +
    `export const {\n${exported.map((n) => `  ${n},`).join("\n")}\n} = ${cjs};\n`
  );
}
