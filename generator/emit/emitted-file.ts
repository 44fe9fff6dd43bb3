/** One file of the generated package, by its path inside the output folder (POSIX separators). */
export interface EmittedFile {
  readonly path: string;
  readonly content: string;
}
