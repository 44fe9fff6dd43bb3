/**
 * Property (c): broken YAML and random bytes never make `generate()` throw;
 * every diagnostic is clean: a code (E/W and three digits), the file it is
 * about, a position inside that file (line and column from 1, within the
 * text), and a one-line message. With an error nothing is emitted; without
 * one the output is a whole package.
 */
import * as fc from "fast-check";
import { formatDiagnostic, generate, type Diagnostic, type InputFile } from "../generator/index";
import { randomBrokenYaml, randomBytes, randomDefs } from "./helpers/arbitrary-defs";
import { propertyParams, propertyRuns } from "./helpers/property";

/** Lines of a file as the loader counts them (LF ends a line), for position checks. */
function lineLengths(content: string | Uint8Array): number[] {
  const text = typeof content === "string" ? content : Buffer.from(content).toString("latin1");
  return text.split("\n").map((l) => l.length);
}

/** Why a diagnostic is not clean, or undefined. */
function unclean(d: Diagnostic, files: readonly InputFile[]): string | undefined {
  if (!/^[EW]\d{3}$/.test(d.code)) return `code ${JSON.stringify(d.code)}`;
  if (d.severity !== (d.code.startsWith("E") ? "error" : "warning")) return `severity ${d.severity} for ${d.code}`;
  const file = files.find((f) => f.path === d.file);
  if (!file) return `file ${JSON.stringify(d.file)} is not an input`;
  if (!Number.isInteger(d.line) || !Number.isInteger(d.col) || d.line < 1 || d.col < 1) return `position ${d.line}:${d.col}`;
  const lines = lineLengths(file.content);
  if (d.line > lines.length) return `line ${d.line} past the end (${lines.length} lines)`;
  // A column may point just past the last character of its line (an unexpected end).
  if (typeof file.content === "string" && d.col > lines[d.line - 1]! + 1) return `column ${d.col} past the end of line ${d.line}`;
  if (d.message.trim() === "") return "empty message";
  if (formatDiagnostic(d).includes("\n")) return "more than one line";
  return undefined;
}

async function checkRun(files: InputFile[]): Promise<void> {
  let result: Awaited<ReturnType<typeof generate>>;
  try {
    result = await generate(files);
  } catch (err) {
    throw new Error(`generate() threw ${(err as Error).stack ?? String(err)}`);
  }
  for (const d of result.diagnostics) {
    const why = unclean(d, files);
    if (why !== undefined) throw new Error(`unclean diagnostic (${why}): ${formatDiagnostic(d)}`);
  }
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    expect(result.files).toEqual([]);
    expect(result.model).toBeUndefined();
  } else {
    expect(result.files.length).toBeGreaterThan(0);
  }
}

// `npm test` size; PROPERTY_RUNS runs it at full size (see helpers/property.ts).
const RUNS = propertyRuns(50);

test(`${RUNS} broken YAML files (alone and beside valid ones) give clean diagnostics`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      const broken: InputFile = { path: "defs/broken.yaml", content: randomBrokenYaml(g) };
      // Beside valid files, so refs into the broken one and the rest of the run are exercised too.
      const others = (g(fc.boolean) as boolean) ? randomDefs(g).files.filter((f) => f.path !== broken.path) : [];
      await checkRun([broken, ...others]);
    }),
    propertyParams(RUNS, { shrink: false, label: "broken YAML" }),
  );
});

test(`${RUNS} files of random bytes give clean diagnostics`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      await checkRun([{ path: "defs/noise.yaml", content: randomBytes(g) }]);
    }),
    propertyParams(RUNS, { label: "random bytes" }),
  );
});

test("the broken-YAML generator does break files (the property is not vacuous)", async () => {
  // 80 fixed samples (seed 1) are enough to show both sides: most break, some stay valid.
  const SAMPLES = 80;
  const samples = fc.sample(fc.gen(), { numRuns: SAMPLES, seed: 1 });
  const failing: unknown[] = [];
  for (const g of samples) {
    const { diagnostics } = await generate([{ path: "defs/broken.yaml", content: randomBrokenYaml(g) }]);
    if (diagnostics.some((d) => d.severity === "error")) failing.push(g);
  }
  // Most edits break the file; a few leave it valid.
  expect(failing.length).toBeGreaterThan(SAMPLES * 0.6);
  expect(failing.length).toBeLessThan(SAMPLES);
});
