/**
 * The generated package in a real browser (issue 15): headless Chromium (Debian's
 * `chromium` package, or $CHROMIUM_PATH) loads two pages from a node:http server
 * this test starts on 127.0.0.1 (a free port) and stops:
 *
 * 1. an app bundled with esbuild against the committed generated/ package;
 * 2. the same app unbundled, its bare imports mapped by an import map to the
 *    package's own ES modules (the `import` targets of its package.json
 *    `exports`), served as they lie in generated/.
 *
 * The app validates a valid and an invalid BootNotificationResponse with
 * validate() (both ref forms), isX (root namespace and /ocpp subpath) and
 * assertX, and writes its verdicts into the page; Chromium prints the page
 * (`--dump-dom`) and the test reads them there. Unbundled, the browser may
 * fetch only `.mjs` files of the package: an ES module that reaches a CommonJS
 * file cannot run in a browser.
 *
 * Without a Chromium binary the suite says so in one line and skips; under CI
 * (`CI` or `EVEREST_TYPEGEN_REQUIRE_BROWSER` set, as .ci/run does) it fails.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { GENERATED, PACKAGE, bundleApp, linkedProject } from "./helpers/bundle";

const DEFAULT_CHROMIUM = "/usr/bin/chromium";
const REQUIRED = Boolean(process.env["CI"] || process.env["EVEREST_TYPEGEN_REQUIRE_BROWSER"]);

function findChromium(): string | null {
  const explicit = process.env["CHROMIUM_PATH"];
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  return isExecutable(DEFAULT_CHROMIUM) ? DEFAULT_CHROMIUM : null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const CHROMIUM = findChromium();
if (CHROMIUM === null) {
  if (REQUIRED) throw new Error(`browser: no Chromium at ${DEFAULT_CHROMIUM} (set CHROMIUM_PATH): CI runs the browser test unconditionally (apt-get install chromium)`);
  console.log(`browser: skipped, no Chromium at ${DEFAULT_CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)`);
}
const suite = CHROMIUM !== null ? describe : describe.skip;

/** Wall-clock bound of one Chromium run; past it the browser's process group is killed. */
const BROWSER_TIMEOUT_MS = 60_000;

/** The app both pages run: its module exports run(), whose verdicts the page writes out. */
const APP = `import { validate, ocpp, ValidationError } from "${PACKAGE}";
import { isBootNotificationResponse, assertBootNotificationResponse, isEVSE, RegistrationStatus } from "${PACKAGE}/ocpp";

const valid = { status: "Accepted", current_time: "2024-05-01T12:00:00Z", interval: 300 };
const invalid = { status: "Maybe", current_time: "2024-02-30T12:00:00Z", interval: 1.5 };

function asserted(assert, value) {
  try {
    assert(value);
    return "passed";
  } catch (e) {
    return {
      name: e.name,
      instanceOfValidationError: e instanceof ValidationError,
      typeRef: e.typeRef,
      paths: e.issues.map((i) => i.path),
    };
  }
}

export function run() {
  const ok = validate("ocpp/BootNotificationResponse", valid);
  const bad = validate("/ocpp#/BootNotificationResponse", invalid);
  return {
    validateValid: { valid: ok.valid, errors: ok.errors.length },
    validateInvalid: { valid: bad.valid, issues: bad.errors.map((e) => [e.path, e.keyword]) },
    isRoot: [ocpp.isBootNotificationResponse(valid), ocpp.isBootNotificationResponse(invalid)],
    isSubpath: [isBootNotificationResponse(valid), isBootNotificationResponse(invalid)],
    assertValid: asserted(assertBootNotificationResponse, valid),
    assertInvalid: asserted(ocpp.assertBootNotificationResponse, invalid),
    isEVSE: [isEVSE({ id: 1 }), isEVSE({ id: 0 })],
    enumValue: RegistrationStatus.Accepted,
  };
}
`;

const EXPECTED = {
  validateValid: { valid: true, errors: 0 },
  validateInvalid: {
    valid: false,
    issues: [
      ["/status", "enum"],
      ["/current_time", "format"],
      ["/interval", "type"],
    ],
  },
  isRoot: [true, false],
  isSubpath: [true, false],
  assertValid: "passed",
  assertInvalid: {
    name: "ValidationError",
    instanceOfValidationError: true,
    typeRef: "ocpp/BootNotificationResponse",
    paths: ["/status", "/current_time", "/interval"],
  },
  isEVSE: [true, false],
  enumValue: "Accepted",
};

/**
 * A page that imports ./app.mjs and writes run()'s verdicts, or the error that
 * stopped it, into <pre id="result"> (URI-encoded, so no HTML escaping stands
 * between the page and the test).
 */
function page(head = ""): string {
  return `<!doctype html>
<html><head><meta charset="utf-8">${head}</head><body>
<pre id="result">pending</pre>
<script>
  const show = (text) => { document.getElementById("result").textContent = encodeURIComponent(text); };
  import("./app.mjs").then((m) => show(JSON.stringify({ ok: m.run() })), (e) => show(JSON.stringify({ error: String(e && e.stack || e) })));
</script>
</body></html>
`;
}

