/**
 * internal/guards/<module>.js and .mjs: one plain boolean guard per type of
 * the module, generated from the model, behind every `isX` and `validate()`,
 * exported under the type's isX name. Local names (`g<n>`, `h<n>`, `c<n>`)
 * are numbered within one module's file, so a change to one definition file
 * changes only its own guards file and those of the modules that refer to
 * it. They answer the same question as the ajv
 * validators (draft-07 with EVerest's semantics and ajv's `ownProperties`)
 * without collecting errors, so the common case — valid data — is as fast as
 * a hand-written check. `validate()` and `assertX` still use ajv for the
 * details; the differential and property tests prove the two always agree.
 */
import { lineComment, stringLiteral } from "../../escape";
import { helperNames } from "../../names";
import { type JsModule, printModule, pure } from "../modules/js-module";
import { type Model, type ModuleSource, type NamedSchema, type Schema, type SchemaModule, aliasEnd, isRefCycle, walkSchema } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { compareText } from "../../compare";
import { CHECKED_FORMATS, UNCHECKED_FORMATS } from "../../keywords";

/**
 * The sources whose items have a guard here. Interface items have none: their
 * isX runs their ajv function alone (runtime.js `safely`), so their modules
 * load their validators at once (../modules/file-modules.ts).
 */
const GUARDED_SOURCES: ReadonlySet<ModuleSource> = new Set(["types"]);

/** Whether `m`'s items have fast guards in internal/guards.js. */
export function hasFastGuards(m: SchemaModule): boolean {
  return GUARDED_SOURCES.has(m.source);
}

/** Names every plain object inherits; only these need an own-property test on a plain object. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Enums longer than this are checked with a Set. */
const SET_THRESHOLD = 8;

class GuardWriter {
  private readonly header: string[] = [];
  private readonly functions: string[] = [];
  private readonly guardName = new Map<NamedSchema, string>();
  /** Other modules whose guards this module calls: module -> the local name of its guards file. */
  private readonly others = new Map<SchemaModule, string>();
  private helperCount = 0;
  private constCount = 0;
  /** The format checkers of runtime.js the guards call, besides isDateTime, which every guards file imports. */
  private readonly checkers = new Set<string>();

  constructor(
    private readonly module: SchemaModule,
    model: Model,
  ) {
    module.items.forEach((d, i) => this.guardName.set(d, `g${i}`));
    // Numbered in name order of the modules referred to, so the numbers depend on this module's refs only.
    const targets = new Set<SchemaModule>();
    for (const d of module.items) {
      for (const s of walkSchema(d.schema)) {
        if (s.kind !== "ref") continue;
        const t = aliasEnd(s.target).module;
        if (t !== module) targets.add(t);
      }
    }
    const order = model.modules.filter((m) => targets.has(m)).sort((a, b) => compareText(a.name, b.name));
    order.forEach((m, i) => this.others.set(m, `m${i}`));
  }

  guardOf(decl: NamedSchema): string {
    const name = this.guardName.get(decl);
    if (name !== undefined) return name;
    // Another module's guard: looked up when called, so guards files that refer to each other can require each other.
    const other = this.others.get(decl.module);
    if (other === undefined) throw new Error(`internal error: no guard for ${decl.ref}`);
    return `${other}.${guardExportName(decl)}`;
  }

  addType(decl: NamedSchema): void {
    const name = this.guardOf(decl);
    // A $ref cycle describes no value; following it would never end.
    if (isRefCycle(decl)) this.functions.push(`${this.label(decl.ref)}function ${name}(v) {\n  return false;\n}\n`);
    else this.functions.push(this.fn(name, decl.schema, decl.ref));
  }

  private label(text: string): string {
    return `${lineComment(text)}\n`;
  }

  /**
   * A function `name(v)` returning whether `v` matches `schema`. Its locals
   * are named by nesting level (`p2` holds a property value two levels in)
   * and declared once, at the top: each `const` of its own would take a slot
   * in the frame for good, and a recursive type of thousands of properties
   * would then take kilobytes of stack per level of the value. This way a
   * frame grows with the nesting of the definition only (see ./depth.ts).
   */
  private fn(name: string, schema: Schema, label?: string): string {
    const locals = new Set<string>();
    const body = this.checks(schema, "v", 1, locals);
    const doc = label === undefined ? "" : this.label(label);
    const decl = locals.size > 0 ? [`  let ${[...locals].join(", ")};`] : [];
    const lines = [...decl, ...body];
    return `${doc}function ${name}(v) {\n${lines.join("\n")}${lines.length > 0 ? "\n" : ""}  return true;\n}\n`;
  }

