/**
 * Bundling small apps against the committed generated/ package with esbuild,
 * as a browser app's build would: the package is found by its name through
 * node_modules (a link to generated/), and its `exports` pick the files.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

export const ROOT = path.resolve(__dirname, "..", "..");
export const GENERATED = path.join(ROOT, "generated");
export const PACKAGE: string = (JSON.parse(fs.readFileSync(path.join(GENERATED, "package.json"), "utf8")) as { name: string }).name;

/** A temp project whose node_modules holds the package as a link to generated/ (what `npm install ../generated` makes). */
export function linkedProject(prefix = "etg-bundle-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const target = path.join(dir, "node_modules", ...PACKAGE.split("/"));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(GENERATED, target, "dir");
  return dir;
}

/** One app bundled for the browser: esbuild, bundle + minify, format esm, platform browser. */
export async function bundleApp(source: string, projectDir: string, options: { minify?: boolean } = {}): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: projectDir, sourcefile: "app.mjs", loader: "js" },
    bundle: true,
    minify: options.minify ?? true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const out = result.outputFiles[0];
  if (out === undefined) throw new Error("esbuild wrote no output");
  return out.text;
}

export interface BundleSize {
  readonly minified: number;
  readonly gzip: number;
}

/** Minified bytes and gzip bytes (level 9) of a bundle. */
export function sizeOf(code: string): BundleSize {
  const bytes = Buffer.from(code, "utf8");
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

export const ESBUILD_VERSION: string = esbuild.version;
