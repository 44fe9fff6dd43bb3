/**
 * Generating the precompiled validators never has V8 compile their code:
 * ajv makes a live function of every schema it compiles, but only the code's
 * source goes into the package, so the Ajv that generates them is given a
 * stub body to compile instead (generator/emit/validators/compile.ts,
 * NOT_RUN). This holds that in place: every `new Function` made while the
 * validator jobs of defs/ compile is the stub, and the code they emit is the
 * committed package's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadModel } from "../generator/index";
import { compileValidatorJob, validatorJobs } from "../generator/emit/validators/compile";
import { ROOT } from "./helpers/cli";
import { defsInputs } from "./helpers/run-inputs";

test("the validator jobs of defs/ compile only the stub with V8, and emit the committed validators", () => {
  const inputs = defsInputs();
  const { model } = loadModel(inputs.types, inputs.options);
  expect(model).toBeDefined();
  const jobs = validatorJobs(model!);
  expect(jobs.length).toBeGreaterThan(1);
  const bodies: string[] = [];
  const RealFunction = globalThis.Function;
  // ajv calls `new Function(self, scope, body)`; recorded and passed on.
  const Recording = new Proxy(RealFunction, {
    construct(target, args: string[]) {
      bodies.push(args[args.length - 1] ?? "");
      return Reflect.construct(target, args) as object;
    },
  });
  globalThis.Function = Recording;
  let files: ReturnType<typeof compileValidatorJob>;
  try {
    files = jobs.flatMap((job) => compileValidatorJob(job));
  } finally {
    globalThis.Function = RealFunction;
  }
  // One per compiled schema, at least one per module.
  expect(bodies.length).toBeGreaterThanOrEqual(jobs.length);
  expect(new Set(bodies).size).toBe(1);
  expect(bodies[0]).toContain("notRunAtGenerationTime");
  for (const f of files) expect(f.content).toBe(fs.readFileSync(path.join(ROOT, "generated", f.path), "utf8"));
});
