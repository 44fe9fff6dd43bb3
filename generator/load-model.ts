/**
 * Definitions -> checked model, without any emitter: what generate() starts
 * with (it loads no emitter, so no ts-morph and no ajv).
 * For each kind of input in turn: load (./load/: YAML trees with positions),
 * check (./check/: diagnostics and checked records), model (./model/: the
 * builders).
 */
import { DiagnosticBag, type Diagnostic } from "./diagnostics";
import { newLoadBudget, type LoadBudget } from "./limits";
import { withinFileLimit } from "./load/file-limit";
import { fileStem, type InputFile } from "./load/input-file";
import { readYamlFile } from "./load/read-yaml-file";
import { parseYamlTree, type YNode } from "./load/yaml-tree";
import { API_FILE_NAMES, ERROR_FILE_NAMES, INTERFACE_FILE_NAMES, TYPE_FILE_NAMES, checkFileNames, type CheckedInput, type FileNaming } from "./check/file-names";
import { checkTypeFile } from "./check/type-file";
import { checkInterfaceFile } from "./check/interface-file";
import { checkErrorFile } from "./check/error-file";
import { buildModel } from "./model/build-model";
import { buildInterfaces, type ErrorContext } from "./model/build-interfaces";
import { buildErrorFiles } from "./model/build-errors";
import { buildApis } from "./model/build-api";
import { checkApiFile } from "./check/api-file";
import type * as ApiYaml from "./load/api-yaml";
import { decodeText } from "./load/decode";
import { type ParseMemo, type YamlReader } from "./load/parse-memo";
import type { StepMemo } from "./load/step-memo";
import { CHECK_KIND, type CheckStore } from "./load/check-store";
import type { Model } from "./model/model";
import { packageSettings, type PackageOptions } from "./package-settings";
import { sha256 } from "./write/manifest";

export interface ModelOptions {
  /**
   * EVerest interface files (`interfaces/<name>.yaml`): their schemas refer
   * to the type files' declarations. Display paths such as `interfaces/ocpp.yaml`.
   */
  readonly interfaces?: readonly InputFile[];
  /**
   * EVerest error files (`errors/<name>.yaml`). When given (even empty), every
   * interface's `errors:` references are resolved against them and the error
   * items are emitted; when absent, the references are only recorded.
   */
  readonly errors?: readonly InputFile[];
  /**
   * EVerest API specs (AsyncAPI 3.x, `EVerest_API/<name>_API.yaml`): each a
   * module of source `api` whose component schemas and messages are its
   * items (`api/<name>/<Message>`). Display paths such as `EVerest_API/powermeter_API.yaml`.
   */
  readonly api?: readonly InputFile[];
  /**
   * The generated package's name, version and description (`Model.package`);
   * each left out takes its default (`@everest-typegen/types`, `0.1.0`, a
   * sentence naming the type files). A value that breaks npm's rules throws
   * `PackageSettingsError` before anything is read.
   */
  readonly package?: PackageOptions;
}

/**
 * What a run may take from earlier ones: a session's (../session.ts) last
 * YAML trees, and its checks and builds; or, for a run in a new process,
 * the checked files of the last run that wrote its output folder
 * (./load/check-store.ts).
 */
export interface LoadMemo {
  readonly parsed?: ParseMemo;
  readonly steps?: StepMemo;
  readonly stored?: CheckStore;
}

/** Checks the definitions and builds the model; `model` is absent when there are errors. */
export function loadModel(files: readonly InputFile[], options: ModelOptions = {}, memo?: LoadMemo): { model?: Model; diagnostics: Diagnostic[] } {
  try {
    return loadWith(files, options, memo);
  } finally {
    memo?.parsed?.finish();
    memo?.steps?.finish();
  }
}

