// The generated package's runtime.d.ts: ../runtime-dts.ts emits this file
// after the banner, without these leading `//` lines. It is the contract
// ./runtime.js is type-checked against (./tsconfig.json). A .ts file, not
// .d.ts: the manifest's generator hash (write/manifest.ts) skips .d.ts files,
// and a change here must make `check` regenerate.
/** One problem found in a value. */
export interface ValidationIssue {
  /** JSON Pointer into the value, "" for the value itself (e.g. "/charging_schedule_period/0/limit"). */
  readonly path: string;
  /** What is wrong, in words (e.g. "must be number"). */
  readonly message: string;
  /** The JSON Schema keyword that failed (e.g. "type", "enum", "required"). */
  readonly keyword: string;
}

/** The verdict of `validate()`: `errors` is empty exactly when `valid` is true. */
export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: readonly ValidationIssue[];
}

/** Thrown by the `assertX` functions; carries every issue found. */
export declare class ValidationError extends Error {
  /** The type checked against, e.g. "ocpp/BootNotificationResponse". */
  readonly typeRef: string;
  readonly issues: readonly ValidationIssue[];
  constructor(typeRef: string, issues: readonly ValidationIssue[]);
}

/** An error as reported by a raw validate function (ajv's error object). */
export interface RawValidationError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** A raw precompiled validate function: a type guard whose `errors` describe the last failure. */
export interface ValidateFunction<T> {
  (value: unknown): value is T;
  errors?: readonly RawValidationError[] | null;
}
