/**
 * Every emitter, as data, each reading only the model. An emitter either
 * makes its files at once, or, when its work is expensive, declares it as
 * jobs: plain data made from the model (`jobs`), each run on its own
 * (`runJob`) on whichever thread generate() gives it (../generate.ts).
 *
 * A file emitter makes each module's files apart (`module`) and the files
 * that belong to no module (`whole`: indexes, package files, assets). A
 * module's files may read only that module and the inputs it reaches
 * through the model's links (its refs' targets, its errors' files), and,
 * where the emitter says so (`referrers`), those of the modules with a link
 * straight into it that it names (model/dependencies.ts): generate() may take them from an earlier
 * run of a session while those inputs are unchanged (../module-memo.ts).
 * `whole` may read anything, and runs every time.
 *
 * Each emitter's module loads on its first use, not with this list: a worker
 * thread looking up `runJob` then loads only the job emitters' code (ajv,
 * never ts-morph), and `check` confirmed by its manifest loads none.
 */
import type { Model, SchemaModule } from "../model/model";
import type { ModelInput } from "../model/dependencies";
import type { EmittedFile } from "./emitted-file";
import type { ValidatorJob } from "./validators/compile";

export interface FileEmitter {
  readonly name: string;
  /** One module's files (see above for what they may read). */
  readonly module?: (m: SchemaModule, model: Model) => EmittedFile[];
  /**
   * Which of the inputs that refer straight to the module `module` also
   * reads (a docs page's "Used by" lists the items of type files and API
   * specs that refer to its items, never an interface's).
   */
  readonly referrers?: (from: ModelInput) => boolean;
  /** The files that belong to no module. */
  readonly whole?: (model: Model) => EmittedFile[];
}

export interface JobEmitter<Job> {
  readonly name: string;
  /** The work, in jobs that hold no model: they cross to a worker thread as they are. Every module's `moduleJob`, in model order. */
  jobs(model: Model): Job[];
  /**
   * One module's job. It may read what a module's files may (see above,
   * without referrers), and `context(model)`: the model-wide data every job
   * holds, so that a session reuses a module's job while both are unchanged.
   */
  moduleJob(m: SchemaModule, model: Model): Job;
  context(model: Model): string;
  /** One job's files: the same whichever thread runs it. */
  runJob(job: Job): EmittedFile[];
  /** Loads what `runJob` needs ahead of the first job (a worker thread does it while the model is built). */
  warmUp(): void;
}

export type Emitter = FileEmitter | JobEmitter<ValidatorJob>;

const compile = (): typeof import("./validators/compile") => require("./validators/compile");
const docsText = (): typeof import("./docs/docs-text") => require("./docs/docs-text");
const docsMd = (): typeof import("./docs/docs-md") => require("./docs/docs-md");
const ts = (): typeof import("./ts/emit-ts") => require("./ts/emit-ts");
const fileModules = (): typeof import("./modules/file-modules") => require("./modules/file-modules");
const clients = (): typeof import("./clients/api-clients") => require("./clients/api-clients");

// One entry per emitter.
export const EMITTERS: readonly Emitter[] = [
  { name: "docs-text", module: (m) => docsText().docsTextPage(m) },
  { name: "docs-md", module: (m, model) => [docsMd().docsMarkdownPage(m, model)], referrers: (from) => from.kind === "module" && from.interface === undefined },
  { name: "error-docs", whole: (model) => (require("./docs/docs-errors-md") as typeof import("./docs/docs-errors-md")).emitErrorDocs(model) },
  { name: "package-files", whole: (model) => (require("./package/package-files") as typeof import("./package/package-files")).emitPackageFiles(model) },
  { name: "runtime-dts", whole: (model) => (require("./runtime/runtime-dts") as typeof import("./runtime/runtime-dts")).emitRuntimeDeclarations(model) },
  { name: "runtime-js", whole: (model) => (require("./runtime/runtime-js") as typeof import("./runtime/runtime-js")).emitRuntime(model) },
  { name: "typescript", module: (m) => ts().moduleDeclarations(m), whole: (model) => ts().indexDeclarations(model) },
  { name: "json-schemas", module: (m) => [(require("./schemas/emit-schemas") as typeof import("./schemas/emit-schemas")).moduleSchema(m)] },
  {
    name: "validators",
    jobs: (model) => compile().validatorJobs(model),
    moduleJob: (m, model) => compile().moduleValidatorJob(m, model),
    context: (model) => JSON.stringify(compile().compiledFormats(model)),
    runJob: (job) => compile().compileValidatorJob(job),
    warmUp: () => compile().loadAjv(),
  },
  { name: "guards", module: (m, model) => (require("./validators/guards") as typeof import("./validators/guards")).moduleGuards(m, model) },
  { name: "modules", module: (m) => fileModules().moduleFiles(m), whole: (model) => (require("./modules/source-index") as typeof import("./modules/source-index")).sourceIndexes(model) },
  { name: "api-clients", module: (m) => clients().moduleClient(m), whole: (model) => clients().clientAssets(model) },
  { name: "root-module", whole: (model) => (require("./modules/root-module") as typeof import("./modules/root-module")).emitRootModule(model) },
];

/** Every file of a file emitter, made at once: each module's, then the whole model's. */
export function emitFiles(e: FileEmitter, model: Model): EmittedFile[] {
  return [...(e.module === undefined ? [] : model.modules.flatMap((m) => e.module!(m, model))), ...(e.whole?.(model) ?? [])];
}

/** The job emitter named `name`: how a thread that was sent a job finds the code that runs it. */
export function jobEmitter(name: string): JobEmitter<ValidatorJob> {
  const found = EMITTERS.find((e) => e.name === name);
  if (found === undefined || !("jobs" in found)) throw new Error(`internal error: no job emitter named ${name}`);
  return found;
}
