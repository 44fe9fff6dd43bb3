/**
 * Plain scalars that EVerest's runtime reads as another value than this
 * generator does (W122), in the files the runtime itself loads: type,
 * interface and error files (never the EVerest API specs).
 *
 * The runtime reads those files with its own loader (lib/everest/framework,
 * yaml_loader.cpp, the same since 2022): rapidyaml, then each unquoted value
 * is an integer when c4's `is_integer` says so (decimal, or `0x`, `0o`, `0b`
 * with an optional sign), converted by `std::stoi`; else a number when c4's
 * `is_number` says so (which takes `inf`, `infinity` and `nan`), converted by
 * `std::stod`; else a boolean when it is exactly `true` or `false`; else a
 * string. The generator reads by the YAML 1.2 core schema, as js-yaml and
 * ev-cli's PyYAML do for these cases, and keeps that reading: the warning names
 * both, so the file can be written so that every reader agrees.
 */
import type { DiagnosticBag } from "../diagnostics";
import type { YNode, YScalar } from "../load/yaml-tree";

/** The values std::stoi can return: a C++ int, 32 bits on every platform EVerest runs on. */
const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;

const CAPITALIZED_BOOLEANS = new Set(["True", "TRUE", "False", "FALSE"]);
const DECIMAL = /^[-+]?[0-9]+$/;
const PREFIXED = /^[-+]?0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)$/;
const NOT_FINITE = /^[-+]?(?:inf|infinity|nan)$/;

/**
 * W122 for every plain value of `root` that EVerest's runtime reads otherwise.
 * A node that aliases reach more than once is visited each time (the loader
 * bounds a document's nodes with aliases followed), and warned about once: the
 * bag drops repeated diagnostics.
 */
export function checkRuntimeScalars(root: YNode, diags: DiagnosticBag): void {
  const todo: YNode[] = [root];
  for (let node = todo.pop(); node !== undefined; node = todo.pop()) {
    if (node.kind === "map") for (const e of node.entries) todo.push(e.value);
    else if (node.kind === "seq") for (const item of node.items) todo.push(item);
    else if (!node.quoted) {
      const why = runtimeReading(node);
      if (why !== undefined) diags.warning("W122", node.pos, why);
    }
  }
}

/** How EVerest's runtime reads `node` when that differs from `node.value`, in words; undefined when they agree. */
function runtimeReading(node: YScalar): string | undefined {
  const text = node.text;
  // Quoted only for a warning: most plain values are descriptions, and none of them needs it.
  const shown = (): string => JSON.stringify(text);
  if (CAPITALIZED_BOOLEANS.has(text)) {
    return `EVerest's runtime reads ${shown()} as a string (only \`true\` and \`false\` are booleans there); read here as the boolean ${String(node.value)}, as ev-cli reads it: write ${String(node.value)}, or quote it if a string is meant`;
  }
  if (DECIMAL.test(text)) {
    const n = BigInt(text);
    if (n < INT_MIN || n > INT_MAX) {
      return `EVerest's runtime cannot load this file: it converts integers with std::stoi, which fails outside -2147483648..2147483647 (${text}); quote it if a string is meant`;
    }
    return undefined;
  }
  if (PREFIXED.test(text)) {
    return `EVerest's runtime reads ${shown()} as 0 (std::stoi stops at the prefix); read here as ${typeof node.value === "number" ? String(node.value) : `the string ${shown()}`}: write the number in decimal, or quote it if a string is meant`;
  }
  if (NOT_FINITE.test(text)) {
    return `EVerest's runtime reads ${shown()} as a number that is not finite; read here as the string ${shown()}: quote it`;
  }
  return undefined;
}
