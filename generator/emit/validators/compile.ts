/**
 * internal/<validators folder>/<module>.js: each item's validate function,
 * precompiled at generation time with ajv's standalone code generation, one
 * module per input module (type file or interface); a ref into another module
 * is a call into that module's validator module.
 *
 * - The work comes in jobs (`ValidatorJob`, plain data): a fresh Ajv per
 *   module, so its code never depends on other modules' numbering, schemas added and exports compiled in an order fixed by
 *   the model (`compilePlan`), so the output depends only on the model, not on
 *   the thread that compiles a job (../../generate.ts). One producer makes the jobs
 *   of every source; what differs by source is data (SOURCE_VALIDATORS).
 * - `allErrors` so `validate()` lists every problem; `messages: false` because
 *   runtime.js words the issues itself (smaller code).
 * - ajv would `require("ajv/...")` helpers and take formats from ajv-formats;
 *   instead `code.formats` points at runtime.js and the helper requires are
 *   rewritten to runtime.js, so the package never needs ajv. Any other
 *   `require` left in the code is a generator bug and stops generation.
 * - The code refers to other files only through namespace locals (RUNTIME for
 *   runtime.js, `$m<n>` for validator modules it calls), and its exports are
 *   taken out of it, so it is the body of a JsModule (../modules/js-module.ts)
 *   printed as CommonJS and as a native ES module.
 * - Compiled from the compile view (`compileSchema` in ../schemas/json-schema.ts):
 *   one document per item with only the keywords that decide validity, so each item is exactly
 *   one exported function (a ref into a file-level document would give ajv a
 *   second copy), and no description reaches the code. A ref to a type that
 *   has no refs itself is inlined (ajv's `inlineRefs`): about 4.5x the
 *   throughput of a call per ref on a ChargingSchedules message, for about a
 *   third more code.
 * - Left out besides annotations: inert keywords (`maximum` on a string, ...),
 *   no-ops in draft-07 that ajv with allErrors would still report as a second,
 *   misleading issue for a value that already fails its type. The emitted
 *   documents keep them; tests compile those too and prove the verdicts equal.
 */
import type { default as AjvClass, Options as AjvOptions } from "ajv";
import {
  type Model,
  type ModuleSource,
  type NamedSchema,
  type RefSchema,
  type SchemaModule,
  aliasEnd,
  walkSchema,
} from "../../model/model";
import { CHECKED_FORMATS, UNCHECKED_FORMATS } from "../../keywords";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { type JsExport, printModule } from "../modules/js-module";
import { helperNames } from "../../names";
import { EXTERNAL_REF, type JsonObject, compileSchema } from "../schemas/json-schema";
import { compiledItemId } from "../schemas/ids";
import { compareText } from "../../compare";

/**
 * ajv helper requires and their runtime.js replacements (exact strings ajv
 * emits). ucs2length is the only one the model's keywords can need (`equal`
 * would need an object `const` or `enum` value, which the checker rejects).
 */
const RUNTIME_REQUIRES: readonly [string, string][] = [
  ['require("ajv/dist/runtime/ucs2length").default', "ucs2length"],
  // ajv checks an enum of 200 or more values with a loop that compares with `equal`.
  ['require("ajv/dist/runtime/equal").default', "equal"],
];

/** The name each item's validate function is exported under from its validator module: its validateX name. */
export function validatorExportName(item: NamedSchema): string {
  return helperNames(item.tsName).validate;
}

/** The compiled code's local for runtime.js's exports; ajv's own names never start with `$`. */
const RUNTIME = "$runtime";

/** The format of a name EVerest's runtime does not know: no string matches. */
const MATCHES_NOTHING = /(?!)/;

/**
 * ajv's module-level binding of a format checker, `const formats0 =
 * $runtime.formats.date;` or `...formats["date-time"];`, on a line of its own.
 * Matched only at the start of a line: text from the definitions reaches the
 * code only inside string literals, which never span lines.
 */
