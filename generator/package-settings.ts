/**
 * The generated package's own name, version and description: defaults, and
 * the rules a chosen value must follow. Light on purpose (no loader, no
 * emitter): the CLI checks the values before it reads anything, and the
 * manifest (write/manifest.ts) records them on check's fast path.
 */
import { builtinModules } from "node:module";

/** What the caller may choose; anything left out takes its default. */
export interface PackageOptions {
  /** An npm package name, e.g. `@acme/everest-types`; default `@everest-typegen/types`. */
  readonly name?: string;
  /** A semver version, `x.y.z` with an optional prerelease and build; default `0.1.0`. */
  readonly version?: string;
  /** One line for package.json's `description`; default: a sentence naming the type files. */
  readonly description?: string;
}

/** The settings a model carries: every default applied. `description` absent means the default sentence. */
export interface PackageSettings {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
}

export const DEFAULT_PACKAGE_NAME = "@everest-typegen/types";
/**
 * A constant on purpose: EVerest's type files carry no version, and output
 * changes only when the definitions or the settings do, so it derives neither
 * from the tool's version nor from the clock. Whoever publishes chooses one
 * (`--package-version`), and `check` then reports a tree made with another.
 */
export const DEFAULT_PACKAGE_VERSION = "0.1.0";

/** npm's bound on a package name, scope included. */
export const MAX_PACKAGE_NAME_LENGTH = 214;
/** node-semver's bound on a version string. */
export const MAX_PACKAGE_VERSION_LENGTH = 256;
/** Our bound on the description: one line people read in a listing. */
export const MAX_PACKAGE_DESCRIPTION_LENGTH = 500;

/** A value that breaks one of the rules below; `PackageSettingsError` lists every one. */
export interface PackageProblem {
  readonly field: keyof PackageOptions;
  readonly value: string;
  readonly message: string;
}

/** Thrown by loadModel, generate, writeOutput and check for settings that break the rules; `problems` lists each. */
export class PackageSettingsError extends Error {
  constructor(readonly problems: readonly PackageProblem[]) {
    super(problems.map((p) => `package ${p.field} ${JSON.stringify(p.value)}: ${p.message}`).join("; "));
    this.name = "PackageSettingsError";
  }
}

/**
 * Why `name` is no name npm accepts for a new package, or undefined. npm's
 * rules (validate-npm-package-name): not empty, at most 214 characters,
 * lowercase, not starting with `.` or `_`, no spaces, only URL-safe
 * characters (here the unreserved ones but `~`, which npm refuses in new
 * names: `a-z`, `0-9`, `-`, `.`, `_`), `@scope/name` for a scoped one, and not
 * a name npm reserves (`node_modules`, `favicon.ico`, Node's core modules).
 */
export function packageNameProblem(name: string): string | undefined {
  if (name.length === 0) return "a package name cannot be empty";
  if (name.length > MAX_PACKAGE_NAME_LENGTH) return `a package name has at most ${MAX_PACKAGE_NAME_LENGTH} characters (this one has ${name.length})`;
  if (name.trim() !== name || /\s/.test(name)) return "a package name cannot contain spaces";
  if (/[A-Z]/.test(name)) return "a package name cannot contain capital letters";
  const scoped = /^@([^/]*)\/([^/]*)$/.exec(name);
  if (name.startsWith("@") && scoped === null) return "a scoped package name is @scope/name, with one slash";
  if (!name.startsWith("@") && name.includes("/")) return "a package name cannot contain a slash unless it is scoped (@scope/name)";
  const parts = scoped === null ? [{ what: "a package name", text: name }] : [{ what: "the scope", text: scoped[1]! }, { what: "the name after the scope", text: scoped[2]! }];
  for (const { what, text } of parts) {
    if (text.length === 0) return `${what} cannot be empty`;
    if (text.startsWith(".") || text.startsWith("_")) return `${what} cannot start with a period or an underscore`;
    const bad = [...text].find((c) => !/[a-z0-9._-]/.test(c));
    if (bad !== undefined) return `${what} can hold only URL-safe characters (a-z, 0-9, -, ., _), not ${JSON.stringify(bad)}`;
  }
  if (name === "node_modules" || name === "favicon.ico" || builtinModules.includes(name)) return "npm reserves this name";
  return undefined;
}

