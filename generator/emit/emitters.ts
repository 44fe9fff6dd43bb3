/**
 * Every emitter, as data, each reading only the model. An emitter either
 * makes its files at once (`emit`), or, when its work is expensive, declares
 * it as jobs: plain data made from the model (`jobs`), each run on its own
 * (`runJob`) on whichever thread generate() gives it (../generate.ts).
 *
 * Each emitter's module loads on its first use, not with this list: a worker
 * thread looking up `runJob` then loads only the job emitters' code (ajv,
 * never ts-morph), and `check` confirmed by its manifest loads none.
 */
import type { Model } from "../model/model";
import type { EmittedFile } from "./emitted-file";
import type { ValidatorJob } from "./validators/compile";

export interface FileEmitter {
  readonly name: string;
  emit(model: Model): EmittedFile[];
}

export interface JobEmitter<Job> {
  readonly name: string;
  /** The work, in jobs that hold no model: they cross to a worker thread as they are. */
  jobs(model: Model): Job[];
  /** One job's files: the same whichever thread runs it. */
  runJob(job: Job): EmittedFile[];
  /** Loads what `runJob` needs ahead of the first job (a worker thread does it while the model is built). */
  warmUp(): void;
}

export type Emitter = FileEmitter | JobEmitter<ValidatorJob>;

const compile = (): typeof import("./validators/compile") => require("./validators/compile");

// One line per emitter; keep each on its own line.
export const EMITTERS: readonly Emitter[] = [
  { name: "docs-text", emit: (model) => (require("./docs/docs-text") as typeof import("./docs/docs-text")).emitDocsText(model) },
  { name: "docs-md", emit: (model) => (require("./docs/docs-md") as typeof import("./docs/docs-md")).emitDocsMarkdown(model) },
  { name: "error-docs", emit: (model) => (require("./docs/docs-errors-md") as typeof import("./docs/docs-errors-md")).emitErrorDocs(model) },
  { name: "package-files", emit: (model) => (require("./package/package-files") as typeof import("./package/package-files")).emitPackageFiles(model) },
  { name: "runtime-dts", emit: (model) => (require("./runtime/runtime-dts") as typeof import("./runtime/runtime-dts")).emitRuntimeDeclarations(model) },
  { name: "runtime-js", emit: (model) => (require("./runtime/runtime-js") as typeof import("./runtime/runtime-js")).emitRuntime(model) },
  { name: "typescript", emit: (model) => (require("./ts/emit-ts") as typeof import("./ts/emit-ts")).emitTypeScript(model) },
  { name: "json-schemas", emit: (model) => (require("./schemas/emit-schemas") as typeof import("./schemas/emit-schemas")).emitJsonSchemas(model) },
  { name: "validators", jobs: (model) => compile().validatorJobs(model), runJob: (job) => compile().compileValidatorJob(job), warmUp: () => compile().loadAjv() },
  { name: "guards", emit: (model) => (require("./validators/guards") as typeof import("./validators/guards")).emitGuards(model) },
  { name: "modules", emit: (model) => (require("./modules/file-modules") as typeof import("./modules/file-modules")).emitFileModules(model) },
  { name: "api-clients", emit: (model) => (require("./clients/api-clients") as typeof import("./clients/api-clients")).emitApiClients(model) },
  { name: "root-module", emit: (model) => (require("./modules/root-module") as typeof import("./modules/root-module")).emitRootModule(model) },
];

/** The job emitter named `name`: how a thread that was sent a job finds the code that runs it. */
export function jobEmitter(name: string): JobEmitter<ValidatorJob> {
  const found = EMITTERS.find((e) => e.name === name);
  if (found === undefined || !("jobs" in found)) throw new Error(`internal error: no job emitter named ${name}`);
  return found;
}