const FORMAT_BINDING = /^(const formats\d+ = )\$runtime\.formats(?:\.([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*")\]);$/gm;

/** Each model's compiled formats, found once for all its jobs. */
const formatsOf = new WeakMap<Model, readonly string[]>();

/** Formats the compiled schemas use, in every module (inert keywords excluded: they are not compiled). */
export function compiledFormats(model: Model): readonly string[] {
  const known = formatsOf.get(model);
  if (known !== undefined) return known;
  const found = new Set<string>();
  for (const m of model.modules) {
    for (const item of m.items) {
      for (const s of walkSchema(item.schema)) {
        // walkSchema visits the members of type lists too
        if (s.kind === "string" && s.format !== undefined) found.add(s.format);
      }
    }
  }
  const formats = [...found].sort();
  formatsOf.set(model, formats);
  return formats;
}

/** The Ajv options the package's validators are compiled with (tests compile the schemas the same way). */
export function ajvOptions(): AjvOptions {
  return {
    allErrors: true,
    messages: false,
    // strict, except for what is valid draft-07 that strict mode frowns on:
    // keywords beside a `type` they cannot apply to (inert keywords, such as
    // `maximum` on a string or `required` on a string) and type lists.
    strict: true,
    strictTypes: false,
    strictRequired: false,
    validateFormats: true,
    addUsedSchema: false,
    inlineRefs: true,
    // Data is JSON: inherited members such as `constructor` or `toString` are never properties.
    ownProperties: true,
  };
}

/**
 * Exports per call of ajv's standalone code generation. It rebuilds its list
 * of code pieces for every export it adds, so one call for thousands of
 * exports takes time quadratic in their number and, at about 7,000, overflows
 * the stack. A module with more exports is written as blocks (`{ ... }`, each
 * holding its own declarations) of this many; refs between blocks are calls
 * through the module's exports (compilePlan), so no block needs another's
 * functions.
 */
const EXPORTS_PER_BLOCK = 500;

/** `list` in slices of EXPORTS_PER_BLOCK: the blocks of one module. */
function exportBlocks<T>(list: readonly T[]): (readonly T[])[] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += EXPORTS_PER_BLOCK) out.push(list.slice(i, i + EXPORTS_PER_BLOCK));
  return out.length === 0 ? [[]] : out;
}

/** Loads ajv's modules now rather than at the first compile (the worker thread does this while the model is built). */
export function loadAjv(): void {
  require("ajv");
  require("ajv/dist/standalone");
  require("ajv/dist/vocabularies/code");
  require("ajv/dist/compile/names");
}

/**
 * Compiles validator modules from one set of documents with one Ajv (one per
 * job, see `ValidatorJob`): each module gets only its own functions (refs into
 * other modules become calls, see addExternalRefKeyword), in the export order
 * it is given.
 */
interface ValidatorCompiler {
  /** ajv standalone code exporting `exports` (export name -> compiled schema id), compiled in that order. */
  module(exports: readonly (readonly [string, string])[]): CompiledCode;
}

/** Compiled code as a module body: the code, the validator modules it calls (by local), and its exports. */
interface CompiledCode {
  readonly body: string;
  readonly calls: ReadonlySet<string>;
  readonly exports: readonly JsExport[];
}

/**
 * The body ajv compiles (with `new Function`) in place of each validator's
 * code. ajv makes a live function of every schema it compiles, though only
 * its source (`code.source`) goes into the standalone code; having V8 parse
 * that code was a tenth of ajv's time on EVerest's tree. These functions are
 * never called (this Ajv validates nothing), and the standalone code is the
 * same: it is made from the source, which `code.process` does not touch.
 */
const NOT_RUN = "return function notRunAtGenerationTime() { throw new Error(\"internal error: a validator ran at generation time\"); }";

/** ajv's export statement for one function of standalone code (CommonJS, an identifier name), on a line of its own. */
const AJV_EXPORT = /^exports\.([A-Za-z_$][\w$]*) = (validate\d+);\n/gm;

/**
 * @param callTarget the validator module (its namespace local) and export
 *   name an external ref, given by the target's ref, is called through.
 */
function createValidatorCompiler(
  documents: readonly object[],
  formats: readonly string[],
  callTarget: (ref: string) => readonly [local: string, exportName: string],
): ValidatorCompiler {
  // Loaded here, not at import: commands that do not generate never pay for ajv.
  const { default: Ajv, _, Name } = require("ajv") as typeof import("ajv");
  const { default: standaloneCode } = require("ajv/dist/standalone") as typeof import("ajv/dist/standalone");

  const ajv: AjvClass = new Ajv({
    ...ajvOptions(),
    // The documents come from ../schemas/json-schema.ts, whose output tests check against
    // the draft-07 meta-schema; compiling the meta-schema here would double
    // the compile time for nothing.
    validateSchema: false,
    code: { source: true, lines: true, formats: _`${new Name(RUNTIME)}.formats`, process: () => NOT_RUN },
  });
  for (const name of formats) {
    if (CHECKED_FORMATS.has(name)) {
      // Only the reference matters here: the generated code calls runtime.js's
      // checker through `code.formats`; nothing is validated at generation time.
      // A function format applies to strings only, as draft-07 says.
      ajv.addFormat(name, (s: string) => typeof s === "string");
    } else if (UNCHECKED_FORMATS.has(name)) {
      ajv.addFormat(name, true); // unchecked: always valid, no code emitted
    } else {
      // A format EVerest's runtime does not know fails every string there. A RegExp
      // format is written into the code itself, so runtime.js needs no entry per name.
      ajv.addFormat(name, MATCHES_NOTHING);
    }
  }
  const calls = new Set<string>();
  addExternalRefKeyword(ajv, callTarget, calls);
  // Parsed from the text, so the objects ajv sees are plain JSON (own keys only).
  for (const doc of documents) ajv.addSchema(JSON.parse(JSON.stringify(doc)) as object);

  const block = (wanted: readonly (readonly [string, string])[]): string => {
    // In the order given (dependencies first, see compilePlan), which is also the order of the code.
    const exports: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, id] of wanted) exports[name] = id;
    return `${standaloneCode(ajv, exports).replace(/^"use strict";\n?/, "")}\n`;
  };
  return {
    module(wanted) {
      calls.clear();
      const parts = exportBlocks(wanted);
      const exports: JsExport[] = [];
      let code: string;
      if (parts.length === 1) {
        // One block: each export is a top-level function, exported as it is, so a bundler keeps only those used.
        code = block(wanted).replace(AJV_EXPORT, (_line, name: string, local: string) => {
          exports.push({ name, local });
          return "";
        });
      } else {
        // Several blocks (EXPORTS_PER_BLOCK): a block's functions are its own, so each export is a module-level binding it sets.
        const names = wanted.map(([name]) => name);
        code =
          `let ${names.join(", ")};\n` +
          parts.map((part) => `{\n${block(part).replace(AJV_EXPORT, (_line, name: string, local: string) => `${name} = ${local};\n`)}}\n`).join("");
        exports.push(...names.map((name) => ({ name, local: name })));
      }
      for (const [from, name] of RUNTIME_REQUIRES) code = code.split(from).join(`${RUNTIME}.${name}`);
      // Each format's checker by its own export, so that a bundle keeps only the checkers its validators call.
      code = code.replace(FORMAT_BINDING, (_line, binding: string, name: string | undefined, quoted: string | undefined) => {
        const format = name ?? (JSON.parse(quoted!) as string);
        const checker = CHECKED_FORMATS.get(format);
        if (checker === undefined) throw new Error(`internal error: the precompiled validators call a checker for format ${JSON.stringify(format)}, which runtime.js lacks`);
        return `${binding}${RUNTIME}.${checker};`;
      });
      if (/^\s*const formats\d+ = \$runtime\.formats\b/m.test(code)) throw new Error("internal error: a format checker binding of the precompiled validators was not mapped to runtime.js's export");
      // A real call has an unescaped quote right after `require(`; text from the
      // definitions only reaches the code inside string literals, where it is escaped.
      const left = /\brequire\("(?:[^"\\]|\\.)*"\)|^exports\b/m.exec(code);
      if (left !== null) throw new Error(`internal error: the precompiled validators still hold ${left[0]}; map it to ${layout.runtimeCjs}`);
      if (exports.length !== wanted.length) throw new Error(`internal error: ajv's code exports ${exports.length} of ${wanted.length} functions`);
      return { body: code, calls: new Set(calls), exports };
    },
  };
}

