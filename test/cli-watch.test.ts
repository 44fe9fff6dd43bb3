/**
 * `generate --watch` keeps regenerating through what editors and tools do to
 * files: a defs folder deleted and made again, a file saved by writing a
 * temporary file and renaming it over the old one (again and again).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BIN, tempDir, cliEnv, stopProcess } from "./helpers/cli";

const typeFile = (description: string): string => `description: Test types\ntypes:\n  A:\n    description: ${description}\n    type: string\n`;

let work: string;
let child: ChildProcess | undefined;
let stdout = "";
let stderr = "";

beforeEach(() => {
  work = tempDir("etg-watch-");
  stdout = "";
  stderr = "";
});
afterEach(async () => {
  // The folder is removed once the watch has exited (stopProcess says why).
  const running = child;
  child = undefined;
  if (running !== undefined) await stopProcess(running);
  fs.rmSync(work, { recursive: true, force: true });
});

function watch(defs: string, out: string, more: readonly string[] = []): void {
  child = spawn(process.execPath, [BIN, "generate", "--watch", "--defs", defs, "--out", out, ...more], { cwd: work, env: cliEnv() });
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
}

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  expect({ what, ok: cond(), stderr }).toEqual({ what, ok: true, stderr });
}

const docOf = (out: string): string => {
  try {
    return fs.readFileSync(path.join(out, "docs", "x.md"), "utf8");
  } catch {
    return "";
  }
};

/** A type file of `count` types, each described with `word`: big enough that a run takes a while. */
const many = (word: string, count = 1500): string =>
  `description: Many types\ntypes:\n${Array.from({ length: count }, (_, i) => `  T${i}:\n    description: ${word} ${i}\n    type: object\n    properties:\n      a:\n        type: string\n        pattern: "^[a-z]+$"\n`).join("")}`;

/** The names beside the output folder `out` in `work` that start with `out.` (staging and backup folders). */
const beside = (): string[] => fs.readdirSync(work).filter((n) => n.startsWith("out."));

/** A defs folder in `work` holding x.yaml with `content`, and where its output goes. */
function defsWith(content: string): { defs: string; out: string } {
  const defs = path.join(work, "defs");
  fs.mkdirSync(defs);
  fs.writeFileSync(path.join(defs, "x.yaml"), content);
  return { defs, out: path.join(work, "out") };
}