/** The import map of the unbundled page: the package's entry points as its `exports` name them for `import`. */
function importMap(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(GENERATED, "package.json"), "utf8")) as { exports: Record<string, { import: { default: string } }> };
  const imports: Record<string, string> = {};
  for (const sub of [".", "./ocpp"]) {
    const target = pkg.exports[sub]?.import.default;
    if (target === undefined) throw new Error(`generated/package.json exports no "import" target for ${sub}`);
    imports[sub === "." ? PACKAGE : `${PACKAGE}/${sub.slice(2)}`] = `/pkg/${target.replace(/^\.\//, "")}`;
  }
  return JSON.stringify({ imports });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
};

interface Served {
  readonly url: string;
  readonly status: number;
}

/** Serves in-memory pages, and generated/ read-only under /pkg/; logs every request. */
class Server {
  private readonly server: http.Server;
  readonly pages = new Map<string, string>();
  log: Served[] = [];
  port = 0;

  constructor() {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      const body = this.lookup(url);
      this.log.push({ url, status: body === null ? 404 : 200 });
      if (body === null) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(url)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    });
  }

  private lookup(url: string): string | Buffer | null {
    const inMemory = this.pages.get(url);
    if (inMemory !== undefined) return inMemory;
    if (!url.startsWith("/pkg/")) return null;
    const file = path.resolve(GENERATED, decodeURIComponent(url.slice("/pkg/".length)));
    if (!file.startsWith(GENERATED + path.sep)) return null;
    try {
      return fs.statSync(file).isFile() ? fs.readFileSync(file) : null;
    } catch {
      return null;
    }
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface PageResult {
  readonly ok?: unknown;
  readonly error?: string;
}

/** Loads a page in headless Chromium with a fresh profile; the verdict it wrote. Never waits past BROWSER_TIMEOUT_MS. */
function loadInChromium(url: string): Promise<PageResult> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "etg-chromium-"));
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    `--user-data-dir=${profile}`,
    "--virtual-time-budget=10000",
    "--dump-dom",
    url,
  ];
  return new Promise<PageResult>((resolve, reject) => {
    // Its own process group, so a hung browser goes with all its children.
    // HOME and the XDG folders inside the fresh profile too: the browser writes nothing outside it.
    const env = { ...process.env, HOME: profile, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile };
    const child = spawn(CHROMIUM!, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, BROWSER_TIMEOUT_MS);
    const finish = (error: Error | null): void => {
      clearTimeout(timer);
      fs.rmSync(profile, { recursive: true, force: true });
      if (error) return reject(error);
      const m = /<pre id="result">([^<]*)<\/pre>/.exec(stdout);
      if (m === null) return reject(new Error(`Chromium printed no result element for ${url}\n${stdout.slice(0, 2000)}\n${stderr.slice(-2000)}`));
      const text = decodeURIComponent(m[1]!);
      if (text === "pending") return reject(new Error(`the page never finished: ${url}`));
      resolve(JSON.parse(text) as PageResult);
    };
    child.once("error", (e) => finish(e));
    child.once("close", (code, signal) => {
      if (timedOut) finish(new Error(`Chromium did not finish ${url} within ${BROWSER_TIMEOUT_MS} ms; killed`));
      else if (code !== 0) finish(new Error(`Chromium exited ${code ?? signal} on ${url}\n${stderr.slice(-2000)}`));
      else finish(null);
    });
  });
}

suite("the generated package in headless Chromium", () => {
  const server = new Server();
  let project = "";

  beforeAll(async () => {
    project = linkedProject("etg-browser-");
    server.pages.set("/bundled/page.html", page());
    server.pages.set("/bundled/app.mjs", await bundleApp(APP, project, { minify: false }));
    server.pages.set("/unbundled/page.html", page(`\n<script type="importmap">${importMap()}</script>`));
    server.pages.set("/unbundled/app.mjs", APP);
    await server.listen();
  });

  afterAll(async () => {
    await server.close();
    if (project !== "") fs.rmSync(project, { recursive: true, force: true });
  });

  describe("an app bundled with esbuild", () => {
    let result: PageResult = {};
    beforeAll(async () => {
      server.log = [];
      result = await loadInChromium(`http://127.0.0.1:${server.port}/bundled/page.html`);
    });

    test("validate(), isX and assertX give the exact verdicts, with the invalid message's JSON pointers", () => {
      expect(result).toEqual({ ok: EXPECTED });
    });
  });

  describe("the package's unbundled ES modules through an import map", () => {
    let result: PageResult = {};
    let requests: Served[] = [];
    beforeAll(async () => {
      server.log = [];
      result = await loadInChromium(`http://127.0.0.1:${server.port}/unbundled/page.html`);
      requests = server.log;
    });

    test("validate(), isX and assertX give the exact verdicts, with the invalid message's JSON pointers", () => {
      expect(result).toEqual({ ok: EXPECTED });
    });

    test("the browser fetched only .mjs files of the package, every one found", () => {
      const fetched = requests.filter((r) => r.url.startsWith("/pkg/"));
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.filter((r) => !r.url.endsWith(".mjs") || r.status !== 200)).toEqual([]);
    });
  });
});
