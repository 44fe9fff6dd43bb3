#!/usr/bin/env node
"use strict";
/**
 * The generated EVerest API clients on a real broker (issue 16): request/reply
 * latency and one-way messages per second through the generated powermeter
 * client and its EVerest-side counterpart, with validation on and off, side by
 * side with what users would write by hand: raw MQTT.js publish/subscribe with
 * JSON.stringify/JSON.parse and no checks.
 *
 *   node bench/api-client.js [--everest DIR] [--quick] [--mosquitto]
 *
 * It generates EVerest's tree (DIR, default ../shared/everest/aa8113f or
 * $EVEREST_DIR) into a scratch folder, starts aedes (test/helpers/mqtt-broker.mjs,
 * its own process, a free port of 127.0.0.1; with --mosquitto, Debian's
 * mosquitto too), and runs the contenders interleaved in rounds: each round
 * runs every contender once, and the figures are medians over the rounds.
 * Both sides of every contender are in this one process, on two MQTT
 * connections, QoS 0 (the clients' default). Prints Markdown rows.
 *
 * - latency: N sequential requests (start_transaction with the spec's own
 *   example, answered with the reply example), the median of one round's
 *   per-request times; the table gives the median of the rounds' medians;
 * - throughput: M send_powermeter_values messages (the spec's example) sent
 *   as fast as the sender's publish callbacks come back, timed until the
 *   receiver has them all.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawn, spawnSync } = require("node:child_process");

const REPO = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const withMosquitto = args.includes("--mosquitto");
const treeArg = args.indexOf("--everest");
const TREE = treeArg >= 0 ? path.resolve(args[treeArg + 1]) : process.env.EVEREST_DIR ?? path.resolve(REPO, "..", "shared", "everest", "aa8113f");
const ROUNDS = quick ? 5 : 15;
const REQUESTS = quick ? 100 : 300;
const MESSAGES = quick ? 2000 : 5000;

const mqtt = require("mqtt");

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function startAedes() {
  const child = spawn(process.execPath, [path.join(REPO, "test", "helpers", "mqtt-broker.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (c) => reject(new Error(`aedes exited ${c}`)));
    child.stdout.once("data", (d) => {
      const { port } = JSON.parse(String(d).split("\n")[0]);
      resolve({ name: "aedes (embedded, own process)", url: `mqtt://127.0.0.1:${port}`, stop: () => child.stdin.end() });
    });
  });
}

async function startMosquitto() {
  const net = require("node:net");
  const port = await new Promise((r) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etg-bench-mosq-"));
  fs.writeFileSync(path.join(dir, "m.conf"), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child = spawn("/usr/sbin/mosquitto", ["-c", path.join(dir, "m.conf")], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => {
      const c = net.connect(port, "127.0.0.1", () => (c.destroy(), r(true)));
      c.on("error", () => r(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { name: "mosquitto 2 (Debian)", url: `mqtt://127.0.0.1:${port}`, stop: () => (child.kill(), fs.rmSync(dir, { recursive: true, force: true })) };
}

/** Raw MQTT.js with JSON: what a hand-written client does, with no checks. */
function rawPair(a, b, instance) {
  const prefix = `everest_api/1/powermeter/${instance}`;
  return {
    async setup(reply) {
      const req = `${prefix}/e2m/start_transaction`;
      await b.subscribeAsync(req, { qos: 0 });
      b.on("message", (topic, payload) => {
        if (topic !== req) return;
        const m = JSON.parse(String(payload));
        b.publish(m.headers.replyTo, JSON.stringify(reply), { qos: 0 });
      });
      this.replyTopic = `${prefix}/m2e/reply/raw`;
      await a.subscribeAsync(this.replyTopic, { qos: 0 });
      this.values = `${prefix}/m2e/powermeter_values`;
      await b.subscribeAsync(this.values, { qos: 0 });
    },
    request(payload) {
      return new Promise((resolve) => {
        const on = (topic, body) => {
          if (topic !== this.replyTopic) return;
          a.removeListener("message", on);
          resolve(JSON.parse(String(body)));
        };
        a.on("message", on);
        a.publish(`${prefix}/e2m/start_transaction`, JSON.stringify({ headers: { replyTo: this.replyTopic }, payload }), { qos: 0 });
      });
    },
    onValue(handler) {
      const on = (topic, body) => topic === this.values && handler(JSON.parse(String(body)));
      b.on("message", on);
      return () => b.removeListener("message", on);
    },
    send(value) {
      return new Promise((r) => a.publish(this.values, JSON.stringify(value), { qos: 0 }, r));
    },
  };
}

