/**
 * Reuse of a module's emitted files between runs of one session
 * (./session.ts): a per-module emitter's files for a module are taken from
 * the last run when the module's fingerprint is unchanged.
 *
 * The fingerprint is a hash of the bytes of every input the module's files
 * may depend on (model/dependencies.ts: the module and what it reaches by
 * links; for an emitter that reads some of them, those of the inputs that
 * link straight into it) and of what every module depends on: the package
 * settings, whether error files were given, and the table of
 * all inputs (names, paths and module names: adding a module can rename
 * another's TypeScript module name). Within one process the generator's
 * code cannot change, so it is not in the key.
 */
import type { EmittedFile } from "./emit/emitted-file";
import type { InputFile } from "./load/input-file";
import { type ModelInput, moduleDependencies } from "./model/dependencies";
import type { Model, SchemaModule } from "./model/model";
import type { GenerateSession, SessionEntry } from "./session";
import { sha256 } from "./write/manifest";
import type { ModuleStore } from "./module-store";
import type { KnownJob } from "./worker-thread";

export interface ModuleMemo {
  /** `emitter`'s files for `m` (made reading those of `m`'s referrers that `referrers` picks too): the last run's when its fingerprint is unchanged, else `make()`'s (then kept). */
  files(emitter: string, m: SchemaModule, referrers: ((from: ModelInput) => boolean) | undefined, make: () => EmittedFile[]): readonly EmittedFile[];
  /** `emitter`'s files that belong to no module, which may read anything: the last run's when no input, setting or file name changed at all. */
  whole(emitter: string, make: () => EmittedFile[]): readonly EmittedFile[];
  /** A job emitter's job for `m`, which also holds the model-wide `context`: the last run's while both are unchanged. */
  job<Job>(emitter: string, m: SchemaModule, context: string, make: () => Job): Job;
  /**
   * Without a session, from the output folder's module store: the cache key
   * and paths of the job an earlier run had for `m` with the same `context`,
   * while its fingerprint is unchanged (the job need not be made to be
   * looked up); undefined otherwise.
   */
  knownJob(emitter: string, m: SchemaModule, context: string): KnownJob | undefined;
  /** Records the cache key and paths of this run's job for `m` (for knownJob in a later run). */
  keepJob(emitter: string, m: SchemaModule, context: string, job: KnownJob): void;
  /** Ends the run: the session keeps exactly this run's entries, and the store records them. */
  finish(): void;
  /** What the run took from where, so far (undefined without a session or a store). */
  counts(): ModuleCounts | undefined;
}

/** Per emitter and module: file sets (and jobs) reused from a session, file sets taken from the output folder's store, and made. */
export interface ModuleCounts {
  readonly reused: number;
  readonly stored: number;
  readonly made: number;
}

/** The inputs of a run by kind, as generate() was given them. */
export interface RunInputs {
  readonly types: readonly InputFile[];
  readonly interfaces?: readonly InputFile[];
  readonly errors?: readonly InputFile[];
  readonly api?: readonly InputFile[];
}

const NO_MEMO: ModuleMemo = {
  files: (_e, _m, _r, make) => make(),
  whole: (_e, make) => make(),
  job: (_e, _m, _c, make) => make(),
  knownJob: () => undefined,
  keepJob: () => undefined,
  finish: () => undefined,
  counts: () => undefined,
};

/**
 * The memo of a run: a session's (in this process's memory), a module store's
 * (./module-store.ts: on disk, for a run in a new process), both, or none.
 * The fingerprints are the same for both; the store also names the
 * generator's hash, which a process's code cannot change but a new process's can.
 */
