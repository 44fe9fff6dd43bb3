/** The one ref form EVerest uses, `/<file>#/<Type>`, and nothing else. */

const FILE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const TYPE_NAME = /^[a-zA-Z_][a-zA-Z0-9_.-]*$/;

export type ParsedRef = { file: string; type: string } | { code: string; error: string };

export function parseRef(text: string): ParsedRef {
  const shown = JSON.stringify(text);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) || text.startsWith("//")) {
    return { code: "E033", error: `$ref ${shown} points outside the defs folder: URLs are not allowed` };
  }
  const hash = text.indexOf("#");
  const filePart = hash < 0 ? text : text.slice(0, hash);
  if (hasPathSegments(filePart)) {
    return { code: "E033", error: `$ref ${shown} points outside the defs folder: path segments are not allowed` };
  }
  // `%2e%2e`, `%2f`, `%5c`: what a resolver that decodes URIs would read as a path.
  const decoded = filePart.includes("%") ? decodePercent(filePart) : filePart;
  if (decoded !== filePart && (hasPathSegments(decoded) || decoded.split("/").length > 2)) {
    return { code: "E033", error: `$ref ${shown} points outside the defs folder: percent-encoded path segments are not allowed` };
  }
  if (filePart.split("/").length > 2) {
    return { code: "E033", error: `$ref ${shown} points outside the defs folder: only "/<file>" is allowed before "#"` };
  }
  const m = /^\/([^/#]+)#\/([^/]+)$/.exec(text);
  if (!m) {
    return { code: "E030", error: `$ref ${shown} is not of the form "/<file>#/<Type>"` };
  }
  const [, file = "", type = ""] = m;
  if (!FILE.test(file)) {
    return { code: "E030", error: `$ref ${shown}: ${JSON.stringify(file)} is not a type file name` };
  }
  if (!TYPE_NAME.test(type)) {
    return { code: "E030", error: `$ref ${shown}: ${JSON.stringify(type)} is not a valid type name` };
  }
  return { file, type };
}

function hasPathSegments(filePart: string): boolean {
  return filePart.split("/").some((seg) => seg === ".." || seg === ".") || filePart.includes("\\");
}

function decodePercent(text: string): string {
  return text.replace(/%[0-9A-Fa-f]{2}/g, (m) => String.fromCharCode(parseInt(m.slice(1), 16)));
}
