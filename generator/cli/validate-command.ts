/**
 * `validate <ref> [files...]`: judges JSON documents with the generated
 * package's own validators, so the CLI and applications can never disagree.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { oneLine } from "../diagnostics";
import { EXIT, UserError } from "./exit-codes";

interface GeneratedRoot {
  validate(ref: string, value: unknown): { valid: boolean; errors: readonly { path: string; message: string }[] };
}

function loadPackage(out: string): GeneratedRoot {
  const entry = path.resolve(out, "index.js");
  if (!fs.existsSync(entry)) {
    throw new UserError(`${out}: no generated package here (run \`everest-typegen generate\` first)`);
  }
  return require(entry) as GeneratedRoot;
}

function readSource(file: string): string {
  try {
    return fs.readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    throw new UserError(`${file === "-" ? "<stdin>" : file}: cannot read: ${(err as Error).message.replace(/^[A-Z]+: /, "")}`);
  }
}

export async function runValidate(ref: string, files: string[], opts: { out: string }): Promise<number> {
  const pkg = loadPackage(opts.out);
  const sources = files.length === 0 ? ["-"] : files;
  // Read and parse everything first: an unreadable file or bad JSON is a usage problem (exit 2), reported before any verdict.
  const docs = sources.map((file) => {
    const name = file === "-" ? "<stdin>" : file;
    const text = readSource(file);
    try {
      return { name, value: JSON.parse(text) as unknown };
    } catch (err) {
      throw new UserError(`${name}: invalid JSON: ${(err as Error).message}`);
    }
  });
  let allValid = true;
  for (const doc of docs) {
    let result: ReturnType<GeneratedRoot["validate"]>;
    try {
      result = pkg.validate(ref, doc.value);
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_UNKNOWN_TYPE") throw new UserError((err as Error).message);
      throw err;
    }
    // Each line through oneLine: keys and values of the data, and definition text, can hold line breaks and terminal escapes.
    if (result.valid) {
      process.stdout.write(`${oneLine(`${doc.name}: valid ${ref}`)}\n`);
      continue;
    }
    allValid = false;
    process.stdout.write(`${oneLine(`${doc.name}: invalid ${ref}`)}\n`);
    for (const e of result.errors) process.stdout.write(`  ${oneLine(`${e.path === "" ? "(root)" : e.path}: ${e.message}`)}\n`);
  }
  return allValid ? EXIT.ok : EXIT.mismatch;
}
