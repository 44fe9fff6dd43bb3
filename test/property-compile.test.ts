/**
 * Property (a): random valid definitions (hostile names and text, nesting,
 * refs within and across files, enums, constraints; test/helpers/arbitrary-defs.ts)
 * generate with no error, and the emitted declarations compile under the
 * strictest settings (`strict`, `exactOptionalPropertyTypes`,
 * `noUncheckedIndexedAccess`, `skipLibCheck: false`) together with a consumer
 * that uses every type, guard and assertion of the package.
 *
 * Every case is written to its own folder and the cases are compiled in a few
 * `ts.createProgram` calls (one per batch), which is far faster than one
 * program per case. A failure names the case's folder, its YAML and the seed
 * (PROPERTY_SEED replays it); see test/helpers/property.ts for PROPERTY_RUNS.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as fc from "fast-check";
import ts from "typescript";
import { formatDiagnostic, generate, type Model } from "../generator/index";
import { helperNames } from "../generator/names";
import { randomDefs, type RandomDefs } from "./helpers/arbitrary-defs";
import { propertyParams, propertyRuns, propertySeed, scratchDir, writeFiles } from "./helpers/property";

// `npm test` size; PROPERTY_RUNS runs it at full size (see helpers/property.ts).
const RUNS = propertyRuns(40);
/** Cases per TypeScript program: bounded so thousands of cases never hold one huge program in memory. */
const BATCH = 150;

const STRICT: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts"],
  types: [],
};

interface Case {
  readonly index: number;
  readonly defs: RandomDefs;
  readonly dir: string;
  readonly roots: readonly string[];
}

/** Uses every export of the package from TypeScript, so the program resolves and checks all of it. */
function consumer(model: Model): string {
  // Module names can be anything (`u`, `validate_`...): reach them through one namespace import.
  const lines = ['import * as pkg from "./index.js";', "declare const value: unknown;"];
  let n = 0;
  for (const f of model.files) {
    for (const d of f.items) {
      const h = helperNames(d.tsName);
      const m = `pkg.${f.moduleName}`;
      const T = `${m}.${d.tsName}`;
      lines.push(
        `export function use${n}(u: unknown): ${T} | undefined {`,
        `  if (${m}.${h.is}(u)) return u;`,
        `  ${m}.${h.assert}(u);`,
        `  const checked: ${T} = u;`,
        `  return ${m}.${h.validate}(checked) ? checked : undefined;`,
        "}",
      );
      n++;
    }
  }
  const first = model.files[0]!;
  lines.push(`export const anyValid: boolean = pkg.validate(${JSON.stringify(`${first.name}/${first.items[0]!.name}`)}, value).valid;`);
  return `${lines.join("\n")}\n`;
}

let compileMs = 0;

function compile(cases: readonly Case[]): string[] {
  if (cases.length === 0) return [];
  const started = Date.now();
  const program = ts.createProgram({ rootNames: cases.flatMap((c) => c.roots), options: STRICT });
  const diags = ts.getPreEmitDiagnostics(program);
  compileMs += Date.now() - started;
  const failures: string[] = [];
  for (const c of cases) {
    const own = diags.filter((d) => d.file?.fileName.startsWith(c.dir + path.sep) || d.file?.fileName.startsWith(`${c.dir}/`));
    if (own.length === 0) continue;
    const text = ts.formatDiagnostics(own.slice(0, 10), { getCanonicalFileName: (f) => f, getCurrentDirectory: () => c.dir, getNewLine: () => "\n" });
    failures.push(`case ${c.index} (${c.dir}):\n${text}\ndefinitions:\n${c.defs.files.map((f) => `# ${f.path}\n${f.content}`).join("\n")}`);
  }
  // Diagnostics outside every case (the lib files) would be a problem of the settings, not of a case.
  const global = diags.filter((d) => !cases.some((c) => d.file?.fileName.startsWith(c.dir)));
  if (global.length > 0) failures.push(ts.formatDiagnostics(global, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => "/", getNewLine: () => "\n" }));
  return failures;
}

let scratch: ReturnType<typeof scratchDir>;
beforeAll(() => {
  scratch = scratchDir("etg-prop-compile-");
});
afterAll(() => scratch.remove());

test(`${RUNS} random valid definitions generate without errors and compile under tsc --strict`, async () => {
  const started = Date.now();
  const seed = propertySeed("compile");
  const cases: Case[] = [];
  const failures: string[] = [];
  let counter = 0;
  const flush = (): void => {
    const batch = cases.splice(0);
    failures.push(...compile(batch));
    // Folders of passing cases go at once, so thousands of cases never fill the disk.
    for (const c of batch) if (!failures.some((f) => f.includes(c.dir))) fs.rmSync(c.dir, { recursive: true, force: true });
  };
  // Generation is checked inside fc.assert, so a definition that fails to generate is shrunk and reported with its seed.
  await fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      const defs = randomDefs(g);
      const result = await generate(defs.files);
      const errors = result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
      if (errors.length > 0 || !result.model) throw new Error(`generation failed:\n${errors.join("\n")}`);
      const index = counter++;
      const dir = path.join(scratch.dir, `case-${String(index).padStart(5, "0")}`);
      writeFiles(dir, result.files);
      fs.writeFileSync(path.join(dir, "consumer.mts"), consumer(result.model));
      const roots = [...result.files.filter((f) => /\.d\.m?ts$/.test(f.path)).map((f) => path.join(dir, ...f.path.split("/"))), path.join(dir, "consumer.mts")];
      cases.push({ index, defs, dir, roots });
      if (cases.length >= BATCH) flush();
    }),
    propertyParams(RUNS, { shrink: false, seed }),
  );
  flush();
  console.log(`property (a): ${RUNS} cases, seed ${seed}; tsc ${compileMs} ms, total ${Date.now() - started} ms`);
  if (failures.length > 0) {
    throw new Error(`${failures.length} case(s) do not compile (PROPERTY_SEED=${seed} replays this run):\n\n${failures.slice(0, 3).join("\n\n")}`);
  }
});
