/**
 * What `everest-typegen validate` reads: regular files given by path, and
 * standard input (`-` or no file), each at most LIMITS.maxValidateInputBytes
 * (README, "Limits on input"). A device (/dev/zero, /dev/null), a FIFO, a
 * socket or a folder given by path is refused before it is opened; a longer
 * document, from a file or standard input, is refused once it passes the
 * bound. Each refusal: exit 2, one line on stderr, within seconds and with
 * bounded memory (the child reports its peak RSS).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { LIMITS } from "../generator/limits";
import { BIN, ROOT, tempDir, cliEnv } from "./helpers/cli";

const MAX = LIMITS.maxValidateInputBytes;
const MIB = MAX / (1024 * 1024);
const REF = "ocpp/EVSE";
/** Generous for a loaded CI machine; measured: about 0.2 s for a refused path, 0.5 s for 16 MiB of stdin. */
const SECONDS = 10;
/** Peak RSS of a refusal, in MB: node itself is about 50, the bound's buffer 16 more. */
const MAX_RSS_MB = 250;
const posix = process.platform !== "win32";

let work: string;
/** Runs the CLI in a child that reports its peak RSS on stderr's last line. */
let wrapper: string;

beforeAll(() => {
  work = tempDir("etg-input-");
  wrapper = path.join(work, "rss.js");
  fs.writeFileSync(wrapper, `process.on("exit", () => process.stderr.write("\\nmaxrss " + process.resourceUsage().maxRSS + "\\n"));\nrequire(${JSON.stringify(BIN)});\n`);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  /** stderr without the RSS line. */
  stderr: string;
  seconds: number;
  rssMb: number;
}

/** `validate REF ...files` with stdin from `stdin` (a file descriptor's path, bytes to pipe, or nothing). */
function validate(files: readonly string[], stdin?: { path: string } | Buffer): Run {
  const fd = stdin !== undefined && !Buffer.isBuffer(stdin) ? fs.openSync(stdin.path, "r") : undefined;
  const started = Date.now();
  try {
    const r = spawnSync(process.execPath, [wrapper, "validate", REF, ...files], {
      cwd: ROOT,
      input: Buffer.isBuffer(stdin) ? stdin : undefined,
      stdio: [fd ?? "pipe", "pipe", "pipe"],
      encoding: "utf8",
      env: cliEnv(),
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const m = /\nmaxrss (\d+)\n$/.exec(r.stderr);
    return {
      code: r.status,
      stdout: r.stdout,
      stderr: m === null ? r.stderr : r.stderr.slice(0, m.index),
      seconds: (Date.now() - started) / 1000,
      rssMb: m === null ? Infinity : Number(m[1]) / 1024,
    };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function expectRefused(r: Run, line: string): void {
  expect([r.code, r.stdout, r.stderr]).toEqual([2, "", `everest-typegen: ${line}\n`]);
  expect(r.seconds).toBeLessThan(SECONDS);
  expect(r.rssMb).toBeLessThan(MAX_RSS_MB);
}

const notRegular = (p: string, kind: string): string => `${p}: not a regular file (${kind}); validate reads regular files, and standard input given as - or no file`;
const tooLarge = (name: string): string => `${name}: larger than ${MIB} MiB, the most validate reads of one document`;

describe("paths that are not regular files are refused before they are opened", () => {
  (posix ? test : test.skip)("/dev/zero and /dev/null (character devices), and a link to one", () => {
    expectRefused(validate(["/dev/zero"]), notRegular("/dev/zero", "a character device"));
    expectRefused(validate(["/dev/null"]), notRegular("/dev/null", "a character device"));
    const link = path.join(work, "zero.json");
    fs.symlinkSync("/dev/zero", link);
    expectRefused(validate([link]), notRegular(link, "a character device"));
  });

  (posix ? test : test.skip)("a FIFO with no writer: refused at once, not waited on", () => {
    const fifo = path.join(work, "pipe.json");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expectRefused(validate([fifo]), notRegular(fifo, "a FIFO"));
  });

  (posix ? test : test.skip)("a socket", async () => {
    const sock = path.join(work, "s.sock");
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      expectRefused(validate([sock]), notRegular(sock, "a socket"));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("a folder", () => {
    expectRefused(validate([work]), notRegular(work, "a folder"));
  });

  test("a refused path among good files: nothing is judged (exit 2, no verdict printed)", () => {
    const good = path.join(work, "good.json");
    fs.writeFileSync(good, '{"id": 1}');
    expectRefused(validate([good, work]), notRegular(work, "a folder"));
  });
});

describe(`at most ${MIB} MiB of one document`, () => {
  /** `{"id": 1}` padded with spaces to `size` bytes: valid JSON of exactly that length. */
  const padded = (size: number): Buffer => {
    const doc = Buffer.alloc(size, 0x20);
    doc.write('{"id": 1}', 0);
    return doc;
  };

  test("a regular file of exactly the bound is read; one byte more is refused without reading it", () => {
    const atBound = path.join(work, "at.json");
    const over = path.join(work, "over.json");
    fs.writeFileSync(atBound, padded(MAX));
    fs.writeFileSync(over, padded(MAX + 1));
    const ok = validate([atBound]);
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, `${atBound}: valid ${REF}\n`, ""]);
    expectRefused(validate([over]), tooLarge(over));
    fs.rmSync(atBound);
    fs.rmSync(over);
  });

  test("standard input of exactly the bound is read; one byte more is refused", () => {
    const ok = validate([], padded(MAX));
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, `<stdin>: valid ${REF}\n`, ""]);
    expectRefused(validate(["-"], padded(MAX + 1)), tooLarge("<stdin>"));
  });

  (posix ? test : test.skip)("endless standard input (< /dev/zero) ends at the bound, as `-` and with no file", () => {
    expectRefused(validate([], { path: "/dev/zero" }), tooLarge("<stdin>"));
    expectRefused(validate(["-"], { path: "/dev/zero" }), tooLarge("<stdin>"));
  });

  (posix ? test : test.skip)("empty standard input (< /dev/null) is no JSON value: exit 2", () => {
    const r = validate([], { path: "/dev/null" });
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toMatch(/^everest-typegen: <stdin>:1:1: invalid JSON: no JSON value/);
  });
});

describe("numbers written as floats cost the places they are at, not floats times depth", () => {
  const judged = (name: string, text: string): Run => {
    const file = path.join(work, name);
    fs.writeFileSync(file, text);
    const r = validate([file]);
    fs.rmSync(file);
    return r;
  };

  test("5,001 floats 10,000 arrays deep (40 kB): judged in seconds (it took 37-42 s)", () => {
    const r = judged("deep.json", `${"[".repeat(10_000)}${"1.0,".repeat(5_000)}1.0${"]".repeat(10_000)}`);
    expect([r.code, r.stderr]).toEqual([1, ""]);
    expect(r.stdout).toMatch(/: invalid ocpp\/EVSE\n {2}\(root\): must be object\n$/);
    expect(r.seconds).toBeLessThan(SECONDS);
  });

  test("6,001 floats under a key of 100,000 characters: judged in seconds (it took over a minute)", () => {
    const r = judged("long-key.json", `{"id": 1, ${JSON.stringify("k".repeat(100_000))}: [${"1.0,".repeat(6_000)}1.0]}`);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.seconds).toBeLessThan(SECONDS);
  });

  test("a float where an integer is wanted is still named, beside others in keys with `/` and `~`", () => {
    const r = judged("named.json", '{"id": 2.0, "a/b~c": [1.5, {"x": 0.5}], "connectorId": 3}');
    expect([r.code, r.stderr]).toEqual([1, ""]);
    expect(r.stdout).toMatch(/\n {2}\/id: must be integer \(written as a float: EVerest's runtime reads it as one\)\n$/);
  });
});
