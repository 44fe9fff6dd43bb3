// An embedded MQTT broker (aedes) in a process of its own, for the EVerest API
// client tests: `node test/helpers/mqtt-broker.mjs` listens on a free port of
// 127.0.0.1, prints `{"port":N}` on one line, and stops when its stdin closes
// (the test that started it ended, however it ended) or on SIGTERM. aedes is
// an ES module, which jest's CommonJS runtime cannot load in-process.
import net from "node:net";
import { Aedes } from "aedes";

const broker = await Aedes.createBroker();
const server = net.createServer({ noDelay: true }, broker.handle);
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close();
  broker.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