/**
 * A ref into another module: the compile view writes it as EXTERNAL_REF
 * (../schemas/json-schema.ts), compiled here as a call of that module's function with the
 * same arguments and error merging ajv uses for `$ref`. So each module holds
 * only its own code (no copies of what it reaches), and compile time and
 * memory grow linearly with the corpus. The function is read from the
 * module's namespace when it runs, so modules that refer to each other can
 * import each other.
 */
function addExternalRefKeyword(ajv: AjvClass, callTarget: (ref: string) => readonly [string, string], used: Set<string>): void {
  const { _, nil, Name } = require("ajv") as typeof import("ajv");
  const { callValidateCode } = require("ajv/dist/vocabularies/code") as typeof import("ajv/dist/vocabularies/code");
  const names = (require("ajv/dist/compile/names") as typeof import("ajv/dist/compile/names")).default;
  ajv.addKeyword({
    keyword: EXTERNAL_REF,
    schemaType: "string",
    code(cxt) {
      const { gen } = cxt;
      const [local, exportName] = callTarget(cxt.schema as string);
      used.add(local);
      const fn = gen.const("external", _`${new Name(local)}.${new Name(exportName)}`);
      cxt.result(
        callValidateCode(cxt, fn, nil),
        () => undefined,
        () => {
          gen.assign(names.vErrors, _`${names.vErrors} === null ? ${fn}.errors : ${names.vErrors}.concat(${fn}.errors)`);
          gen.assign(names.errors, _`${names.vErrors}.length`);
        },
      );
    },
  });
}

