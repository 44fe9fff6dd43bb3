/** Exit codes, as documented in the README. */
export const EXIT = {
  ok: 0,
  /** drift found by `check`, or invalid data for `validate` */
  mismatch: 1,
  /** bad definitions, bad input, or bad usage */
  badInput: 2,
} as const;

/** An error meant for the user: printed as one line, never with a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}