  /** A helper function for a sub-schema that must be used as an expression (a type list member). */
  private helper(schema: Schema): string {
    const name = `h${this.helperCount++}`;
    this.functions.push(this.fn(name, schema));
    return name;
  }

  private constant(expr: string): string {
    const name = `c${this.constCount++}`;
    // Marked pure: a bundler drops it with the last guard that uses it.
    this.header.push(`const ${name} = ${pure(expr)};`);
    return name;
  }

  /** Statements that `return false` when `v` does not match; the locals they use are added to `locals`. */
  private checks(s: Schema, v: string, depth: number, locals: Set<string>): string[] {
    const ind = "  ".repeat(depth);
    const out: string[] = [];
    const fail = (cond: string): void => {
      out.push(`${ind}if (${cond}) return false;`);
    };
    // A local for this level; the levels below use their own, so one level's may be reused by its next sibling.
    const local = (prefix: string): string => {
      const name = `${prefix}${depth}`;
      locals.add(name);
      return name;
    };
    switch (s.kind) {
      case "any":
        break;
      case "null":
        fail(`${v} !== null`);
        break;
      case "boolean":
        fail(`typeof ${v} !== "boolean"`);
        break;
      case "integer":
      case "number":
        fail(s.kind === "integer" ? `typeof ${v} !== "number" || !Number.isInteger(${v})` : `typeof ${v} !== "number" || !Number.isFinite(${v})`);
        if (s.minimum !== undefined) fail(`${v} < ${num(s.minimum)}`);
        if (s.maximum !== undefined) fail(`${v} > ${num(s.maximum)}`);
        if (s.exclusiveMinimum !== undefined) fail(`${v} <= ${num(s.exclusiveMinimum)}`);
        if (s.exclusiveMaximum !== undefined) fail(`${v} >= ${num(s.exclusiveMaximum)}`);
        break;
      case "string":
        fail(`typeof ${v} !== "string"`);
        // UTF-16 length bounds the code-point count from both sides; count only when it cannot decide.
        if (s.minLength !== undefined && s.minLength > 0) fail(`${v}.length < ${s.minLength * 2} && ucs2length(${v}) < ${s.minLength}`);
        if (s.maxLength !== undefined) fail(`${v}.length > ${s.maxLength} && ucs2length(${v}) > ${s.maxLength}`);
        if (s.pattern !== undefined) fail(`!${this.constant(`new RegExp(${stringLiteral(s.pattern)}, "u")`)}.test(${v})`);
        if (s.format !== undefined) {
          const checker = CHECKED_FORMATS.get(s.format);
          if (checker !== undefined) {
            this.checkers.add(checker);
            fail(`!${checker}(${v})`);
          } else if (!UNCHECKED_FORMATS.has(s.format)) fail("true"); // EVerest refuses every string (W119)
        }
        break;
      case "enum":
      case "const": {
        const values = s.kind === "enum" ? s.values : [s.value as string | number | boolean | null];
        if (values.length > SET_THRESHOLD) {
          fail(`!${this.constant(`new Set([${values.map(literal).join(", ")}])`)}.has(${v})`);
        } else {
          fail(values.length === 0 ? "true" : values.map((x) => `${v} !== ${literal(x)}`).join(" && "));
        }
        // The type and keywords beside the values apply too.
        if (s.constraints !== undefined) out.push(...this.checks(s.constraints, v, depth, locals));
        break;
      }
      case "ref":
        // Straight to the end of an alias chain: one call however long the chain.
        fail(`${s.orNull === true ? `${v} !== null && ` : ""}!${this.guardOf(aliasEnd(s.target))}(${v})`);
        break;
      case "union":
        fail(s.members.map((m) => `!${this.helper(m)}(${v})`).join(" && "));
        break;
      case "array": {
        fail(`!Array.isArray(${v})`);
        if (s.minItems !== undefined) fail(`${v}.length < ${s.minItems}`);
        if (s.maxItems !== undefined) fail(`${v}.length > ${s.maxItems}`);
        if (s.items !== undefined && s.items.kind !== "any") {
          const i = local("i");
          const item = local("e");
          const inner = this.checks(s.items, item, depth + 1, locals);
          out.push(`${ind}for (${i} = 0; ${i} < ${v}.length; ${i}++) {`, `${ind}  ${item} = ${v}[${i}];`, ...inner, `${ind}}`);
        }
        break;
      }
      case "object": {
        fail(`typeof ${v} !== "object" || ${v} === null || Array.isArray(${v})`);
        // Only own properties count (ajv's ownProperties). A plain object (what JSON.parse makes)
        // inherits nothing but Object.prototype's members, so only those names need an
        // own-property test. Anything else — a class instance, a null-prototype object, an object
        // made by Object.create(...) — goes whole to the full validator (see `guarded` in runtime.js).
        // The prototype itself is tested: `constructor === Object` (a few ns faster) holds too for an
        // object whose prototype is another object, whose properties the guard would then read.
        out.push(`${ind}if (Object.getPrototypeOf(${v}) !== Object.prototype) throw EXOTIC;`);
        // Every own key counts, as for ajv (Object.keys) and EVerest (the object's size); a plain object has no others.
        if (s.minProperties !== undefined && s.minProperties > 0) fail(`Object.keys(${v}).length < ${s.minProperties}`);
        if (s.maxProperties !== undefined) fail(`Object.keys(${v}).length > ${s.maxProperties}`);
        for (const p of s.properties) {
          const key = stringLiteral(p.name);
          const pv = local("p");
          const inner = this.checks(p.schema, pv, depth + 1, locals);
          const inherited = INHERITED.has(p.name);
          if (p.required) {
            out.push(`${ind}${pv} = ${v}[${key}];`);
            fail(inherited ? `${pv} === undefined || !hasOwn(${v}, ${key})` : `${pv} === undefined`);
            out.push(...inner.map((l) => l.slice(2)));
          } else if (inner.length > 0) {
            const present = inherited ? `${pv} !== undefined && hasOwn(${v}, ${key})` : `${pv} !== undefined`;
            out.push(`${ind}${pv} = ${v}[${key}];`, `${ind}if (${present}) {`);
            out.push(...inner, `${ind}}`);
          }
        }
        // Required but not declared: present as an own key; its value is judged with the other extra keys below.
        for (const u of s.undeclaredRequired) fail(`!hasOwn(${v}, ${stringLiteral(u.name)})`);
        const extra = s.additionalProperties;
        if (extra === false || (typeof extra === "object" && extra.kind !== "any")) {
          const k = local("k");
          const declared = s.properties.map((p) => `${k} === ${stringLiteral(p.name)}`);
          out.push(`${ind}for (${k} in ${v}) {`, `${ind}  if (!hasOwn(${v}, ${k})${declared.length > 0 ? ` || ${declared.join(" || ")}` : ""}) continue;`);
          if (extra === false) out.push(`${ind}  return false;`);
          else {
            const x = local("x");
            out.push(`${ind}  ${x} = ${v}[${k}];`, ...this.checks(extra, x, depth + 1, locals));
          }
          out.push(`${ind}}`);
        }
        break;
      }
    }
    return out;
  }