/**
 * One Ajv's work as plain data: the documents to compile and the modules to
 * make of them. Jobs cross to generate.ts's worker thread, which compiles
 * them without ever seeing the model.
 */
export interface ValidatorJob {
  readonly documents: readonly object[];
  readonly formats: readonly string[];
  /** For each ref a ref compiles to a call of (EXTERNAL_REF): the package path of the validator module that exports it, and its export name. */
  readonly callTargets: readonly (readonly [ref: string, path: string, exportName: string])[];
  readonly files: readonly {
    readonly path: string;
    readonly sources: readonly string[];
    /** Comment lines after the banner. */
    readonly header: readonly string[];
    /** Export name -> compiled schema id, in the order of the code. */
    readonly exports: readonly (readonly [string, string])[];
  }[];
}

export function compileValidatorJob(job: ValidatorJob): EmittedFile[] {
  // The modules called, each under a local numbered in path order: the numbers depend on this job's refs only.
  const paths = [...new Set(job.callTargets.map(([, p]) => p))].sort(compareText);
  const localOf = new Map(paths.map((p, i) => [p, `$m${i}`]));
  const targets = new Map(job.callTargets.map(([ref, p, name]) => [ref, [localOf.get(p)!, name] as const]));
  const callTarget = (ref: string): readonly [string, string] => {
    const target = targets.get(ref);
    if (target === undefined) throw new Error(`internal error: no module for ${ref}`);
    return target;
  };
  const compiler = createValidatorCompiler(job.documents, job.formats, callTarget);
  return job.files.flatMap((f) => {
    const code = compiler.module(f.exports);
    const usesRuntime = code.body.includes(`${RUNTIME}.`);
    return printModule({
      path: f.path,
      sources: f.sources,
      header: f.header,
      imports: [
        ...(usesRuntime ? [{ path: layout.runtimeCjs, bind: { ns: RUNTIME } }] : []),
        ...paths.filter((p) => code.calls.has(localOf.get(p)!)).map((p) => ({ path: p, bind: { ns: localOf.get(p)! } })),
      ],
      body: code.body,
      exports: code.exports,
    });
  });
}

/**
 * What differs between the validator modules of the sources. ajv numbers the
 * functions of one Ajv in the order it compiles them, so the order items are
 * listed in fixes every byte of a module's code (each module has its own Ajv,
 * see validatorJobs).
 */
interface SourceValidators {
  /** The `$id` of an item's compile-view document: the code's name for its function. */
  readonly compiledId: (item: NamedSchema) => string;
  /** An item's compile-view document, with the refs in `calls` written as calls (compilePlan). */
  readonly document: (item: NamedSchema, calls: ReadonlySet<RefSchema>) => JsonObject;
  /** Exports in ref order rather than compile order; only for items that never refer to each other, which any order compiles dependencies first. */
  readonly exportsByRef: boolean;
  /** The header's words for one export, and for where the code's helpers come from after runtime.js. */
  readonly exportIs: string;
  readonly helpersFrom: string;
}

const SOURCE_VALIDATORS: Readonly<Record<ModuleSource, SourceValidators>> = {
  types: {
    compiledId: compiledItemId,
    document: compileSchema,
    exportsByRef: false,
    exportIs: "type",
    helpersFrom: ": nothing here loads ajv or compiles code at run time",
  },
  // Exports by ref: the layout their code has always had.
  interface: {
    compiledId: compiledItemId,
    // Interface items never refer to each other, so nothing is written as a call.
    document: (item) => compileSchema(item),
    exportsByRef: true,
    exportIs: "argument object, result and var",
    helpersFrom: ", types of the type files from their modules in internal/validators/",
  },
  // Messages may refer to each other and to the type files, as types do.
  api: {
    compiledId: compiledItemId,
    document: compileSchema,
    exportsByRef: false,
    exportIs: "message payload",
    helpersFrom: ", types of the type files from their modules in internal/validators/",
  },
};

/**
 * The jobs of every module's validator module, in model order: one module per
 * job, so one Ajv per module. ajv numbers the functions of one Ajv in the
 * order it compiles them; with an Ajv of its own, a module's code depends on
 * that module alone (and the exports it calls), never on the modules beside it
 * in the model, so adding or changing one definition file leaves every other
 * module's validators byte for byte as they were.
 */
export function validatorJobs(model: Model): ValidatorJob[] {
  return model.modules.map((m) => moduleValidatorJob(m, model));
}

