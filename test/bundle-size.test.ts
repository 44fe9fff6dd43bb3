/**
 * What a browser app pays for the generated package (issue 15): small apps are
 * bundled against the committed generated/ with esbuild (bundle, minify,
 * format esm, platform browser), the package resolved by its name. An app
 * using one guard of the `/ocpp` subpath must stay within 3 KB minified + gzip
 * (level 9), whether it writes `ocpp.isEVSE` (a namespace import) or
 * `isEVSE`: the package's ES modules must let the bundler drop the rest.
 * More apps are measured and printed, not judged: `ocpp.isEVSE` through the
 * root's `ocpp` (esbuild keeps all of a namespace another module re-exports,
 * esbuild issue 1420, so that one carries the whole module), `validate()`
 * from the root, and everything of `/ocpp`.
 *
 * Each judged bundle is also run under node, so a bundle that shrank by
 * losing the guard fails too.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ESBUILD_VERSION, PACKAGE, bundleApp, linkedProject, sizeOf, type BundleSize } from "./helpers/bundle";

const LIMIT = 3072;

interface App {
  readonly name: string;
  readonly source: string;
  readonly judged: boolean;
}

const APPS: readonly App[] = [
  {
    name: "/ocpp namespace import, ocpp.isEVSE",
    source: `import * as ocpp from "${PACKAGE}/ocpp";\nconsole.log(ocpp.isEVSE(globalThis.value));\n`,
    judged: true,
  },
  {
    name: "/ocpp subpath, isEVSE",
    source: `import { isEVSE } from "${PACKAGE}/ocpp";\nconsole.log(isEVSE(globalThis.value));\n`,
    judged: true,
  },
  {
    name: "root namespace, ocpp.isEVSE",
    source: `import { ocpp } from "${PACKAGE}";\nconsole.log(ocpp.isEVSE(globalThis.value));\n`,
    judged: false,
  },
  {
    name: "root validate(\"ocpp/BootNotificationResponse\")",
    source: `import { validate } from "${PACKAGE}";\nconsole.log(validate("ocpp/BootNotificationResponse", globalThis.value));\n`,
    judged: false,
  },
  {
    name: "all of /ocpp",
    source: `import * as ocpp from "${PACKAGE}/ocpp";\nconsole.log(ocpp, globalThis.value);\n`,
    judged: false,
  },
];

/** Runs an ES module bundle under node with `globalThis.value` set first; its stdout. */
function runBundle(dir: string, code: string, value: unknown): string {
  const file = path.join(dir, "run.mjs");
  // The bundle imports nothing, so statements put before it run first.
  fs.writeFileSync(file, `globalThis.value = ${JSON.stringify(value)};\n${code}`);
  const r = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 30_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`bundle exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe("bundle size of apps using the generated package (esbuild, minified, gzip -9)", () => {
  let dir = "";
  const bundles = new Map<string, string>();
  const sizes = new Map<string, BundleSize>();

  beforeAll(async () => {
    dir = linkedProject();
    for (const app of APPS) {
      const code = await bundleApp(app.source, dir);
      bundles.set(app.name, code);
      sizes.set(app.name, sizeOf(code));
    }
    const lines = APPS.map((a) => {
      const s = sizes.get(a.name)!;
      return `  ${a.name.padEnd(48)} ${String(s.minified).padStart(8)} min ${String(s.gzip).padStart(7)} gzip${a.judged ? `  (limit ${LIMIT} gzip)` : ""}`;
    });
    console.log(`bundle sizes (esbuild ${ESBUILD_VERSION}, bytes):\n${lines.join("\n")}`);
  });

  afterAll(() => {
    if (dir !== "") fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.each(APPS.filter((a) => a.judged).map((a) => [a.name, a] as const))("%s", (_name, app) => {
    test("the bundle runs and keeps the guard: true for { id: 1 }, false for { id: 0 }", () => {
      const code = bundles.get(app.name)!;
      expect(runBundle(dir, code, { id: 1 })).toBe("true\n");
      expect(runBundle(dir, code, { id: 0 })).toBe("false\n");
    });

    test(`minified + gzip is at most ${LIMIT} bytes`, () => {
      const { minified, gzip } = sizes.get(app.name)!;
      expect({ app: app.name, minified, gzip, withinLimit: gzip <= LIMIT }).toEqual({ app: app.name, minified, gzip, withinLimit: true });
    });
  });

  test("the unjudged apps bundle too (sizes printed above)", () => {
    for (const app of APPS.filter((a) => !a.judged)) expect(sizes.get(app.name)!.gzip).toBeGreaterThan(0);
  });
});
