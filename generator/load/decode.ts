/** Bytes of a definition file -> text, refusing what is not UTF-8 text or too large. */
import type { DiagnosticBag } from "../diagnostics";
import { LIMITS, newLoadBudget, type LoadBudget } from "../limits";
import { LineIndex } from "./line-index";

/**
 * `budget` is shared by the files of one run (the run-wide byte bound). The
 * size is reported as "larger than" the limit: readers may stop reading a
 * file once it is over the limit (./read-defs.ts does), so `content`
 * need not be the whole file.
 */
export function decodeText(path: string, content: string | Uint8Array, diags: DiagnosticBag, budget: LoadBudget = newLoadBudget()): string | undefined {
  const at = { file: path, line: 1, col: 1 };
  if (budget.exhausted) return undefined;
  const size = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
  budget.bytes -= size;
  if (size > LIMITS.maxFileBytes) {
    diags.error("E008", at, `file is larger than ${LIMITS.maxFileBytes} bytes (${mib(LIMITS.maxFileBytes)}), the limit for a definition file`);
    if (budget.bytes < 0) budget.exhausted = true;
    return undefined;
  }
  if (budget.bytes < 0) {
    budget.exhausted = true;
    diags.error(
      "E008",
      at,
      `the definition files add up to more than ${LIMITS.maxTotalBytes} bytes (${mib(LIMITS.maxTotalBytes)}), the limit for one run; this file and the ones after it are not read`,
    );
    return undefined;
  }
  let text: string;
  if (typeof content === "string") {
    text = content;
  } else {
    if (isUtf16Bom(content)) {
      diags.error("E006", at, "not a UTF-8 text file: it starts with a UTF-16 byte order mark; save it as UTF-8");
      return undefined;
    }
    const bad = firstInvalidUtf8(content);
    if (bad >= 0) {
      // Point at the bad byte: the text before it is valid UTF-8.
      const before = new TextDecoder("utf-8").decode(content.subarray(0, bad));
      const pos = new LineIndex(path, before).pos(before.length);
      diags.error("E006", pos, `not a text file: byte 0x${content[bad]!.toString(16).padStart(2, "0")} at offset ${bad} is not valid UTF-8`);
      return undefined;
    }
    text = new TextDecoder("utf-8").decode(content);
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    diags.error("E006", new LineIndex(path, text).pos(nul), "not a text file: it contains a NUL character");
    return undefined;
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function mib(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}

function isUtf16Bom(b: Uint8Array): boolean {
  return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no UTF-16 surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    const second = b[i + 1];
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined || n < 0x80 || n > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
