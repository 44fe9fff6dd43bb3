/**
 * Real MQTT brokers for the EVerest API client tests, each started by the
 * test that uses it on a free port of 127.0.0.1 and stopped by it:
 *
 * - aedes, embedded (./mqtt-broker.mjs, in a process of its own): always;
 * - mosquitto, EVerest's own broker, from Debian's `mosquitto` package: when
 *   /usr/sbin/mosquitto (or MOSQUITTO_PATH) exists. `.ci/run` installs it and
 *   sets EVEREST_TYPEGEN_REQUIRE_MOSQUITTO, under which a missing binary fails
 *   the tests instead of skipping them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface Broker {
  readonly name: string;
  readonly url: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

export function mosquittoPath(): string | null {
  const p = process.env["MOSQUITTO_PATH"] ?? "/usr/sbin/mosquitto";
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return p;
  } catch {
    return null;
  }
}

/** Whether the mosquitto tests must run (CI), so that a missing binary fails rather than skips. */
export function mosquittoRequired(): boolean {
  return process.env["EVEREST_TYPEGEN_REQUIRE_MOSQUITTO"] !== undefined;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
    child.kill("SIGTERM");
  });
}

/** aedes in a child process; it prints its port once listening. */
export function startAedes(): Promise<Broker> {
  const child = spawn(process.execPath, [path.join(__dirname, "mqtt-broker.mjs")], { stdio: ["pipe", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`aedes did not start within ${START_TIMEOUT_MS} ms: ${err}`));
    }, START_TIMEOUT_MS);
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0];
      if (!out.includes("\n") || line === undefined) return;
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      resolve({ name: "aedes", url: `mqtt://127.0.0.1:${port}`, stop: () => stopChild(child) });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`aedes exited with ${code}: ${err}`));
    });
  });
}

/** A port free on 127.0.0.1 now (mosquitto takes its port from its config, not port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, "127.0.0.1");
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

/** Debian's mosquitto on a free port, anonymous, no persistence, its config in a temp folder. */
export async function startMosquitto(binary: string): Promise<Broker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etg-mosquitto-"));
  const port = await freePort();
  const config = path.join(dir, "mosquitto.conf");
  fs.writeFileSync(config, [`listener ${port} 127.0.0.1`, "allow_anonymous true", "persistence false", "log_dest stderr", "log_type error", ""].join("\n"));
  const child = spawn(binary, ["-c", config], { stdio: ["pipe", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await canConnect(port)) return { name: "mosquitto", url: `mqtt://127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`mosquitto did not start on port ${port}: ${err}`);
}

/** The brokers to test against here: aedes, and mosquitto where present (or required). */
export function brokerKinds(): { name: string; start: () => Promise<Broker> }[] {
  const kinds = [{ name: "aedes", start: startAedes }];
  const binary = mosquittoPath();
  if (binary !== null) kinds.push({ name: "mosquitto", start: () => startMosquitto(binary) });
  else if (mosquittoRequired()) kinds.push({ name: "mosquitto", start: () => Promise.reject(new Error("no mosquitto binary, and this run requires it")) });
  else console.log(`mosquitto: its part skipped, no ${process.env["MOSQUITTO_PATH"] ?? "/usr/sbin/mosquitto"} (install Debian's mosquitto or set MOSQUITTO_PATH)`);
  return kinds;
}
