/**
 * The package root: `index.js` (CommonJS) exports each file module under its
 * module name, `ValidationError`, and `validate(ref, value)` over every type;
 * `index.mjs` re-exports the same objects as an ES module.
 */
import { codeBanner } from "../../banner";
import { stringLiteral } from "../../escape";
import { type Model } from "../../model/model";
import { NameScope, helperNames } from "../../names";
import type { EmittedFile } from "../emitted-file";
import { layout, specifier } from "../layout";
import { needsDepthCheck } from "../validators/depth";
import { INTERFACES_EXPORT, rootInterfaceLines } from "./interface-modules";

export function emitRootModule(model: Model): EmittedFile[] {
  const sources = [...model.files.map((f) => f.path), ...model.interfaces.map((i) => i.path)];
  const ifaces = rootInterfaceLines(model);
  const exported = [...model.files.map((f) => f.moduleName), ...(ifaces.exports.length > 0 ? [INTERFACES_EXPORT] : []), "ValidationError", "validate"];

  // No module-level locals: every file module is reached through `exports`, so no module name can clash with one.
  const cjs: string[] = [`${codeBanner(sources)}"use strict";\n`];
  for (const f of model.files) cjs.push(`exports.${f.moduleName} = require(${stringLiteral(specifier(layout.rootCjs, layout.cjs(f)))});`);
  cjs.push(...ifaces.exports);
  cjs.push(`exports.ValidationError = require(${stringLiteral(specifier(layout.rootCjs, layout.runtimeCjs))}).ValidationError;\n`);
  cjs.push(`/** validate(ref, value): ref is "file/Type" or EVerest's "/file#/Type"${ifaces.table.length > 0 ? ', or "interfaces/<interface>/cmds/<cmd>/arguments", ".../result" or "interfaces/<interface>/vars/<var>"' : ""}. */`);
  // Rows [ref, validateX], with `true` after it where the value's depth is counted first (./depth.ts); the fast guards decide first, as in isX.
  cjs.push(`exports.validate = require(${stringLiteral(specifier(layout.rootCjs, layout.runtimeCjs))}).createValidate(require(${stringLiteral(specifier(layout.rootCjs, layout.guardsCjs))}), [`);
  for (const f of model.files) {
    for (const d of f.items) {
      const deep = needsDepthCheck(d.schema) ? ", true" : "";
      cjs.push(`  [${stringLiteral(d.ref)}, exports.${f.moduleName}.${helperNames(d.tsName).validate}${deep}],`);
    }
  }
  cjs.push(ifaces.table.length > 0 ? `], () => [` : `]);`);
  if (ifaces.table.length > 0) cjs.push(...ifaces.table, `]);`);

  const local = new NameScope(exported).claim("cjs");
  const esm =
    codeBanner(sources) +
    `"use strict";\n` +
    `import ${local} from ${stringLiteral(`./${layout.rootCjs}`)};\n\n` +
    `export const {\n${exported.map((n) => `  ${n},`).join("\n")}\n} = ${local};\n`;

  return [
    { path: layout.rootCjs, content: `${cjs.join("\n")}\n` },
    { path: layout.rootEsm, content: esm },
  ];
}