/** The generated client (EVerest's side on `a` requests; the client on `b` answers). */
function generatedPair(mod, a, b, instance, validate) {
  const client = mod.createClient(b, { moduleId: instance, validate, onError: (e) => console.error("bench: unexpected", e.kind, e.issues) });
  const everest = mod.createEverestSide(a, { moduleId: instance, validate, onError: (e) => console.error("bench: unexpected", e.kind, e.issues) });
  const senderClient = mod.createClient(a, { moduleId: instance, validate });
  const receiverEverest = mod.createEverestSide(b, { moduleId: instance, validate });
  return {
    async setup(reply) {
      await client.receiveRequestStartTransaction(() => reply).ready;
    },
    request: (payload) => everest.sendRequestStartTransaction(payload),
    onValue(handler) {
      const s = receiverEverest.receivePowermeterValues(handler);
      return s;
    },
    send: (value) => senderClient.sendPowermeterValues(value),
  };
}

async function latency(pair, payload) {
  const times = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = process.hrtime.bigint();
    await pair.request(payload);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

async function throughput(pair, value) {
  let got = 0;
  let done;
  const all = new Promise((r) => (done = r));
  const stop = pair.onValue(() => {
    if (++got === MESSAGES) done();
  });
  if (stop.ready) await stop.ready;
  await new Promise((r) => setTimeout(r, 20));
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < MESSAGES; i++) await pair.send(value);
  await all;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  stop();
  return MESSAGES / s;
}

async function main() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "etg-bench-clients-"));
  const g = spawnSync(process.execPath, [path.join(REPO, "bin", "everest-typegen"), "generate", "--everest", TREE, "--out", out, "-q"], { encoding: "utf8" });
  if (g.status !== 0) throw new Error(`generate failed: ${g.stderr}`);
  const mod = require(path.join(out, "api", "powermeter", "client.js"));
  const { loadModel, readDefs } = require(path.join(REPO, "dist", "generator", "index.js"));
  const model = loadModel(readDefs(path.join(TREE, "types")), { api: readDefs(path.join(TREE, "docs", "source", "reference", "EVerest_API")) }).model;
  const pm = model.apis.find((m) => m.name === "powermeter");
  const example = (ref) => pm.api.examples.find((e) => e.message.ref === ref).value;
  const values = example("api/powermeter/send_powermeter_values");
  const reply = example("api/powermeter/send_reply_start_transaction");
  const request = { evse_id: "1", transaction_id: "t-1", identification_status: "ASSIGNED", identification_flags: [], identification_type: "ISO14443", identification_data: "04A2B3" };

  const brokers = [await startAedes()];
  if (withMosquitto && fs.existsSync("/usr/sbin/mosquitto")) brokers.push(await startMosquitto());
  const cpu = os.cpus()[0]?.model?.trim();
  console.log(`Machine: ${cpu}, ${os.cpus().length} cores, node ${process.version}, mqtt ${require("mqtt/package.json").version}; ${ROUNDS} rounds, ${REQUESTS} requests and ${MESSAGES} messages per round; ${new Date().toISOString().slice(0, 10)}.\n`);
  for (const broker of brokers) {
    const a = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    const b = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    const contenders = [
      ["generated client, validation on", generatedPair(mod, a, b, "pm_on", true)],
      ["generated client, validation off", generatedPair(mod, a, b, "pm_off", false)],
      ["raw MQTT.js + JSON.parse, no checks", rawPair(a, b, "pm_raw")],
    ];
    for (const [, p] of contenders) await p.setup(reply);
    const lat = new Map(contenders.map(([n]) => [n, []]));
    const tput = new Map(contenders.map(([n]) => [n, []]));
    // Warm-up round, not counted.
    for (const [, p] of contenders) {
      await latency(p, request);
      await throughput(p, values);
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const [n, p] of contenders) {
        lat.get(n).push(await latency(p, request));
        tput.get(n).push(await throughput(p, values));
      }
    }
    console.log(`${broker.name}:\n`);
    console.log("| contender | request/reply latency, median (ms) | messages per second, median |");
    console.log("| --- | ---: | ---: |");
    for (const [n] of contenders) console.log(`| ${n} | ${median(lat.get(n)).toFixed(3)} | ${Math.round(median(tput.get(n)))} |`);
    console.log("");
    await a.endAsync();
    await b.endAsync();
    broker.stop();
  }
  fs.rmSync(out, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
