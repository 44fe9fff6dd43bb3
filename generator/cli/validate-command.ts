export async function runValidate(_ref: string, _files: string[], _opts: { out: string }): Promise<number> {
  throw new Error("validate is not implemented yet");
}