export function moduleMemo(session: GenerateSession | undefined, model: Model, inputs: RunInputs, store?: ModuleStore): ModuleMemo {
  if (session === undefined && store === undefined) return NO_MEMO;
  const fingerprints = moduleFingerprints(model, inputs);
  const next = new Map<string, SessionEntry>();
  const stats = { reused: 0, made: 0, stored: 0 };
  const value = <T>(key: string, fingerprint: string, make: () => T): T => {
    const last = session?.entries.get(key);
    if (last !== undefined && fingerprint !== "" && last.fingerprint === fingerprint) {
      next.set(key, last);
      stats.reused++;
      return last.value as T;
    }
    const made = make();
    next.set(key, { fingerprint, value: made });
    return made;
  };
  /** A job's: of what the module reaches and of the model-wide part every job holds. */
  const jobFingerprint = (m: SchemaModule, context: string): string => {
    const reach = fingerprints.modules.get(m)?.reach ?? "";
    return reach === "" ? "" : sha256(`${reach}\0${context}`);
  };
  const filesOf = (key: string, fingerprint: string, make: () => EmittedFile[]): readonly EmittedFile[] => {
    const files = value(key, fingerprint, () => {
      const taken = fingerprint === "" ? undefined : store?.take(key, fingerprint);
      if (taken !== undefined) stats.stored++;
      else stats.made++;
      return Object.freeze(taken ?? make());
    });
    if (fingerprint !== "") store?.keep(key, fingerprint, files);
    return files;
  };
  return {
    files(emitter, m, referrers, make) {
      const known = fingerprints.modules.get(m);
      const fingerprint = known === undefined ? "" : referrers === undefined ? known.reach : known.with([...known.referrers].filter(referrers));
      return filesOf(`${emitter}\0${inputKey(m)}`, fingerprint, make);
    },
    whole(emitter, make) {
      return filesOf(`${emitter}\0whole`, fingerprints.everything, make);
    },
    job(emitter, m, context, make) {
      if (session === undefined) return make();
      return value(jobKeyOf(emitter, m), jobFingerprint(m, context), () => {
        stats.made++;
        return make();
      });
    },
    knownJob(emitter, m, context) {
      const fingerprint = session === undefined ? jobFingerprint(m, context) : "";
      return fingerprint === "" ? undefined : store?.job(jobKeyOf(emitter, m), fingerprint);
    },
    keepJob(emitter, m, context, job) {
      const fingerprint = session === undefined ? jobFingerprint(m, context) : "";
      if (fingerprint !== "") store?.keepJob(jobKeyOf(emitter, m), fingerprint, job);
    },
    finish() {
      if (session !== undefined) {
        session.entries = next;
        session.last = stats;
      }
      store?.save();
    },
    counts: () => ({ ...stats }),
  };
}

/** The key of a job emitter's job for one module, in a session and in the store. */
function jobKeyOf(emitter: string, m: SchemaModule): string {
  return `${emitter}\0job\0${inputKey(m)}`;
}

/** `types\0defs/ocpp.yaml`: an input's kind and path (two kinds may share a path). */
function inputKey(input: ModelInput): string {
  return `${input.kind === "errorFile" ? "error" : input.source}\0${input.path}`;
}

interface Fingerprints {
  /** Of the inputs the module reaches. */
  readonly reach: string;
  /** The inputs with a link straight into the module. */
  readonly referrers: ReadonlySet<ModelInput>;
  /** Of those it reaches and `more`. */
  with(more: readonly ModelInput[]): string;
}

function moduleFingerprints(model: Model, inputs: RunInputs): { readonly modules: Map<SchemaModule, Fingerprints>; readonly everything: string } {
  const bytes = new Map<string, string>();
  const note = (kind: string, files: readonly InputFile[] = []): void => {
    for (const f of files) bytes.set(`${kind}\0${f.path}`, sha256(f.content));
  };
  note("types", inputs.types);
  note("interface", inputs.interfaces);
  note("error", inputs.errors);
  note("api", inputs.api);
  const everyModule = sha256(JSON.stringify({
    package: model.package,
    errors: inputs.errors !== undefined,
    modules: model.modules.map((m) => [m.source, m.path, m.name, m.moduleName]),
    errorFiles: model.errorFiles.map((f) => [f.path, f.name]),
  }));
  const fingerprint = (deps: Iterable<ModelInput>): string => {
    const lines = [...deps].map((d) => (bytes.has(inputKey(d)) ? `${inputKey(d)}\0${bytes.get(inputKey(d))}` : undefined));
    // An input not among the run's files (never expected): no fingerprint, so never reused.
    return lines.includes(undefined) ? "" : sha256(`${everyModule}\n${lines.sort().join("\n")}`);
  };
  const out = new Map<SchemaModule, Fingerprints>();
  for (const [m, deps] of moduleDependencies(model)) {
    out.set(m, { reach: fingerprint(deps.reach), referrers: deps.referrers, with: (more) => fingerprint(new Set([...deps.reach, ...more])) });
  }
  // Every input of the run by kind, path and bytes (a file that failed to load is no module, but its bytes are here).
  const everything = sha256(`${everyModule}\n${[...bytes].map(([k, h]) => `${k}\0${h}`).sort().join("\n")}`);
  return { modules: out, everything };
}
