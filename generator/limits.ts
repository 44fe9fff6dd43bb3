/**
 * Resource bounds for untrusted definition files. Each is far above what
 * EVerest's real type files need and low enough that a hostile file ends in a
 * diagnostic within seconds. The README lists them.
 */
export const LIMITS = {
  /** Largest definition file read, in bytes. */
  maxFileBytes: 4 * 1024 * 1024,
  /** Deepest YAML nesting of maps and sequences. */
  maxYamlDepth: 128,
  /** Most nodes a document may expand to once aliases are followed. */
  maxExpandedNodes: 200_000,
  /** Most values in one enum. */
  maxEnumValues: 10_000,
  /** Longest single string value (descriptions, patterns, enum values), in characters. */
  maxStringLength: 100_000,
  /** Most definition files in one run. */
  maxFiles: 2_000,
} as const;