// semver.org's own expression: major.minor.patch, no leading zeros, then an optional -prerelease and +build.
const NUMBER = "(?:0|[1-9]\\d*)";
const PRE_ID = `(?:${NUMBER}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const BUILD_ID = "[0-9a-zA-Z-]+";
const SEMVER = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-${PRE_ID}(?:\\.${PRE_ID})*)?(?:\\+${BUILD_ID}(?:\\.${BUILD_ID})*)?$`);

/** Why `version` is no strict semver version (`1.2.3`, `1.0.0-rc.1`, `1.0.0+build.5`), or undefined. */
export function packageVersionProblem(version: string): string | undefined {
  if (version.length === 0) return "a version cannot be empty";
  if (version.length > MAX_PACKAGE_VERSION_LENGTH) return `a version has at most ${MAX_PACKAGE_VERSION_LENGTH} characters (this one has ${version.length})`;
  if (SEMVER.test(version)) return undefined;
  if (/^[v=]/.test(version) && SEMVER.test(version.slice(1))) return `a version is written without a leading ${JSON.stringify(version[0])}: ${version.slice(1)}`;
  return "a version is semver: major.minor.patch (numbers without leading zeros), optionally followed by -prerelease and +build (1.2.3, 1.0.0-rc.1)";
}

/** Why `description` is no one-line description, or undefined: not empty, no control character or line break, not too long. */
export function packageDescriptionProblem(description: string): string | undefined {
  if (description.trim().length === 0) return "a description cannot be empty (leave it out for the default)";
  const chars = [...description];
  if (chars.length > MAX_PACKAGE_DESCRIPTION_LENGTH) return `a description has at most ${MAX_PACKAGE_DESCRIPTION_LENGTH} characters (this one has ${chars.length})`;
  // Control characters (C0, DEL, C1), the Unicode line and paragraph separators, lone surrogates.
  const bad = chars.find((c) => /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(c) || /^[\ud800-\udfff]$/.test(c));
  if (bad !== undefined) return `a description is one line without control characters (it holds U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`;
  return undefined;
}

/** Every rule every given value breaks, in field order. */
export function packageProblems(options: PackageOptions): PackageProblem[] {
  const out: PackageProblem[] = [];
  const rules: readonly [keyof PackageOptions, (v: string) => string | undefined][] = [
    ["name", packageNameProblem],
    ["version", packageVersionProblem],
    ["description", packageDescriptionProblem],
  ];
  for (const [field, rule] of rules) {
    const value: unknown = options[field];
    if (value === undefined) continue;
    if (typeof value !== "string") {
      out.push({ field, value: String(value), message: `the package ${field} must be a string` });
      continue;
    }
    const message = rule(value);
    if (message !== undefined) out.push({ field, value, message });
  }
  return out;
}

/** The settings with every default applied, frozen; throws PackageSettingsError when a value breaks a rule. */
export function packageSettings(options: PackageOptions = {}): PackageSettings {
  const problems = packageProblems(options);
  if (problems.length > 0) throw new PackageSettingsError(problems);
  return Object.freeze({
    name: options.name ?? DEFAULT_PACKAGE_NAME,
    version: options.version ?? DEFAULT_PACKAGE_VERSION,
    ...(options.description !== undefined ? { description: options.description } : {}),
  });
}

/** The file `npm pack` makes of the package: `@scope/name` 1.2.3 -> `scope-name-1.2.3.tgz`. */
export function tarballName(settings: PackageSettings): string {
  return `${settings.name.replace(/^@/, "").replace("/", "-")}-${settings.version}.tgz`;
}
