/**
 * Property (d): the output depends on the definitions only. The same random
 * corpus generated twice, with its files in another order, and after other
 * corpora were generated in the same process (no state carried over), gives
 * the same files, byte for byte, and the same diagnostics.
 */
import * as fc from "fast-check";
import { generate, type GenerateResult, type InputFile } from "../generator/index";
import { randomDefs } from "./helpers/arbitrary-defs";
import { propertyParams, propertyRuns } from "./helpers/property";

/** Everything a run produces, as comparable text. */
function fingerprint(r: GenerateResult): { files: [string, string][]; diagnostics: string[] } {
  return {
    files: r.files.map((f) => [f.path, f.content]),
    diagnostics: r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}:${d.severity}:${d.code}:${d.message}`),
  };
}

// `npm test` size; PROPERTY_RUNS runs it at full size (see helpers/property.ts).
const RUNS = propertyRuns(15);

test(`${RUNS} random corpora: generated twice, in shuffled order and after other corpora, byte-identical`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      // Up to 6 files: two random sets of files, unless a file name is in both (refs of each set name its own files).
      const first = randomDefs(g).files;
      const more = randomDefs(g).files;
      const clash = more.some((f) => first.some((x) => x.path.toLowerCase() === f.path.toLowerCase()));
      const corpus: InputFile[] = clash ? first : [...first, ...more];
      const once = fingerprint(await generate(corpus));
      expect(once.files.length).toBeGreaterThan(0);
      const shuffled = g(fc.shuffledSubarray, corpus, { minLength: corpus.length, maxLength: corpus.length }) as InputFile[];
      // Another corpus in between: a cache or counter that outlives a run would show here.
      await generate(randomDefs(g).files);
      const again = fingerprint(await generate(shuffled));
      expect(again).toEqual(once);
      // Content given as bytes instead of text changes nothing either.
      const asBytes = fingerprint(await generate(corpus.map((f) => ({ path: f.path, content: Buffer.from(f.content as string, "utf8") }))));
      expect(asBytes).toEqual(once);
    }),
    propertyParams(RUNS, { shrink: false, label: "determinism" }),
  );
});
