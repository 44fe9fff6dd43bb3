/**
 * The generated package's settings on the command line: `--package-name`,
 * `--package-version` and `--package-description`, else the `everest-typegen`
 * key of the package.json in the current folder (the project that runs the
 * tool, as `npm run` runs it), else the defaults. Flags win over the file,
 * one by one. Every bad value is reported at once, one line each, before
 * anything is read or written (exit 2).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageProblems, type PackageOptions } from "../package-settings";
import { UserError } from "./exit-codes";
import { LIMITS } from "../limits";
import { fill } from "../regular-file";

/** The key of package.json that holds the settings. */
export const PACKAGE_JSON_KEY = "everest-typegen";

/** The settings' keys under {@link PACKAGE_JSON_KEY}, named as the flags are (`--package-name` -> `packageName`). */
const KEYS = { packageName: "name", packageVersion: "version", packageDescription: "description" } as const;
type Key = keyof typeof KEYS;

/** What commander parses from the three flags. */
export interface PackageFlags {
  readonly packageName?: string;
  readonly packageVersion?: string;
  readonly packageDescription?: string;
}

/** The package.json whose {@link PACKAGE_JSON_KEY} key is read: the one in the current folder. */
export function packageJsonPath(): string {
  return path.resolve("package.json");
}

/**
 * The settings for a run: each flag given, else the package.json key's value,
 * else nothing (the default). Throws UserError listing every problem.
 */
export function packageOptionsOrFail(flags: PackageFlags): PackageOptions {
  const file = packageJsonPath();
  const shown = displayPath(file);
  const fromFile = readKey(file, shown);
  const out: { -readonly [K in keyof PackageOptions]?: string } = {};
  const from = new Map<keyof PackageOptions, string>();
  for (const key of Object.keys(KEYS) as Key[]) {
    const field = KEYS[key];
    const flag = flags[key];
    if (flag !== undefined) {
      out[field] = flag;
      from.set(field, `--package-${field}`);
    } else if (fromFile[key] !== undefined) {
      out[field] = fromFile[key];
      from.set(field, `${shown}: "${PACKAGE_JSON_KEY}".${key}`);
    }
  }
  const problems = packageProblems(out);
  if (problems.length > 0) throw new UserError(problems.map((p) => `${from.get(p.field)} ${JSON.stringify(p.value)}: ${p.message}`));
  return out;
}

/** The largest package.json read for the key: a project's is a few kB. */
const MAX_PACKAGE_JSON_BYTES = LIMITS.maxFileBytes;

/**
 * The text of `file`; undefined when it does not exist. Only a regular file
 * (a link to one is followed: it is the user's project) of a bounded size is
 * read: a FIFO in its place would block the read for ever, and a device or a
 * huge file never ends or fills memory.
 */
function readText(file: string, shown: string): string | undefined {
  const refuse = (why: string): never => {
    throw new UserError(`${shown}: ${why} (read for the "${PACKAGE_JSON_KEY}" key)`);
  };
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer would wait for one.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ENOENT") return undefined;
    return refuse(e.code === "EISDIR" ? "a folder, not a file" : e.message.replace(/^[A-Z]+: /, ""));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return refuse("a folder, not a file");
    if (!stat.isFile()) return refuse("not a regular file");
    if (stat.size > MAX_PACKAGE_JSON_BYTES) return refuse(`larger than ${MAX_PACKAGE_JSON_BYTES} bytes`);
    const bytes = Buffer.allocUnsafe(stat.size);
    if (!fill(fd, bytes)) return refuse("changed while it was read");
    return bytes.toString("utf8");
  } catch (err) {
    if (err instanceof UserError) throw err;
    return refuse((err as Error).message.replace(/^[A-Z]+: /, ""));
  } finally {
    fs.closeSync(fd);
  }
}

/** The key's settings in `file`; none when the file does not exist or has no such key. */
function readKey(file: string, shown: string): { readonly [K in Key]?: string } {
  const text = readText(file, shown);
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${shown}: not valid JSON (${(err as Error).message}); it is read for the "${PACKAGE_JSON_KEY}" key`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json) || !Object.prototype.hasOwnProperty.call(json, PACKAGE_JSON_KEY)) return {};
  const value: unknown = (json as Record<string, unknown>)[PACKAGE_JSON_KEY];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UserError(`${shown}: "${PACKAGE_JSON_KEY}" must be an object with ${Object.keys(KEYS).join(", ")}`);
  }
  const problems: string[] = [];
  const out: { -readonly [K in Key]?: string } = {};
  for (const [key, v] of Object.entries(value)) {
    if (!Object.prototype.hasOwnProperty.call(KEYS, key)) {
      problems.push(`${shown}: "${PACKAGE_JSON_KEY}".${key}: unknown key (known: ${Object.keys(KEYS).join(", ")})`);
    } else if (typeof v !== "string") {
      problems.push(`${shown}: "${PACKAGE_JSON_KEY}".${key}: must be a string`);
    } else {
      out[key as Key] = v;
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  return out;
}

/** Relative to the current folder (it is in it): `package.json`. */
function displayPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
