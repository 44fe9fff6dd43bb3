/**
 * Freezes every object reachable from `value` that is not frozen yet, with
 * an explicit stack (ref chains can be long). A frozen object is taken as
 * frozen through: the builders freeze what they finish (the type files'
 * declarations before the interfaces that refer to them).
 */
export function freezeAll<T>(value: T): T {
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== "object" || v === null || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const key of Object.keys(v)) todo.push((v as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * `{ ...base, ...more }`, for a node that `freezeAll` will freeze. In node
 * 20's V8 an object made by spread syntax (once the spread's inline cache is
 * warm) gets a copied hidden class outside V8's transition tree, and
 * `Object.freeze` then makes a new hidden class for each such object instead
 * of one shared by every object of the same keys: in the model of EVerest's
 * tree, 40,000 hidden classes at 10 copies (BENCHMARKS.md). `Object.assign`
 * onto `{}` adds the keys one by one along the shared tree, in the same order
 * as the spread. Only for nodes whose keys are the generator's own (a
 * `__proto__` key would set the prototype).
 */
export function extend<A extends object, B extends object>(base: A, more: B): Omit<A, keyof B> & B {
  return Object.assign({}, base, more);
}
