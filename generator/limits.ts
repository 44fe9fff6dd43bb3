/**
 * Resource bounds for untrusted definition files. Each is far above what
 * EVerest's real type files need and low enough that a hostile file ends in a
 * diagnostic within seconds. The README lists them.
 */
export const LIMITS = {
  /** Largest definition file read, in bytes. */
  maxFileBytes: 4 * 1024 * 1024,
  /** Most bytes of all definition files of one run together. */
  maxTotalBytes: 64 * 1024 * 1024,
  /** Deepest YAML nesting of maps and sequences, aliases followed. */
  maxYamlDepth: 128,
  /** Most nodes a document may expand to once aliases are followed. */
  maxExpandedNodes: 200_000,
  /** Most nodes of all documents of one run together, aliases followed. */
  maxTotalNodes: 4_000_000,
  /** Most characters of text (keys and scalars) a document may expand to once aliases are followed. */
  maxExpandedChars: 8 * 1024 * 1024,
  /** Most characters of text of all documents of one run together, aliases followed. */
  maxTotalChars: 64 * 1024 * 1024,
  /** Most values in one enum. */
  maxEnumValues: 10_000,
  /** Longest single string (any key or value: descriptions, names, patterns, enum values, defaults), in characters. */
  maxStringLength: 100_000,
  /**
   * Most characters of distinct repeating `pattern`s analysed for backtracking
   * (W115) in one run; later patterns get W115 "not checked". Each pattern's
   * analysis is bounded by its size (check/redos.ts), this bounds their sum.
   */
  maxPatternCharsAnalysed: 20_000,
  /** Most definition files in one run. */
  maxFiles: 2_000,
  /** Largest JSON document `validate` reads, from a file or standard input, in bytes (the worst 16 MiB of JSON takes JSON.parse about 10 s and 1 GB). */
  maxValidateInputBytes: 16 * 1024 * 1024,
} as const;

/**
 * What is left of the run-wide bounds while files are loaded one after the
 * other. Once one of them is crossed (and reported, once), every later file
 * is refused without a further message.
 */
export interface LoadBudget {
  bytes: number;
  nodes: number;
  chars: number;
  /** Characters of pattern analysis left, and the patterns already charged (each distinct pattern once). */
  patternChars: number;
  readonly patternsSeen: Set<string>;
  /**
   * When set, every pattern the analysis is asked about that draws on
   * `patternChars` (seen before or not): a session replays a file's check
   * only when it can charge exactly what the check would (../step-memo.ts).
   */
  patternsAsked?: Set<string>;
  exhausted: boolean;
}

export function newLoadBudget(): LoadBudget {
  return { bytes: LIMITS.maxTotalBytes, nodes: LIMITS.maxTotalNodes, chars: LIMITS.maxTotalChars, patternChars: LIMITS.maxPatternCharsAnalysed, patternsSeen: new Set(), exhausted: false };
}
