/**
 * The generated EVerest API clients, with generated clients on both sides,
 * through real MQTT brokers: aedes embedded (always) and Debian's mosquitto,
 * EVerest's own broker (where installed; `.ci/run` installs it and requires
 * it). Each broker is started on a free local port by this file and stopped
 * by it; every wait is bounded.
 *
 * Messages are the specs' own examples (kept in the model with each message),
 * so each round trip carries what EVerest documents, for powermeter,
 * power_supply_DC and evse_board_support, plus auth_consumer for latching.
 * The README's client example compiles here under strict tsc against the
 * generated package and MQTT.js's own types.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { MqttClient } from "mqtt";
import { type Model, loadModel, readDefs } from "../generator/index";
import { clientOperations } from "../generator/emit/clients/client-operations";
import { copyOfEverestTree } from "./helpers/shared-trees";
import { ROOT, tempDir } from "./helpers/cli";
import { type Broker, brokerKinds } from "./helpers/brokers";

// MQTT.js is CommonJS-loadable; jest's runtime takes it as it is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mqtt = require("mqtt") as typeof import("mqtt");

const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");
const SPECS = path.join(TREE, "docs", "source", "reference", "EVerest_API");
const present = fs.existsSync(SPECS);
if (!present) {
  if (process.env["CI"]) throw new Error(`EVerest API specs not found at ${SPECS}`);
  console.log(`api-clients: skipped, no EVerest tree at ${TREE} (set EVEREST_DIR)`);
}
const suite = present ? describe : describe.skip;

const WAIT_MS = 5000;

interface Side {
  [method: string]: unknown;
  close(): void;
}
type ClientModule = {
  createClient(connection: MqttClient, options: object): Side;
  createEverestSide(connection: MqttClient, options: object): Side;
  waitForReadyBeacon(connection: MqttClient, options?: object): Promise<void>;
  publishReadyBeacon(connection: MqttClient): Promise<void>;
};
type Subscription = (() => void) & { ready: Promise<void> };
interface ClientError {
  kind: string;
  topic: string;
  operation: string | null;
  issues: { path: string; keyword: string }[];
}

/** Resolves with the first value `register` hands its callback, or rejects after WAIT_MS. */
function firstValue<T>(register: (take: (v: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing arrived within ${WAIT_MS} ms`)), WAIT_MS);
    register((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

/** Waits until `ok()` holds, polling; fails after `ms`. */
async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`not so within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function connect(url: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: WAIT_MS });
}

suite("EVerest API clients", () => {
  let out: string;
  let model: Model;
  beforeAll(() => {
    out = tempDir("etg-clients-");
    // What that generate writes and prints, made once for the run (test/helpers/shared-trees.ts).
    const r = copyOfEverestTree(TREE, out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    model = loadModel(readDefs(path.join(TREE, "types")), { api: readDefs(SPECS) }).model!;
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  const clientOf = (name: string): ClientModule => require(path.join(out, "api", name, "client.js")) as ClientModule;
  /** The first example of each message of spec `name`, by message ref. */
  const examples = (name: string): Map<string, unknown> => {
    const m = model.apis.find((a) => a.name === name)!;
    const out = new Map<string, unknown>();
    for (const e of m.api.examples) if (!out.has(e.message.ref)) out.set(e.message.ref, e.value);
    return out;
  };
  const operations = (name: string) => clientOperations(model.apis.find((a) => a.name === name)!);

  test("every spec has a client with one method per addressed operation on each side", () => {
    for (const m of model.apis) {
      const mod = clientOf(m.name);
      const fake = { on: () => undefined, removeListener: () => undefined, subscribe: () => undefined, unsubscribe: () => undefined, publish: () => undefined } as unknown as MqttClient;
      const client = mod.createClient(fake, { moduleId: "x" });
      const everest = mod.createEverestSide(fake, { moduleId: "x" });
      for (const o of clientOperations(m)) {
        expect([m.name, o.method, typeof client[o.method]]).toEqual([m.name, o.method, "function"]);
        expect([m.name, o.mirror, typeof everest[o.mirror]]).toEqual([m.name, o.mirror, "function"]);
      }
    }
  });

  test("the ES module clients export what the CommonJS ones do, and share the enum objects and ValidationError (run by node)", () => {
    const script = `
      const { createRequire } = await import("node:module");
      const require = createRequire(process.argv[1] + "/");
      for (const name of ${JSON.stringify(model.apis.map((m) => m.name))}) {
        const esm = await import(process.argv[1] + "/api/" + name + "/client.mjs");
        const cjs = require(process.argv[1] + "/api/" + name + "/client.js");
        if (JSON.stringify(Object.keys(esm).sort()) !== JSON.stringify(Object.keys(cjs).sort())) throw new Error(name + ": exports differ");
      }
      const esmRoot = await import(process.argv[1] + "/index.mjs");
      const cjsRoot = require(process.argv[1] + "/index.js");
      if (esmRoot.ValidationError !== cjsRoot.ValidationError) throw new Error("two ValidationError classes");
      console.log("ok");`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, out], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("ok\n");
  });

  test("each spec's docs page lists every operation with its full topic, its message and reply, and both sides' methods", () => {
    for (const m of model.apis) {
      const page = fs.readFileSync(path.join(out, "docs", "api", `${m.name}.md`), "utf8");
      const pathname = m.api.servers.find((s) => s.pathname !== undefined)!.pathname!;
      for (const o of clientOperations(m)) {
        const row = page.split("\n").find((l) => l.startsWith(`| \`${o.op.name}\` |`));
        expect([m.name, o.op.name, row !== undefined]).toEqual([m.name, o.op.name, true]);
        expect(row).toContain(`\`${pathname}/${o.address}\``);
        expect(row).toContain(`\`${o.method}\` / \`${o.mirror}\``);
        expect(row).toContain(o.reply === null ? "| none |" : `(#`);
      }
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8")) as { exports: Record<string, unknown>; peerDependencies: unknown; peerDependenciesMeta: unknown; dependencies?: unknown };
    expect(pkg.exports["./api/powermeter/client"]).toEqual({
      import: { types: "./api/powermeter/client.d.mts", default: "./api/powermeter/client.mjs" },
      require: { types: "./api/powermeter/client.d.ts", default: "./api/powermeter/client.js" },
    });
    expect([pkg.dependencies, pkg.peerDependencies, pkg.peerDependenciesMeta]).toEqual([undefined, { mqtt: ">=5" }, { mqtt: { optional: true } }]);
    // The package's README lists every spec's client, with a link to its operations.
    const readme = fs.readFileSync(path.join(out, "README.md"), "utf8");
    expect(readme).toContain("## EVerest API clients");
    for (const m of model.apis) expect(readme).toContain(`| \`@everest-typegen/types/api/${m.name}/client\` | ${clientOperations(m).length} | `);
  });

  test("an instance id that is not one topic level is refused", () => {
    const mod = clientOf("powermeter");
    const fake = { on: () => undefined } as unknown as MqttClient;
    for (const bad of ["a/b", "+", "#", "", "a\u0000b", "a\u0001b", "a\u009fb", "a\uffffb", "a\ud800b", "\udc00"]) {
      expect(() => mod.createClient(fake, { moduleId: bad })).toThrow(/one MQTT topic level/);
    }
    for (const good of ["pm1", "caf\u00e9", "\ud83d\ude00"]) expect(() => mod.createClient(fake, { moduleId: good })).not.toThrow();
  });

  /** A connection that holds each subscription's confirmation until `confirm()`, and delivers what `deliver` is given. */
  function slowConnection() {
    const listeners: ((topic: string, payload: Buffer) => void)[] = [];
    const pending: (() => void)[] = [];
    const conn = {
      on: (_e: string, l: (topic: string, payload: Buffer) => void) => void listeners.push(l),
      removeListener: () => undefined,
      subscribe: (_t: string, _o: object, cb: (e?: Error) => void) => void pending.push(() => cb()),
      unsubscribe: (_t: string, cb: () => void) => cb(),
      publish: (_t: string, _p: string, _o: object, cb: (e?: Error) => void) => cb(),
    };
    return {
      conn: conn as unknown as MqttClient,
      deliver: (topic: string, body: string) => listeners.forEach((l) => l(topic, Buffer.from(body))),
      confirm: () => pending.splice(0).forEach((f) => f()),
    };
  }

  test("a handler unsubscribed before the broker confirmed its subscription is never called", async () => {
    const mod = clientOf("powermeter");
    const { conn, deliver, confirm } = slowConnection();
    const client = mod.createClient(conn, { moduleId: "pm1" });
    let calls = 0;
    const stop = (client["receiveRequestStartTransaction"] as (h: () => unknown) => (() => void) & { ready: Promise<void> })(() => void calls++);
    stop();
    const payload = { transaction_id: "t", evse_id: "e", identification_status: "ASSIGNED", identification_flags: [], identification_type: "ISO14443" };
    deliver("everest_api/1/powermeter/pm1/e2m/start_transaction", JSON.stringify({ headers: { replyTo: "r/1" }, payload }));
    confirm();
    await stop.ready;
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(0);
  });

  test("a timeout of Infinity, or longer than a timer holds, waits instead of ending at once", async () => {
    const mod = clientOf("power_supply_DC");
    const { conn } = slowConnection();
    const client = mod.createClient(conn, { moduleId: "ps1" });
    for (const timeoutMs of [Infinity, 2 ** 32]) {
      const controller = new AbortController();
      let settled = false;
      const next = (client["heartbeat"] as { next(o?: object): Promise<number> }).next({ timeoutMs, signal: controller.signal });
      void next.then(() => (settled = true), () => (settled = true));
      await new Promise((r) => setTimeout(r, 100));
      expect(settled).toBe(false);
      controller.abort(new Error("done"));
      await expect(next).rejects.toThrow("done");
    }
  });

  test("every client's declarations compile under strict tsc with no DOM lib and no Node types", () => {
    const dir = tempDir("etg-clients-dts-");
    try {
      fs.mkdirSync(path.join(dir, "node_modules", "@everest-typegen"), { recursive: true });
      fs.symlinkSync(out, path.join(dir, "node_modules", "@everest-typegen", "types"));
      const lines = model.apis.flatMap((m, i) => [
        `import * as c${i} from "@everest-typegen/types/api/${m.name}/client";`,
        `export const client${i}: (connection: Parameters<typeof c${i}.createClient>[0]) => c${i}.Client = (connection) => c${i}.createClient(connection, { moduleId: "m" });`,
      ]);
      // The instance id is required where the topics have one.
      lines.push(`// @ts-expect-error no moduleId`, `export const noId = (c: Parameters<typeof c0.createClient>[0]) => c0.createClient(c, {});`);
      const file = path.join(dir, "consumer.ts");
      fs.writeFileSync(file, `${lines.join("\n")}\n`);
      const program = ts.createProgram({
        rootNames: [file],
        options: {
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noEmit: true,
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          moduleResolution: ts.ModuleResolutionKind.Bundler,
          lib: ["lib.es2022.d.ts"],
          types: [],
        },
      });
      const diags = ts.getPreEmitDiagnostics(program);
      expect(ts.formatDiagnostics(diags, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" })).toBe("");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the README's client example compiles under strict tsc against the package and MQTT.js's types", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = /<!-- readme-api-client:[^>]*-->\n```ts\n([^]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const dir = tempDir("etg-readme-client-");
    try {
      fs.mkdirSync(path.join(dir, "node_modules", "@everest-typegen"), { recursive: true });
      fs.symlinkSync(out, path.join(dir, "node_modules", "@everest-typegen", "types"));
      fs.symlinkSync(path.join(ROOT, "node_modules", "mqtt"), path.join(dir, "node_modules", "mqtt"));
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
      const file = path.join(dir, "app.ts");
      fs.writeFileSync(file, block![1]!);
      const program = ts.createProgram({
        rootNames: [file],
        options: {
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noEmit: true,
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          types: ["node"],
          typeRoots: [path.join(ROOT, "node_modules", "@types")],
          skipLibCheck: true,
        },
      });
      const diags = ts.getPreEmitDiagnostics(program);
      expect(ts.formatDiagnostics(diags, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" })).toBe("");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.each(brokerKinds().map((k) => [k.name, k] as const))("through %s", (_name, kind) => {
    let broker: Broker;
    let a: MqttClient;
    let b: MqttClient;
    beforeAll(async () => {
      broker = await kind.start();
      [a, b] = await Promise.all([connect(broker.url), connect(broker.url)]);
    }, 20_000);
    afterAll(async () => {
      await Promise.all([a, b].filter((c) => c !== undefined).map((c) => c.endAsync()));
      await broker?.stop();
    }, 20_000);

    /** Client and EVerest side of spec `name` on the two connections, their errors collected. */
    const pair = (name: string, options: object = {}) => {
      const errors: ClientError[] = [];
      const mod = clientOf(name);
      const instance = `${name}_${Math.floor(Math.random() * 1e9)}`;
      const client = mod.createClient(a, { moduleId: instance, onError: (e: ClientError) => errors.push(e), ...options });
      const everest = mod.createEverestSide(b, { moduleId: instance, onError: (e: ClientError) => errors.push(e), ...options });
      return { client, everest, errors, instance, close: () => (client.close(), everest.close()) };
    };

    test.each(["powermeter", "power_supply_DC", "evse_board_support"])(
      "%s: every example crosses in its direction, and every request gets its example reply",
      async (name) => {
        const { client, everest, errors, close } = pair(name);
        const ex = examples(name);
        let crossed = 0;
        try {
          for (const o of operations(name)) {
            const message = ex.get(o.message.ref);
            const replyExample = o.reply === null ? undefined : ex.get(o.reply.ref);
            // The receiving side and the sending side, as the spec's action says.
            const [receiver, rm, sender, sm] = o.op.action === "send" ? [everest, o.mirror, client, o.method] : [client, o.method, everest, o.mirror];
            if (o.reply === null) {
              if (message === undefined) continue;
              let sub: Subscription | undefined;
              const got = firstValue<unknown>((take) => {
                sub = (receiver[rm] as (h: (m: unknown) => void) => Subscription)(take);
              });
              await sub!.ready;
              await (sender[sm] as (m: unknown) => Promise<void>)(message);
              expect([o.op.name, await got]).toEqual([o.op.name, message]);
              sub!();
            } else {
              const payload = message === undefined ? undefined : (message as { payload?: unknown }).payload;
              if (replyExample === undefined || (message === undefined && o.message.schema.kind === "object" && o.message.schema.properties.some((p) => p.name === "payload" && p.required))) continue;
              const seen: unknown[] = [];
              const sub = (receiver[rm] as (h: (p: unknown) => unknown) => Subscription)((p) => {
                seen.push(p);
                return replyExample;
              });
              await sub.ready;
              const reply = await (sender[sm] as (p: unknown, o: object) => Promise<unknown>)(payload, { timeoutMs: WAIT_MS });
              expect([o.op.name, reply, seen]).toEqual([o.op.name, replyExample, [payload]]);
              sub();
            }
            crossed++;
          }
          expect(crossed).toBeGreaterThan(2);
          expect(errors).toEqual([]);
        } finally {
          close();
        }
      },
      30_000,
    );

    test("invalid messages never reach a handler: onError gets the issues as JSON Pointers; validate: false lets them through", async () => {
      const { client, everest, errors, instance, close } = pair("powermeter");
      const loose = pair("powermeter", { validate: false });
      try {
        const seen: unknown[] = [];
        const sub = everest["receivePowermeterValues"] as (h: (m: unknown) => void) => Subscription;
        const s1 = sub((m) => seen.push(m));
        await s1.ready;
        const topic = `everest_api/1/powermeter/${instance}/m2e/powermeter_values`;
        const reported = firstValue<ClientError>((take) => {
          const check = setInterval(() => {
            if (errors.length >= 2) {
              clearInterval(check);
              take(errors[1]!);
            }
          }, 10);
        });
        await a.publishAsync(topic, "{not json");
        await a.publishAsync(topic, JSON.stringify({ timestamp: "yesterday", energy_Wh_import: { total: "a lot" } }));
        const invalid = await reported;
        expect(errors[0]).toMatchObject({ kind: "parse", topic, operation: "send_powermeter_values" });
        expect(invalid).toMatchObject({ kind: "invalid", topic, operation: "send_powermeter_values" });
        expect(invalid.issues.map((i) => `${i.path} ${i.keyword}`).sort()).toEqual(["/energy_Wh_import/total type", "/timestamp format"]);
        expect(seen).toEqual([]);
        // Sending an invalid message rejects before anything is published.
        await expect((client["sendPowermeterValues"] as (m: unknown) => Promise<void>)({ timestamp: 5 })).rejects.toMatchObject({ name: "ValidationError" });
        // With validation off, the same message is delivered as it is.
        const got = firstValue<unknown>((take) => void (loose.everest["receivePowermeterValues"] as (h: (m: unknown) => void) => Subscription)(take));
        await new Promise((r) => setTimeout(r, 100));
        await (loose.client["sendPowermeterValues"] as (m: unknown) => Promise<void>)({ timestamp: 5 });
        expect(await got).toEqual({ timestamp: 5 });
      } finally {
        close();
        loose.close();
      }
    }, 30_000);

    test("a handler that throws or returns an invalid reply goes to onError; the requester times out, and an AbortSignal cancels", async () => {
      const { client, everest, errors, close } = pair("powermeter");
      try {
        const h = client["receiveRequestStartTransaction"] as (h: (p: unknown) => unknown) => Subscription;
        const s = h(() => ({ status: "MAYBE" }));
        await s.ready;
        const request = everest["sendRequestStartTransaction"] as (p: unknown, o?: object) => Promise<unknown>;
        const payload = (examples("powermeter").get("api/powermeter/receive_request_start_transaction") as { payload: unknown } | undefined)?.payload ?? {
          evse_id: "1",
          transaction_id: "t",
          identification_status: "ASSIGNED",
          identification_flags: [],
          identification_type: "NONE",
        };
        const t0 = Date.now();
        await expect(request(payload, { timeoutMs: 300 })).rejects.toMatchObject({ code: "ETIMEDOUT" });
        expect(Date.now() - t0).toBeLessThan(3000);
        expect(errors.map((e) => [e.kind, e.operation, e.issues.map((i) => i.path)])).toEqual([["handler", "receive_request_start_transaction", ["/status"]]]);
        const controller = new AbortController();
        const pending = request(payload, { signal: controller.signal, timeoutMs: WAIT_MS });
        controller.abort(new Error("changed my mind"));
        await expect(pending).rejects.toThrow("changed my mind");
        s();
      } finally {
        close();
      }
    }, 30_000);

    test("a request whose replyTo names no topic a reply can go to is reported, not answered, and the connection stays", async () => {
      // Publishing to `#`, `a/+/b`, "" or a topic with NUL makes a broker drop the connection, with all its subscriptions.
      const { client, errors, instance, close } = pair("powermeter");
      try {
        let calls = 0;
        const h = client["receiveRequestStartTransaction"] as (h: (p: unknown) => unknown) => Subscription;
        const s = h(() => {
          calls++;
          return { status: "OK" };
        });
        await s.ready;
        const payload = { transaction_id: "t", evse_id: "e", identification_status: "ASSIGNED", identification_flags: [], identification_type: "ISO14443" };
        const bad = ["#", "a/+/b", "", "x\u0000y", "\ud800"];
        for (const replyTo of bad) await b.publishAsync(`everest_api/1/powermeter/${instance}/e2m/start_transaction`, JSON.stringify({ headers: { replyTo }, payload }));
        await until(() => errors.length >= bad.length);
        expect(calls).toBe(0);
        expect(errors.map((e) => [e.kind, e.operation, e.issues.map((i) => i.path)])).toEqual(bad.map(() => ["invalid", "receive_request_start_transaction", ["/headers/replyTo"]]));
        expect(a.connected).toBe(true);
        // And still receives.
        const probe = `probe/${instance}`;
        const got = firstValue<string>((take) => a.on("message", (t) => t === probe && take(t)));
        await a.subscribeAsync(probe);
        await b.publishAsync(probe, "1");
        expect(await got).toBe(probe);
        await a.unsubscribeAsync(probe);
        s();
      } finally {
        close();
      }
    }, 30_000);

    test("heartbeat: EVerest's side beats, the client sees the next beat, and a watch says when beats stop and resume", async () => {
      const { client, everest, close } = pair("power_supply_DC");
      try {
        const hb = client["heartbeat"] as { next(o?: object): Promise<number>; watch(o: object): () => void };
        const beat = (everest["heartbeat"] as { start(ms: number): () => void });
        const lost = firstValue<string>((take) => {
          const back = firstValue<number>((takeBack) => {
            const stopWatch = hb.watch({ timeoutMs: 300, onLost: () => take("lost"), onBack: (n: number) => (stopWatch(), takeBack(n)) });
          });
          void back.then((n) => (backCount = n));
        });
        let backCount = -1;
        const next = hb.next({ timeoutMs: WAIT_MS });
        await new Promise((r) => setTimeout(r, 100));
        let stop = beat.start(50);
        expect(typeof (await next)).toBe("number");
        stop();
        expect(await lost).toBe("lost");
        stop = beat.start(50);
        await new Promise<void>((resolve, reject) => {
          const deadline = Date.now() + WAIT_MS;
          const poll = setInterval(() => {
            if (backCount >= 0) (clearInterval(poll), resolve());
            else if (Date.now() > deadline) (clearInterval(poll), reject(new Error("no beat after the pause")));
          }, 20);
        });
        stop();
        await expect(hb.next({ timeoutMs: 200 })).rejects.toMatchObject({ code: "ETIMEDOUT" });
      } finally {
        close();
      }
    }, 30_000);

    test("communication check: the client checks in, and EVerest's side says when check-ins stop and resume", async () => {
      const { client, everest, errors, close } = pair("powermeter");
      try {
        const check = client["communicationCheck"] as { start(ms: number): () => void };
        const watch = everest["communicationCheck"] as { watch(o: object): () => void };
        const events: string[] = [];
        const stopWatch = watch.watch({ timeoutMs: 300, onLost: () => events.push("lost"), onBack: () => events.push("back") });
        await new Promise((r) => setTimeout(r, 100));
        let stop = check.start(50);
        await new Promise((r) => setTimeout(r, 400));
        stop();
        await firstValue<void>((take) => {
          const poll = setInterval(() => events.includes("lost") && (clearInterval(poll), take()), 20);
        });
        stop = check.start(50);
        await firstValue<void>((take) => {
          const poll = setInterval(() => events.includes("back") && (clearInterval(poll), take()), 20);
        });
        stop();
        // A callback that throws, from a timer or a message, goes to onError and never ends the process.
        // (Watched before the first watch stops, so the topic stays subscribed: no unsubscribe races the new subscribe at the broker.)
        const failing = watch.watch({ timeoutMs: 100, onLost: () => { throw new Error("onLost failed"); }, onBack: () => { throw new Error("onBack failed"); } });
        stopWatch();
        expect(events).toEqual(["lost", "back"]);
        await new Promise((r) => setTimeout(r, 250));
        stop = check.start(50);
        await new Promise((r) => setTimeout(r, 150));
        stop();
        failing();
        expect(errors.map((e) => [e.kind, (e as unknown as { error: Error }).error.message])).toEqual([
          ["handler", "onLost failed"],
          ["handler", "onBack failed"],
        ]);
      } finally {
        close();
      }
    }, 30_000);

    test("latching: a `<var>/get` request is answered with null before any value, then with the last value EVerest's side sent", async () => {
      const { client, everest, close } = pair("auth_consumer");
      try {
        await (everest["latching"] as Promise<void>);
        const get = client["sendRequestGetTokenValidationStatus"] as (p?: unknown, o?: object) => Promise<unknown>;
        expect(await get(undefined, { timeoutMs: WAIT_MS })).toBeNull();
        // The spec has no example of this message; one written from its schema.
        const value = { token: { id_token: { value: "04A2B3", type: "ISO14443" }, authorization_type: "RFID" }, status: "Accepted" };
        await (everest["sendTokenValidationStatus"] as (m: unknown) => Promise<void>)(value);
        expect(await get(undefined, { timeoutMs: WAIT_MS })).toEqual(value);
      } finally {
        close();
      }
    }, 30_000);

    test("heartbeat.next, heartbeat.watch and communicationCheck.watch count only valid messages; the rest go to onError", async () => {
      const { client, everest, errors, instance, close } = pair("power_supply_DC");
      try {
        const hb = client["heartbeat"] as { next(o?: object): Promise<number>; watch(o: object): () => void };
        const beatTopic = `everest_api/1/power_supply_DC/${instance}/e2m/heartbeat`;
        const checkTopic = `everest_api/1/power_supply_DC/${instance}/m2e/communication_check`;
        const next = hb.next({ timeoutMs: WAIT_MS });
        let settled = false;
        void next.then(() => (settled = true), () => (settled = true));
        const beats: string[] = [];
        const stopWatch = hb.watch({ timeoutMs: 100, onLost: () => beats.push("lost"), onBack: (n: number) => beats.push(`back ${n}`) });
        const checks: string[] = [];
        const stopCheck = (everest["communicationCheck"] as { watch(o: object): () => void }).watch({ timeoutMs: 100, onLost: () => checks.push("lost"), onBack: () => checks.push("back") });
        await until(() => beats.length > 0 && checks.length > 0);
        const bad = ["not json", '"42"', "true", ""];
        for (const body of bad) await b.publishAsync(beatTopic, body);
        await a.publishAsync(checkTopic, '"yes"');
        await until(() => errors.length >= 2 * bad.length + 1);
        // Nothing invalid counted: next still waits, neither watch is back.
        expect(settled).toBe(false);
        expect(beats).toEqual(["lost"]);
        expect(checks).toEqual(["lost"]);
        expect(errors.filter((e) => e.topic === beatTopic).map((e) => e.kind).sort()).toEqual(["invalid", "invalid", "invalid", "invalid", "parse", "parse", "parse", "parse"]);
        expect(errors.filter((e) => e.topic === checkTopic).map((e) => [e.kind, e.operation])).toEqual([["invalid", "send_communication_check"]]);
        await b.publishAsync(beatTopic, "7");
        await a.publishAsync(checkTopic, "true");
        expect(await next).toBe(7);
        await until(() => beats.length > 1 && checks.length > 1);
        expect(beats.slice(0, 2)).toEqual(["lost", "back 7"]);
        expect(checks.slice(0, 2)).toEqual(["lost", "back"]);
        stopWatch();
        stopCheck();
      } finally {
        close();
      }
    }, 30_000);

    test("close() rejects what is waiting at once, and a closed side sends and subscribes nothing", async () => {
      const { client, everest, close } = pair("powermeter");
      // Everything of this instance that reaches the broker, seen from the client's connection.
      const prefix = (everest["topic"] as (a: string) => string)("");
      const seen: string[] = [];
      const onMessage = (t: string) => void (t.startsWith(prefix) && seen.push(t));
      a.on("message", onMessage);
      const payload = { evse_id: "1", transaction_id: "t", identification_status: "ASSIGNED", identification_flags: [], identification_type: "NONE" };
      try {
        await a.subscribeAsync(`${prefix}#`);
        const request = everest["sendRequestStartTransaction"] as (p: unknown, o?: object) => Promise<unknown>;
        const pending = request(payload, { timeoutMs: WAIT_MS });
        const beat = (client["heartbeat"] as { next(o?: object): Promise<number> }).next({ timeoutMs: WAIT_MS });
        await new Promise((r) => setTimeout(r, 200));
        const t0 = Date.now();
        (everest["close"] as () => void)();
        (client["close"] as () => void)();
        await expect(pending).rejects.toThrow(/is closed/);
        await expect(beat).rejects.toThrow(/is closed/);
        expect(Date.now() - t0).toBeLessThan(1000);
        const sent = seen.length;
        await expect(request(payload)).rejects.toThrow(/is closed/);
        expect(() => (client["receiveRequestStartTransaction"] as (h: () => void) => unknown)(() => undefined)).toThrow(/is closed/);
        await new Promise((r) => setTimeout(r, 200));
        expect(seen.length).toBe(sent);
      } finally {
        a.removeListener("message", onMessage);
        await a.unsubscribeAsync(`${prefix}#`);
        close();
      }
    }, 30_000);

    test("subscriptions belong to the connection: closing one client, or a wait that times out, stops no other on it", async () => {
      const mod = clientOf("power_supply_DC");
      const instance = `shared_${Math.floor(Math.random() * 1e9)}`;
      const errors: ClientError[] = [];
      // Two clients of one instance on connection a; EVerest's side on b.
      const one = mod.createClient(a, { moduleId: instance, onError: (e: ClientError) => errors.push(e) });
      const two = mod.createClient(a, { moduleId: instance, onError: (e: ClientError) => errors.push(e) });
      const everest = mod.createEverestSide(b, { moduleId: instance });
      try {
        const hb = (c: Record<string, unknown>) => c["heartbeat"] as { next(o?: object): Promise<number> };
        const beat = everest["heartbeat"] as { start(ms: number): () => void };
        const first = hb(two).next({ timeoutMs: WAIT_MS });
        await hb(one).next({ timeoutMs: 50 }).catch(() => undefined);
        (one["close"] as () => void)();
        // The closed client's subscription to the heartbeat was two's too: two still gets the next beat.
        const stop = beat.start(50);
        try {
          expect(typeof (await first)).toBe("number");
          expect(typeof (await hb(two).next({ timeoutMs: WAIT_MS }))).toBe("number");
        } finally {
          stop();
        }
        // One wait for the ready beacon that times out does not take the other's subscription with it.
        const short = mod.waitForReadyBeacon(a, { timeoutMs: 100 });
        const long = mod.waitForReadyBeacon(a, { timeoutMs: WAIT_MS });
        await expect(short).rejects.toMatchObject({ code: "ETIMEDOUT" });
        await mod.publishReadyBeacon(b);
        await expect(long).resolves.toBeUndefined();
        expect(errors).toEqual([]);
      } finally {
        (two["close"] as () => void)();
        (everest["close"] as () => void)();
      }
    }, 30_000);

    test("the ready beacon: waitForReadyBeacon resolves when EVerest's side announces itself", async () => {
      const mod = clientOf("powermeter");
      const ready = mod.waitForReadyBeacon(a, { timeoutMs: WAIT_MS });
      await new Promise((r) => setTimeout(r, 200));
      await mod.publishReadyBeacon(b);
      await expect(ready).resolves.toBeUndefined();
      await expect(mod.waitForReadyBeacon(a, { timeoutMs: 200 })).rejects.toMatchObject({ code: "ETIMEDOUT" });
    }, 30_000);
  });
});