  jsModule(): JsModule {
    const decls = this.module.items;
    return {
      path: layout.guardsOf(this.module),
      sources: [this.module.path],
      header: ["// Fast boolean guards, one per type of this module (g<n>), generated from the definitions; isX calls these."],
      imports: [
        // The other format checkers only where a guard calls them (isDateTime, the usual one, always).
        { path: layout.runtimeCjs, bind: { names: ["EXOTIC", ...[...this.checkers].filter((c) => c !== "isDateTime").sort(), "isDateTime", "ucs2length"] } },
        ...[...this.others].map(([m, ns]) => ({ path: layout.guardsOf(m), bind: { ns } })),
      ],
      body: ["const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);", ...this.header, "", ...this.functions].join("\n"),
      exports: [...decls].sort((a, b) => compareText(a.ref, b.ref)).map((d) => ({ name: guardExportName(d), local: this.guardOf(d) })),
    };
  }
}

/** The name a type's guard is exported under from its module's guards file: its isX name. */
export function guardExportName(item: NamedSchema): string {
  return helperNames(item.tsName).is;
}

function num(n: number): string {
  return Object.is(n, -0) ? "0" : String(n);
}

function literal(v: string | number | boolean | null): string {
  return typeof v === "string" ? stringLiteral(v) : v === null ? "null" : typeof v === "number" ? num(v) : String(v);
}

export function emitGuards(model: Model): EmittedFile[] {
  return model.modules.flatMap((m) => moduleGuards(m, model));
}

/** The guards file of one module, if its items have fast guards. */
export function moduleGuards(m: SchemaModule, model: Model): EmittedFile[] {
  if (!hasFastGuards(m)) return [];
  const w = new GuardWriter(m, model);
  for (const d of m.items) w.addType(d);
  return printModule(w.jsModule());
}
