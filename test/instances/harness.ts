/**
 * Shared by the validator and schema tests: generates a package from a defs
 * folder into a temporary directory (as the CLI would write it) and loads it;
 * reads the instance files; builds the two independent validators the
 * differential test compares against.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { Validator, format as cfworkerFormats } from "@cfworker/json-schema";

import { generate, type Model } from "../../generator/index";
import { readDefs } from "../../generator/load/read-defs";
import { ajvOptions } from "../../generator/emit/validators/compile";
import { itemSchemaUri } from "../../generator/emit/schemas/ids";
import { UNCHECKED_FORMATS } from "../../generator/keywords";

export const ROOT = path.resolve(__dirname, "..", "..");
export const DEFS = path.join(ROOT, "defs");
export const INSTANCES = __dirname;

export interface Issue {
  readonly path: string;
  readonly message: string;
  readonly keyword: string;
}
export interface Result {
  readonly valid: boolean;
  readonly errors: readonly Issue[];
}
export type RawValidate = ((value: unknown) => boolean) & { errors?: unknown[] | null };

/** What index.js exports, as the tests use it. */
export interface Package {
  validate(ref: string, value: unknown): Result;
  ValidationError: new (typeRef: string, issues: readonly Issue[]) => Error & { typeRef: string; issues: readonly Issue[] };
  [moduleName: string]: unknown;
}
export type FileModule = Record<string, unknown>;

export interface Generated {
  readonly dir: string;
  readonly model: Model;
  readonly files: ReadonlyMap<string, string>;
  /** Loads the package's index.js (fresh module instances per test file under jest). */
  load(): Package;
  /** Loads `<file>.js`. */
  module(file: string): FileModule;
  /** The emitted JSON Schema documents, parsed. */
  schemas(): Record<string, unknown>[];
  remove(): void;
}

