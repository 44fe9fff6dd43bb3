import { readDefs } from "../write/read-defs";
import { UserError } from "./exit-codes";

export interface GenerateOptions {
  readonly defs: string;
  readonly out: string;
}

export function readDefsOrFail(defs: string): ReturnType<typeof readDefs> {
  try {
    const files = readDefs(defs);
    if (files.length === 0) throw new UserError(`${defs}: no .yaml files found`);
    return files;
  } catch (err) {
    if (err instanceof UserError) throw err;
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === "ENOENT" ? "no such file or directory" : e.message.replace(/^[A-Z]+: /, "");
    throw new UserError(`${defs}: ${reason}`);
  }
}
