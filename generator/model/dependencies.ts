/**
 * Which inputs each module's emitted files may depend on, for regenerating
 * only what a change touches (../module-memo.ts).
 *
 * The links between inputs are the model's own pointers: a `$ref`'s target
 * (a declaration, whose `module` is another input), an interface's raised
 * errors (whose `file` is an error file), and any pointer added later. So
 * they are found by walking every module's nodes as plain data, not by
 * knowing where refs live: a new kind of link cannot be missed.
 *
 * A module's files may read (the contract of a per-module emitter,
 * ../emit/emitters.ts): the module itself and every input it reaches by
 * following links (names, paths and schemas of what it refers to, alias
 * chains); an emitter that says so, also the inputs with a link straight
 * into it (a docs page's "Used by").
 */
import type { ErrorFileDecl, Model, SchemaModule } from "./model";

/** An input of the model: a module, or an error file. */
export type ModelInput = SchemaModule | ErrorFileDecl;

/** What a module's files may depend on. */
export interface ModuleDependencies {
  /** The module and every input it reaches by links. */
  readonly reach: ReadonlySet<ModelInput>;
  /** The modules with a link straight into it. */
  readonly referrers: ReadonlySet<ModelInput>;
}

/** Per module, the inputs its files may depend on. */
export function moduleDependencies(model: Model): ReadonlyMap<SchemaModule, ModuleDependencies> {
  const inputs = new Set<object>([...model.modules, ...model.errorFiles]);
  const links = new Map<ModelInput, Set<ModelInput>>();
  for (const m of model.modules) links.set(m, linksOf(m, inputs));
  const into = new Map<ModelInput, Set<ModelInput>>();
  for (const [from, targets] of links) {
    for (const t of targets) {
      const set = into.get(t) ?? new Set<ModelInput>();
      set.add(from);
      into.set(t, set);
    }
  }
  const out = new Map<SchemaModule, ModuleDependencies>();
  for (const m of model.modules) {
    const reach = new Set<ModelInput>([m]);
    const todo: ModelInput[] = [m];
    for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
      for (const t of links.get(next) ?? []) {
        if (!reach.has(t)) {
          reach.add(t);
          todo.push(t);
        }
      }
    }
    out.set(m, { reach, referrers: into.get(m) ?? new Set() });
  }
  return out;
}

/**
 * `m`'s links, walked once per module object. The model is frozen, so the
 * same module object has the same nodes: a session's run that takes a
 * module over from the last run (load/step-memo.ts) finds its links as they
 * were, as long as each is an input of this model too (the modules of one
 * build are taken over together).
 */
const walked = new WeakMap<SchemaModule, Set<ModelInput>>();

function linksOf(m: SchemaModule, inputs: ReadonlySet<object>): Set<ModelInput> {
  const known = walked.get(m);
  if (known !== undefined && [...known].every((t) => inputs.has(t))) return known;
  const found = linksFrom(m, inputs);
  walked.set(m, found);
  return found;
}

/** The other inputs that `m`'s nodes point at, found by walking them as data (objects, arrays, maps, sets). */
function linksFrom(m: SchemaModule, inputs: ReadonlySet<object>): Set<ModelInput> {
  const found = new Set<ModelInput>();
  const seen = new Set<object>([m]);
  const todo: unknown[] = Object.values(m);
  for (let i = 0; i < todo.length; i++) {
    const v = todo[i];
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (inputs.has(v)) {
      // Another input: a link. Its own nodes are its own walk's.
      found.add(v as ModelInput);
      continue;
    }
    const owner = (v as { module?: unknown }).module;
    if (owner !== m && typeof owner === "object" && owner !== null && inputs.has(owner)) {
      // A node of another input (a declaration a `$ref` names): a link to that input, whose walk covers the node's
      // own links (the reach is closed over links), so it is not walked again from every module that refers to it.
      found.add(owner as ModelInput);
      continue;
    }
    if (v instanceof Map) for (const [k, x] of v) todo.push(k, x);
    else if (v instanceof Set || Array.isArray(v)) for (const x of v) todo.push(x);
    else for (const x of Object.values(v)) todo.push(x);
  }
  return found;
}
