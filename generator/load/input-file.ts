/** One input file as the API takes it, and the stem that names it in refs. */
export interface InputFile {
  /** Display path such as `defs/ocpp.yaml`; its stem names the file in refs. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** `defs/ocpp.yaml` -> `ocpp`. */
export function fileStem(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return base.replace(/\.ya?ml$/, "");
}
