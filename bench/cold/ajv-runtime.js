"use strict";
// Cold start, peer: ajv compiles the type from the JSON Schema documents at run time, then validates one message.
// Documents are added, and only BootNotificationResponse (with what it references) is compiled: ajv's cheapest path.
const fs = require("node:fs");
const path = require("node:path");
const Ajv = require("ajv").default;
const { isDateTime } = require("../peers/date-time.js");

const dir = process.argv[2];
const ajv = new Ajv({ strict: false });
ajv.addFormat("date-time", isDateTime);
let ocppId;
for (const f of fs.readdirSync(dir)) {
  if (!f.endsWith(".json")) continue;
  const doc = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
  ajv.addSchema(doc);
  if (f === "ocpp.json") ocppId = doc.$id;
}
const validate = ajv.getSchema(`${ocppId}#/definitions/BootNotificationResponse`);
const message = { status: "Accepted", current_time: "2024-05-01T12:00:00Z", interval: 300 };
if (validate(message) !== true) process.exitCode = 1;