/** Writes `content` as editors do: a temporary file beside it, renamed over it. */
function saveByRename(file: string, content: string): void {
  const tmp = `${file}.tmp-save`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

test("a defs folder deleted and made again is still watched", async () => {
  const { defs, out } = defsWith(typeFile("first"));
  watch("defs", "out");
  await until("watching", () => stdout.includes("watching"));
  expect(docOf(out)).toContain("first");

  fs.rmSync(defs, { recursive: true });
  await until("the missing folder reported", () => /defs: no such file or directory/.test(stderr));
  fs.mkdirSync(defs);
  fs.writeFileSync(path.join(defs, "x.yaml"), typeFile("second"));
  await until("regenerated after the folder came back", () => docOf(out).includes("second"));

  // And the new folder is watched in turn.
  fs.writeFileSync(path.join(defs, "x.yaml"), typeFile("third"));
  await until("regenerated on a save in the new folder", () => docOf(out).includes("third"));
  expect(child!.exitCode).toBeNull();
});

test("an API spec kept in a folder of its own (EVerest 2025.12's layout): a save there is seen", async () => {
  const spec = (description: string): string =>
    `asyncapi: 3.0.0\ninfo:\n  title: t\n  version: 1.0.0\n  description: ${description}\ncomponents:\n  schemas:\n    V:\n      type: string\n`;
  fs.mkdirSync(path.join(work, "defs"));
  fs.writeFileSync(path.join(work, "defs", "x.yaml"), typeFile("types"));
  fs.mkdirSync(path.join(work, "api", "a_API"), { recursive: true });
  fs.writeFileSync(path.join(work, "api", "a_API", "asyncapi.yaml"), spec("First words."));
  const page = (): string => {
    try {
      return fs.readFileSync(path.join(work, "out", "docs", "api", "a.md"), "utf8");
    } catch {
      return "";
    }
  };
  watch("defs", "out", ["--api", "api"]);
  await until("watching", () => stdout.includes("watching"));
  expect(page()).toContain("First words.");
  saveByRename(path.join(work, "api", "a_API", "asyncapi.yaml"), spec("Second words."));
  await until("regenerated on a save in the spec's folder", () => page().includes("Second words."));
  // A spec folder made while watching is read too, and then watched.
  fs.mkdirSync(path.join(work, "api", "b_API"));
  fs.writeFileSync(path.join(work, "api", "b_API", "asyncapi.yaml"), spec("Third words."));
  await until("the new spec read", () => stdout.includes("2 API specs"));
  fs.writeFileSync(path.join(work, "api", "b_API", "asyncapi.yaml"), spec("Fourth words."));
  await until("a save in the new folder seen", () => fs.existsSync(path.join(work, "out", "docs", "api", "b.md")) && fs.readFileSync(path.join(work, "out", "docs", "api", "b.md"), "utf8").includes("Fourth words."));
});

test("--defs naming one file: every save by rename is seen, not only the first", async () => {
  const file = path.join(work, "x.yaml");
  const out = path.join(work, "out");
  fs.writeFileSync(file, typeFile("zero"));
  watch("x.yaml", "out");
  await until("watching", () => stdout.includes("watching"));
  for (const word of ["one", "two", "three"]) {
    saveByRename(file, typeFile(word));
    await until(`save "${word}" regenerated`, () => docOf(out).includes(word));
  }
  // A save in place too.
  fs.writeFileSync(file, typeFile("four"));
  await until("save in place regenerated", () => docOf(out).includes("four"));
});

test("files beside a watched file do not trigger runs", async () => {
  const file = path.join(work, "x.yaml");
  fs.writeFileSync(file, typeFile("zero"));
  watch("x.yaml", "out");
  await until("watching", () => stdout.includes("watching"));
  const runs = (): number => stdout.split("\n").filter((l) => l.includes("wrote")).length;
  const before = runs();
  fs.writeFileSync(path.join(work, "unrelated.txt"), "hello\n");
  await new Promise((r) => setTimeout(r, 1_000));
  expect(runs()).toBe(before);
});

test("Ctrl-C during a run: the run finishes first, its tree is in place and nothing is left beside it", async () => {
  // Enough types that a run takes long enough to be interrupted in the middle.
  const { defs, out } = defsWith(many("first"));
  watch("defs", "out");
  await until("watching", () => stdout.includes("watching"), 60_000);
  fs.writeFileSync(path.join(defs, "x.yaml"), many("second"));
  // The run has begun writing: its staging folder is there.
  await until("the run's staging folder", () => beside().some((n) => n.startsWith("out.tmp-")), 60_000);
  const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
  child!.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(fs.readFileSync(path.join(out, "docs", "x.md"), "utf8")).toContain("second 1499");
  expect(beside()).toEqual([]);
}, 120_000);

test("Ctrl-C during the first run: it finishes too, its tree in place and nothing left beside it", async () => {
  // An earlier output for the first run to replace.
  const { defs, out } = defsWith(typeFile("before"));
  watch("defs", "out");
  await until("watching", () => stdout.includes("watching"));
  await stopProcess(child!);
  child = undefined;
  fs.writeFileSync(path.join(defs, "x.yaml"), many("second", 300));
  watch("defs", "out");
  await until("the first run's staging folder", () => beside().some((n) => n.startsWith("out.tmp-")), 60_000);
  const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
  child!.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(docOf(out)).toContain("second 299");
  expect(beside()).toEqual([]);
}, 120_000);

test("a save while the first run is under way is heard: one more run follows it", async () => {
  const { defs, out } = defsWith(many("first", 300));
  watch("defs", "out");
  await until("the first run's staging folder", () => beside().some((n) => n.startsWith("out.tmp-")), 60_000);
  fs.writeFileSync(path.join(defs, "x.yaml"), typeFile("second"));
  await until("the save regenerated", () => docOf(out).includes("second"), 60_000);
  expect(docOf(out)).not.toContain("first");
}, 120_000);

test("the folder holding the defs folder deleted and made again: still watched, never exits", async () => {
  const sub = path.join(work, "sub");
  const defs = path.join(sub, "defs");
  const out = path.join(work, "out");
  fs.mkdirSync(defs, { recursive: true });
  fs.writeFileSync(path.join(defs, "x.yaml"), typeFile("first"));
  watch(path.join("sub", "defs"), "out");
  await until("watching", () => stdout.includes("watching"));
  fs.rmSync(sub, { recursive: true });
  await until("the missing folder reported", () => /defs: no such file or directory/.test(stderr));
  // Nothing is left to watch but folders above: the watch must go on all the same.
  await new Promise((r) => setTimeout(r, 500));
  expect(child!.exitCode).toBeNull();
  fs.mkdirSync(defs, { recursive: true });
  fs.writeFileSync(path.join(defs, "x.yaml"), typeFile("second"));
  await until("regenerated after the folders came back", () => docOf(out).includes("second"));
  fs.writeFileSync(path.join(defs, "x.yaml"), typeFile("third"));
  await until("regenerated on a save in the new folder", () => docOf(out).includes("third"));
  expect(child!.exitCode).toBeNull();
});
