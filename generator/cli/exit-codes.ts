/** Exit codes, as documented in the README. */
export const EXIT = {
  ok: 0,
  /** drift found by `check`, or invalid data for `validate` */
  mismatch: 1,
  /** bad definitions, bad input, or bad usage */
  badInput: 2,
} as const;

/** An error meant for the user: printed as one line (one per problem when it lists several), never with a stack trace. */
export class UserError extends Error {
  /** Each problem, printed on its own line. */
  readonly lines: readonly string[];
  constructor(
    message: string | readonly string[],
    readonly exitCode: number = EXIT.badInput,
  ) {
    const lines = typeof message === "string" ? [message] : message;
    super(lines.join("; "));
    this.lines = lines;
  }
}
