/**
 * The name of an interface item inside its file: `cmds/<command>/arguments`,
 * `cmds/<command>/result`, `vars/<var>`. The model names the item by it (its
 * ref is `interfaces/<file>/<name>`), and the check starts the name path of
 * every inline enum inside the item with it, so the model can name the enum
 * after the item's type.
 */
export function interfaceItemName(kind: "arguments" | "result" | "var", name: string): string {
  return kind === "var" ? `vars/${name}` : `cmds/${name}/${kind}`;
}