/** `memo` (a session's) gives the trees of files unchanged since its last run (./load/parse-memo.ts), and the checks and builds given the same trees (./load/step-memo.ts). */
function loadWith(files: readonly InputFile[], options: ModelOptions, memo: LoadMemo | undefined): { model?: Model; diagnostics: Diagnostic[] } {
  const settings = packageSettings(options.package);
  const diags = new DiagnosticBag();
  const yaml = memoized("yaml", readYamlFile, memo?.parsed);
  // A step of this run: the last run's result when given the same inputs (none without a session).
  const step = <T>(key: string, inputs: readonly unknown[], budget: LoadBudget | undefined, run: () => T): T =>
    memo?.steps === undefined ? run() : memo.steps.run(key, inputs, diags, budget, run);
  // A file's read and check: the recorded result when its bytes are the ones recorded (none without a store).
  const recorded = (kind: string, file: InputFile, budget: LoadBudget, run: () => unknown): unknown =>
    memo?.stored === undefined ? run() : memo.stored.run(kind, file, diags, budget, run);
  // In a session, by the file's bytes first: the last run's result, the very object, whether that run read and checked
  // the file or took it from the store (a watch's first run takes the output folder's record), so the builds after it
  // are taken again too.
  const stored =
    (kind: string): ReadAndCheck =>
    <T>(file: InputFile, budget: LoadBudget, run: () => T | undefined) =>
      (memo?.steps === undefined
        ? recorded(kind, file, budget, run)
        : memo.steps.run(`file\0${kind}\0${file.path}`, [sha256(file.content)], diags, budget, () => recorded(kind, file, budget, run))) as T | undefined;
  const inputs = loadChecked(files, "definition", TYPE_FILE_NAMES, diags, (root, budget, stem) => step(`check\0types\0${stem}`, [root], budget, () => checkTypeFile(root, diags, budget)), yaml, stored(CHECK_KIND.types));
  // Link whatever loaded even after errors, so one run reports every problem (bad refs too).
  const loaded = new Set(inputs.map((i) => i.stem));
  const unreadable = new Set(files.map((f) => fileStem(f.path)).filter((s) => !loaded.has(s)));
  const types = step("build\0types", buildInputs(inputs, unreadable), undefined, () => buildModel(inputs, diags, unreadable));
  const interfaceInputs = loadChecked(options.interfaces ?? [], "interface", INTERFACE_FILE_NAMES, diags, (root, budget, stem) => step(`check\0interface\0${stem}`, [root], budget, () => checkInterfaceFile(root, diags, budget)), yaml, stored(CHECK_KIND.interfaces));
  const unresolvable = new Set([...unreadable, ...inputs.filter((i) => !i.checked.complete).map((i) => i.stem)]);
  let errorContext: ErrorContext | undefined;
  if (options.errors !== undefined) {
    const errorInputs = loadChecked(options.errors, "error", ERROR_FILE_NAMES, diags, (root, _budget, stem) => step(`check\0error\0${stem}`, [root], undefined, () => checkErrorFile(root, diags)), yaml, stored(CHECK_KIND.errors));
    const read = new Set(errorInputs.map((i) => i.stem));
    errorContext = {
      files: buildErrorFiles(errorInputs),
      unreadable: new Set(options.errors.map((f) => fileStem(f.path)).filter((s) => !read.has(s))),
    };
  }
  const interfaces = buildInterfaces(interfaceInputs, types.files, diags, unresolvable, errorContext);
  if (errorContext === undefined) {
    for (const i of interfaces) {
      const first = i.interface.errors[0];
      if (first !== undefined) diags.warning("W113", first.pos, "error references are not resolved: the run has no error files (pass --errors, or --everest); no error types are generated");
    }
  }
  const apiFiles = options.api ?? [];
  const apiInputs = loadChecked(apiFiles, "API spec", API_FILE_NAMES, diags, (root, budget, stem) => step(`check\0api\0${stem}`, [root], budget, () => checkApiFile(root, stem, diags, budget)), memoized("api", readApiYaml, memo?.parsed), stored(CHECK_KIND.api));
  const apiRead = new Set(apiInputs.map((i) => i.stem));
  const apiUnreadable = new Set(apiFiles.map((f) => fileStem(f.path)).filter((s) => !apiRead.has(s)));
  const apis = step("build\0api", buildInputs(apiInputs, apiUnreadable), undefined, () => Object.freeze(buildApis(apiInputs, diags, apiUnreadable)));
  if (diags.hasErrors) return { diagnostics: diags.all() };
  const errorFiles = Object.freeze(errorContext?.files ?? []);
  return {
    model: Object.freeze({ modules: Object.freeze([...types.files, ...interfaces, ...apis]), files: types.files, interfaces, apis, errorFiles, package: settings }),
    diagnostics: diags.all(),
  };
}

/**
 * Load and check for the files of one kind of input: their names first
 * (check), then one file after the other its YAML tree (load) and its rules
 * (check), within one budget for the kind (`noun` words its files in E008).
 */
function loadChecked<T>(
  files: readonly InputFile[],
  noun: string,
  naming: FileNaming,
  diags: DiagnosticBag,
  check: (root: YNode, budget: LoadBudget, stem: string) => T | undefined,
  read: (file: InputFile, diags: DiagnosticBag, budget: LoadBudget) => YNode | undefined = readYamlFile,
  through: ReadAndCheck = (_file, _budget, run) => run(),
): CheckedInput<T>[] {
  if (!withinFileLimit(files, noun, diags)) return [];
  const budget = newLoadBudget();
  const out: CheckedInput<T>[] = [];
  for (const { stem, file } of checkFileNames(files, naming, diags)) {
    const checked = through(file, budget, () => {
      const root = read(file, diags, budget);
      return root === undefined ? undefined : check(root, budget, stem);
    });
    if (checked !== undefined) out.push({ stem, path: file.path, checked });
  }
  return out;
}

/** How one file is read and checked (`run`): as it is, or through the check store. */
type ReadAndCheck = <T>(file: InputFile, budget: LoadBudget, run: () => T | undefined) => T | undefined;

/** What a build reads: each checked file with its name and path, and the names of files that did not load. */
function buildInputs(inputs: readonly CheckedInput<unknown>[], unreadable: ReadonlySet<string>): unknown[] {
  return [...inputs.flatMap((i) => [i.stem, i.path, i.checked]), "\0unreadable", ...[...unreadable].sort()];
}

function memoized(kind: string, read: YamlReader, memo: ParseMemo | undefined): YamlReader {
  return memo === undefined ? read : (file, diags, budget) => memo.read(kind, read, file, diags, budget);
}

/**
 * An API spec's text within the run's budget, read as type files are (js-yaml,
 * 5 to 10 times faster on EVerest's specs), and with the `yaml` package when
 * that reader refuses it or reports anything (./load/api-yaml.ts says why
 * specs need it). Where both read a spec, they make the same tree, positions
 * included (test/api-specs.test.ts); what the first attempt drew from the
 * budget is given back before the second.
 */
function readApiYaml(f: InputFile, diags: DiagnosticBag, budget: LoadBudget): YNode | undefined {
  const text = decodeText(f.path, f.content, diags, budget);
  if (text === undefined) return undefined;
  const file = { path: f.path, text };
  const before = { nodes: budget.nodes, chars: budget.chars, exhausted: budget.exhausted };
  const attempt = new DiagnosticBag();
  const root = parseYamlTree(file, attempt, budget);
  if (root !== undefined && attempt.count === 0) return root;
  Object.assign(budget, before);
  // Loaded only here: the `yaml` package costs a run tens of milliseconds to load, and most specs never need it.
  const { parseApiYaml } = require("./load/api-yaml") as typeof ApiYaml;
  return parseApiYaml(file, diags, budget);
}