/** One module's job; it holds the model's compiled formats besides what the module reaches. */
export function moduleValidatorJob(m: SchemaModule, model: Model): ValidatorJob {
  return validatorJob([m], compiledFormats(model));
}

/** One job: `unit` holds modules of one source, whose validator modules share a folder. */
function validatorJob(unit: readonly SchemaModule[], formats: readonly string[]): ValidatorJob {
  const source = SOURCE_VALIDATORS[unit[0]!.source];
  const plans = unit.map(compilePlan);
  return {
    documents: plans.flatMap((p) => p.order.map((item) => source.document(item, p.calls))),
    formats,
    callTargets: callTargets(unit.flatMap((m) => m.items)),
    files: unit.map((m, k) => {
      const exports = plans[k]!.order.map((item): [string, string] => [validatorExportName(item), source.compiledId(item)]);
      if (source.exportsByRef) exports.sort(([a], [b]) => compareText(a, b));
      return {
        path: layout.validatorsCjs(m),
        sources: [m.path],
        header: [
          `// Precompiled by ajv (standalone code) at generation time; one export per ${source.exportIs}, named validateX after it.`,
          `// Helpers come from ${layout.runtimeCjs}${source.helpersFrom}.`,
        ],
        exports,
      };
    }),
  };
}

/**
 * Every item the refs in `items` lead to (at their alias ends, as the compile
 * view writes them): its ref, its validator module and its export name.
 */
function callTargets(items: readonly NamedSchema[]): [string, string, string][] {
  const out = new Map<string, [string, string, string]>();
  for (const item of items) {
    for (const s of walkSchema(item.schema)) {
      if (s.kind !== "ref") continue;
      const target = aliasEnd(s.target);
      out.set(target.ref, [target.ref, layout.validatorsCjs(target.module), validatorExportName(target)]);
    }
  }
  return [...out.values()];
}

/**
 * The order to compile one module's items in, and the refs to compile as calls.
 *
 * ajv compiles a `$ref` to a type it has not compiled yet on the spot, and its
 * standalone code generation walks refs the same way: a chain of types linked
 * through properties recursed once per link and overflowed the stack at a few
 * hundred links. Types are therefore compiled dependencies first (depth-first
 * post-order, iterative), so each compile finds its targets done; a ref that
 * closes a loop (its target is still being visited) becomes a call through the
 * module's own exports, so no loop is left for ajv to follow. A type's ref to
 * itself stays a `$ref`: ajv resolves that one without recursing. In a module
 * of several blocks (EXPORTS_PER_BLOCK), a ref into another block is a call
 * as well. Refs are taken to their alias ends, as the compile view writes them.
 * An interface's items only refer to types, so they keep their YAML order.
 */
export function compilePlan(file: SchemaModule): { order: NamedSchema[]; calls: Set<RefSchema> } {
  const order: NamedSchema[] = [];
  const calls = new Set<RefSchema>();
  const state = new Map<NamedSchema, "open" | "done">();
  // Refs as the compile view writes them: to their alias ends (../schemas/json-schema.ts).
  const localRefs = (d: NamedSchema): [RefSchema, NamedSchema][] =>
    [...walkSchema(d.schema)].flatMap((s): [RefSchema, NamedSchema][] => {
      if (s.kind !== "ref") return [];
      const target = aliasEnd(s.target);
      return target.module === file && target !== d ? [[s, target]] : [];
    });
  for (const root of file.items) {
    if (state.has(root)) continue;
    const stack: { decl: NamedSchema; refs: [RefSchema, NamedSchema][]; next: number }[] = [{ decl: root, refs: localRefs(root), next: 0 }];
    state.set(root, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edge = top.refs[top.next++];
      if (edge === undefined) {
        stack.pop();
        state.set(top.decl, "done");
        order.push(top.decl);
        continue;
      }
      const [ref, target] = edge;
      if (state.get(target) === "open") {
        calls.add(ref);
      } else if (!state.has(target)) {
        state.set(target, "open");
        stack.push({ decl: target, refs: localRefs(target), next: 0 });
      }
    }
  }
  // A module of several blocks (see EXPORTS_PER_BLOCK): a ref into another block is a call too.
  if (order.length > EXPORTS_PER_BLOCK) {
    const blockOf = new Map<NamedSchema, number>();
    exportBlocks(order).forEach((block, i) => block.forEach((d) => blockOf.set(d, i)));
    for (const d of order) for (const [ref, target] of localRefs(d)) if (blockOf.get(target) !== blockOf.get(d)) calls.add(ref);
  }
  return { order, calls };
}