/** `interfaces`: a folder of interface files to generate too (none by default). */
export async function generateInto(defs: string, interfaces?: string): Promise<Generated> {
  const result = await generate(readDefs(defs), { interfaces: interfaces === undefined ? [] : readDefs(interfaces) });
  if (!result.model) {
    throw new Error(`generation failed:\n${result.diagnostics.map((d) => `${d.file}:${d.line}: ${d.code} ${d.message}`).join("\n")}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etg-validators-"));
  const files = new Map<string, string>();
  for (const f of result.files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.content);
    files.set(f.path, f.content);
  }
  const model = result.model;
  return {
    dir,
    model,
    files,
    load: () => require(path.join(dir, "index.js")) as Package,
    module: (file) => require(path.join(dir, `${file}.js`)) as FileModule,
    schemas: () => model.files.map((f) => JSON.parse(files.get(`schemas/${f.name}.json`)!) as Record<string, unknown>),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The instance file of one type. */
export interface ExpectedIssue {
  readonly path: string;
  readonly keyword: string;
  /** Checked when given. */
  readonly message?: string;
}
export interface InstanceFile {
  readonly valid: unknown[];
  readonly invalid: { readonly value: unknown; readonly errors: ExpectedIssue[] }[];
}

/** `ocpp/EVSE` -> its instances, for every instance file below `dir` (`<file>/<Type>.json`). */
export function readInstances(dir: string = INSTANCES): Map<string, InstanceFile> {
  const out = new Map<string, InstanceFile>();
  for (const file of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!file.isDirectory() || file.name.startsWith("defs-")) continue;
    for (const t of fs.readdirSync(path.join(dir, file.name)).sort()) {
      if (!t.endsWith(".json")) continue;
      const text = fs.readFileSync(path.join(dir, file.name, t), "utf8");
      out.set(`${file.name}/${t.slice(0, -5)}`, JSON.parse(text) as InstanceFile);
    }
  }
  return out;
}

/** Every instance of every type, flattened: [ref, value, expected verdict]. */
export function allInstances(instances: Map<string, InstanceFile>): [string, unknown, boolean][] {
  const out: [string, unknown, boolean][] = [];
  for (const [ref, inst] of instances) {
    for (const v of inst.valid) out.push([ref, v, true]);
    for (const i of inst.invalid) out.push([ref, i.value, false]);
  }
  return out;
}

/** `ocpp/EVSE` -> the type's URI inside the emitted documents. */
export function definitionUri(model: Model, ref: string): string {
  const decl = model.files.flatMap((f) => f.items).find((d) => d.ref === ref);
  if (!decl) throw new Error(`no type ${ref}`);
  return itemSchemaUri(decl);
}

/**
 * (b) ajv compiling the emitted documents at run time, with the options the
 * package's validators are compiled with (strict, see compile.ts) and EVerest's
 * formats (`everestFormat`).
 */
export function runtimeAjv(gen: Generated, formats: FormatTable): (ref: string, value: unknown) => boolean {
  const ajv = new Ajv(ajvOptions());
  for (const name of formatsIn(gen.schemas())) ajv.addFormat(name, everestFormat(formats, name));
  for (const doc of gen.schemas()) ajv.addSchema(doc);
  return (ref, value) => {
    const v = ajv.getSchema(definitionUri(gen.model, ref));
    if (!v) throw new Error(`ajv: no schema for ${ref}`);
    return v(value) as boolean;
  };
}

/**
 * (c) @cfworker/json-schema, draft-07, over the emitted documents. Call it
 * inside `withEverestFormats`: cfworker checks formats of its own (its
 * date-time accepts a space instead of "T"; its `uri` is RFC 3986's), where
 * EVerest has rules of its own (`everestFormat`).
 */
export function cfworker(gen: Generated): (ref: string, value: unknown) => boolean {
  const validators = new Map<string, Validator>();
  return (ref, value) => {
    let v = validators.get(ref);
    if (!v) {
      v = new Validator({ $ref: definitionUri(gen.model, ref) }, "7", false);
      for (const doc of gen.schemas()) v.addSchema(doc as never);
      validators.set(ref, v);
    }
    return v.validate(value).valid;
  };
}

/** A package's format checkers: runtime.js's `formats`. */
export type FormatTable = Readonly<Record<string, (s: string) => boolean>>;

/**
 * How EVerest's runtime judges strings of format `name`: with the package's
 * checker where it has one (the judges share the package's format rules: what
 * they judge independently is the rest of the schema), any string for the
 * formats it checks by rules the package does not reproduce, no string for a
 * format it does not know (generator/keywords.ts).
 */
export function everestFormat(formats: FormatTable, name: string): (s: string) => boolean {
  const own = Object.prototype.hasOwnProperty.call(formats, name) ? formats[name] : undefined;
  if (own !== undefined) return (s) => own(s);
  return UNCHECKED_FORMATS.has(name) ? () => true : () => false;
}

/** Runs `run` with cfworker's format table holding EVerest's formats of `names` (`everestFormat`); restores it after. */
export function withEverestFormats<T>(formats: FormatTable, names: Iterable<string>, run: () => T): T {
  const saved = { ...cfworkerFormats };
  for (const k of Object.keys(cfworkerFormats)) delete cfworkerFormats[k];
  for (const name of names) cfworkerFormats[name] = everestFormat(formats, name);
  try {
    return run();
  } finally {
    for (const k of Object.keys(cfworkerFormats)) delete cfworkerFormats[k];
    Object.assign(cfworkerFormats, saved);
  }
}

/** Every `format` named in `docs` (the emitted schema documents). */
export function formatsIn(docs: unknown[]): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "format" && typeof x === "string") found.add(x);
        walk(x);
      }
    }
  };
  docs.forEach(walk);
  return found;
}

/** The runtime.js of a generated package (date-time checker and helpers). */
export interface Runtime {
  isDateTime(s: unknown): boolean;
  ucs2length(s: string): number;
  formats: Record<string, (s: string) => boolean>;
}
export function loadRuntime(gen: Generated): Runtime {
  return require(path.join(gen.dir, "runtime.js")) as Runtime;
}

/** A small deterministic PRNG (mulberry32), so generated cases are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
