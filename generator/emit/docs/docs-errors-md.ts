/**
 * docs/errors.md: every error file of the run, each error with its type
 * string, its description and the interfaces that may raise it (nothing when
 * the run has no error files).
 */
import { markdownBanner } from "../../banner";
import { markdownCode, markdownText } from "../../escape";
import { type ErrorDecl, type Model, type SchemaModule, errorType } from "../../model/model";
import { relativeDocsPath } from "./doc-anchors";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";

export const ERRORS_DOC = "docs/errors.md";

export function emitErrorDocs(model: Model): EmittedFile[] {
  if (model.errorFiles.length === 0) return [];
  const raisedBy = new Map<ErrorDecl, SchemaModule[]>();
  for (const m of model.modules) for (const e of m.interface?.raises ?? []) raisedBy.set(e, [...(raisedBy.get(e) ?? []), m]);
  const out: string[] = [
    `${markdownBanner(model.errorFiles.map((f) => f.path))}# Errors`,
    "The errors EVerest modules may raise, by error file. A raised error's `type` is `<error file>/<error name>`; " +
      "an interface may raise the errors its `errors:` references name.",
  ];
  for (const f of model.errorFiles) {
    out.push(`## ${markdownText(f.name)}`, markdownText(f.description));
    if (f.errors.length === 0) {
      out.push("This file declares no errors.");
      continue;
    }
    const rows = f.errors.map((e) => {
      const users = (raisedBy.get(e) ?? []).map((m) => `[${markdownText(m.name, "cell")}](${relativeDocsPath(ERRORS_DOC, layout.docsMd(m))})`);
      return `| ${markdownCode(errorType(e), "cell")} | ${markdownText(e.description, "cell")} | ${users.length > 0 ? users.join(", ") : "none"} |`;
    });
    out.push(["| Type | Description | Raised by |", "| --- | --- | --- |", ...rows].join("\n"));
  }
  return [{ path: ERRORS_DOC, content: `${out.join("\n\n")}\n` }];
}
