/**
 * The generator's modules form no import cycle. Walks the compiled `dist/`
 * (what users run; type-only imports are gone there) and follows every
 * relative `require`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./helpers/cli";

const DIST = path.join(ROOT, "dist", "generator");

function modules(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...modules(full));
    else if (e.name.endsWith(".js")) out.push(full);
  }
  return out;
}

/** The modules `file` requires, by relative path, resolved to files in dist. */
function requires(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/\brequire\("(\.{1,2}\/[^"]+)"\)/g)) {
    const target = path.resolve(path.dirname(file), m[1]!);
    for (const candidate of [target, `${target}.js`, path.join(target, "index.js")]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        out.push(candidate);
        break;
      }
    }
  }
  return out;
}

/** Every cycle found by a depth-first walk, each as the list of modules on it. */
function cycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, requires(f)]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") found.push([...stack.slice(stack.indexOf(g)), g]);
      else if (state.get(g) === undefined) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (state.get(f) === undefined) visit(f);
  return found;
}

test("the detector finds a cycle when there is one", () => {
  const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "etg-cycles-"));
  try {
    fs.writeFileSync(path.join(dir, "a.js"), 'require("./b");\n');
    fs.writeFileSync(path.join(dir, "b.js"), 'require("./c.js");\n');
    fs.writeFileSync(path.join(dir, "c.js"), 'require("./a");\n');
    fs.writeFileSync(path.join(dir, "d.js"), 'require("./a");\n');
    const found = cycles(modules(dir)).map((c) => c.map((f) => path.basename(f)));
    expect(found).toEqual([["a.js", "b.js", "c.js", "a.js"]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("no import cycle among the generator's compiled modules", () => {
  const files = modules(DIST);
  expect(files.length).toBeGreaterThan(50);
  const found = cycles(files).map((c) => c.map((f) => path.relative(DIST, f)).join(" -> "));
  expect(found).toEqual([]);
});
