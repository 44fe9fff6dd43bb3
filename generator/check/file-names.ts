/**
 * The rules for the name of an input file, checked before the file is read:
 * its stem names it in refs and becomes the name of its module, so it must
 * be a usable name, not one the generated package takes itself
 * (../package-modules.ts), and unique among the files of its kind. Each file
 * that breaks a rule gets one error and is not read.
 */
import type { DiagnosticBag } from "../diagnostics";
import { fileStem, type InputFile } from "../load/input-file";
import { reservedModuleNames } from "../package-modules";

const STEM = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** One kind of file's code for name errors, and how it words them. */
export interface FileNaming {
  readonly code: string;
  readonly badName: (stem: string) => string;
  /** The names (lower case) its files may not take, for the kinds of files that become modules. */
  readonly reserved?: { readonly names: ReadonlySet<string>; readonly message: (stem: string) => string };
  readonly clash: (stem: string, other: string, path: string) => string;
}

export const TYPE_FILE_NAMES: FileNaming = {
  code: "E009",
  badName: (stem) => `file name ${JSON.stringify(stem)} cannot be used in refs: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`,
  reserved: {
    names: reservedModuleNames("types"),
    message: (stem) => `file name ${JSON.stringify(stem)} is reserved for the generated package's own ${stem.toLowerCase()} module; rename the file`,
  },
  clash: (stem, other, path) => `two type files would produce the same module name ${stem}: ${other} and ${path}`,
};

export const INTERFACE_FILE_NAMES: FileNaming = {
  code: "E040",
  badName: (stem) => `interface file name ${JSON.stringify(stem)} cannot be used: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`,
  reserved: {
    names: reservedModuleNames("interface"),
    message: (stem) => `interface file name ${JSON.stringify(stem)} is reserved for the generated package's own interfaces/index module; rename the file`,
  },
  clash: (stem, other, path) => `two interface files would produce the same module name ${stem}: ${other} and ${path}`,
};

/** Error files make no module of their own: no name is reserved for them. */
export const ERROR_FILE_NAMES: FileNaming = {
  code: "E050",
  badName: (stem) => `error file name ${JSON.stringify(stem)} cannot be used: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`,
  clash: (stem, other, path) => `two error files would have the same name ${stem}: ${other} and ${path}`,
};

/** API specs: the stem names the spec in cross-spec `$ref`s; its module name (the stem without `_API`) is checked by the builder (E060). */
export const API_FILE_NAMES: FileNaming = {
  code: "E060",
  badName: (stem) => `API spec file name ${JSON.stringify(stem)} cannot be used: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`,
  clash: (stem, other, path) => `two API specs would have the same name ${stem}: ${other} and ${path}`,
};

/** A file whose name passed, with the stem that names it. */
export interface NamedFile {
  readonly stem: string;
  readonly file: InputFile;
}

/** What the checks made of one input file, with the stem that names it and its display path. */
export interface CheckedInput<T> {
  readonly stem: string;
  readonly path: string;
  readonly checked: T;
}

/** The files whose names pass, in their order. */
export function checkFileNames(files: readonly InputFile[], naming: FileNaming, diags: DiagnosticBag): NamedFile[] {
  const out: NamedFile[] = [];
  // Compared case-insensitively: on macOS and Windows `Foo.js` and `foo.js` are one file.
  const stems = new Map<string, string>();
  for (const file of files) {
    const at = { file: file.path, line: 1, col: 1 };
    const stem = fileStem(file.path);
    const other = stems.get(stem.toLowerCase());
    if (!STEM.test(stem)) diags.error(naming.code, at, naming.badName(stem));
    else if (naming.reserved?.names.has(stem.toLowerCase())) diags.error(naming.code, at, naming.reserved.message(stem));
    else if (other !== undefined) diags.error(naming.code, at, naming.clash(stem, other, file.path));
    else {
      stems.set(stem.toLowerCase(), file.path);
      out.push({ stem, file });
    }
  }
  return out;
}
