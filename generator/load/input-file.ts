/** One input file as the API takes it, and the stem that names it in refs. */
export interface InputFile {
  /** Display path such as `defs/ocpp.yaml`; its stem names the file in refs. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

/**
 * `defs/ocpp.yaml` -> `ocpp`. An EVerest API spec kept in a folder of its own
 * (`specs/powermeter_API/asyncapi.yaml`, EVerest 2025.10 to 2025.12's layout) is named
 * after that folder: `powermeter_API`.
 */
export function fileStem(path: string): string {
  const parts = path.split("/");
  const base = parts[parts.length - 1]!;
  if (parts.length >= 3 && /^asyncapi\.ya?ml$/.test(base)) return parts[parts.length - 2]!;
  return base.replace(/\.ya?ml$/, "");
}
