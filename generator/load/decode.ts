/** Bytes of a definition file -> text, refusing what is not UTF-8 text or too large. */
import type { DiagnosticBag } from "../diagnostics";
import { LIMITS } from "../limits";

export function decodeText(path: string, content: string | Uint8Array, diags: DiagnosticBag): string | undefined {
  const at = { file: path, line: 1, col: 1 };
  const size = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
  if (size > LIMITS.maxFileBytes) {
    diags.error("E008", at, `file is ${size} bytes; definition files are limited to ${LIMITS.maxFileBytes} bytes`);
    return undefined;
  }
  let text: string;
  if (typeof content === "string") {
    text = content;
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(content);
    } catch {
      diags.error("E006", at, "not a text file: the content is not valid UTF-8");
      return undefined;
    }
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    diags.error("E006", at, "not a text file: it contains NUL bytes");
    return undefined;
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
