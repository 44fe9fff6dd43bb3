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
