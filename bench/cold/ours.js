"use strict";
// Cold start, ours: load the generated package (its root, as an application would) and validate one message.
const pkg = require(require("node:path").resolve(process.argv[2]));
const message = { status: "Accepted", current_time: "2024-05-01T12:00:00Z", interval: 300 };
if (pkg.ocpp.isBootNotificationResponse(message) !== true) process.exitCode = 1;
