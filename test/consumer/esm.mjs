// The generated package from an ES module: root namespaces, a file module, the
// schemas, enums, isX, assertX, validateX and validate() with both ref forms.
// Prints one fixed line and exits 0 when every check holds; any failure throws.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ocpp, display_message, validate, ValidationError } from "@everest-typegen/types";
import * as ocppModule from "@everest-typegen/types/ocpp";
import { MessageFormat, isMessageContent } from "@everest-typegen/types/display_message";

const require = createRequire(import.meta.url);
let checks = 0;
const check = (fn) => {
  fn();
  checks++;
};

// Enums: objects at run time, the same from the root and from the file module.
check(() => assert.equal(ocpp.RegistrationStatus.Accepted, "Accepted"));
check(() => assert.deepEqual(Object.values(display_message.MessageFormat), ["ASCII", "HTML", "URI", "UTF8"]));
check(() => assert.equal(MessageFormat, display_message.MessageFormat));
check(() => assert.equal(ocppModule.isEVSE, ocpp.isEVSE));

// isX: constraints, required properties, formats, closed objects, refs across files.
check(() => assert.equal(ocpp.isEVSE({ id: 1 }), true));
check(() => assert.equal(ocpp.isEVSE({ id: 0 }), false)); // minimum: 1
check(() => assert.equal(ocpp.isEVSE({ connector_id: 1 }), false)); // id is required
check(() => assert.equal(ocpp.isEVSE({ id: 1.5 }), false)); // integer
const boot = { status: ocpp.RegistrationStatus.Accepted, current_time: "2024-05-01T12:00:00Z", interval: 300 };
check(() => assert.equal(ocpp.isBootNotificationResponse(boot), true));
check(() => assert.equal(ocpp.isBootNotificationResponse({ ...boot, current_time: "yesterday" }), false)); // format: date-time
check(() => assert.equal(ocpp.isBootNotificationResponse({ ...boot, status: "accepted" }), false)); // enum
check(() => assert.equal(ocpp.isDataTransferRequest({ vendor_id: "v" }), true));
check(() => assert.equal(ocpp.isDataTransferRequest({ vendor_id: "v", extra: 1 }), false)); // additionalProperties: false
check(() => assert.equal(ocpp.isRegistrationStatus("Pending"), true));
check(() => assert.equal(ocpp.isRegistrationStatus("pending"), false));
const response = {
  original_transaction_event: { transaction_event: ocpp.TransactionEvent.Started, session_id: "s-1" },
  personal_message: { content: "Hello", format: display_message.MessageFormat.UTF8 },
};
check(() => assert.equal(ocpp.isOcppTransactionEventResponse(response), true));
check(() =>
  assert.equal(ocpp.isOcppTransactionEventResponse({ ...response, personal_message: { content: "Hello", format: "PDF" } }), false),
);
check(() => assert.equal(isMessageContent({ content: "x", language: "de" }), true));

// assertX: returns on valid data, throws a ValidationError (one class for ESM and CJS) otherwise.
check(() => assert.equal(ocpp.assertEVSE({ id: 2 }), undefined));
check(() =>
  assert.throws(
    () => ocpp.assertEVSE({ id: 0 }),
    (err) => {
      assert.ok(err instanceof ValidationError);
      assert.ok(err instanceof Error);
      assert.equal(err.typeRef, "ocpp/EVSE");
      assert.deepEqual(
        err.issues.map((i) => [i.path, i.keyword]),
        [["/id", "minimum"]],
      );
      assert.equal(typeof err.issues[0].message, "string");
      return true;
    },
  ),
);
check(() => assert.equal(require("@everest-typegen/types").ValidationError, ValidationError));
check(() => assert.equal(require("@everest-typegen/types").ocpp.RegistrationStatus, ocpp.RegistrationStatus));

// validateX: the raw precompiled validator, with `errors` after a failure.
check(() => assert.equal(ocpp.validateEVSE({ id: 0 }), false));
check(() => assert.ok(Array.isArray(ocpp.validateEVSE.errors) && ocpp.validateEVSE.errors.length > 0));

// validate(ref, value): "file/Type" and EVerest's "/file#/Type", JSON Pointers into nested values.
check(() => assert.deepEqual(validate("ocpp/EVSE", { id: 1 }), { valid: true, errors: [] }));
check(() => {
  const r = validate("/ocpp#/EVSE", { id: 0 });
  assert.equal(r.valid, false);
  assert.deepEqual(
    r.errors.map((e) => [e.path, e.keyword]),
    [["/id", "minimum"]],
  );
});
check(() => assert.equal(validate("/display_message#/MessageContent", { content: "x" }).valid, true));
check(() => {
  const r = validate("ocpp/ChargingSchedules", {
    schedules: [{ evse: 1, charging_rate_unit: "W", charging_schedule_period: [{ start_period: 0 }] }],
  });
  assert.equal(r.valid, false);
  assert.deepEqual(
    r.errors.map((e) => [e.path, e.keyword]),
    [["/schedules/0/charging_schedule_period/0", "required"]],
  );
});
check(() => {
  let verdict;
  try {
    verdict = validate("ocpp/NoSuchType", {});
  } catch {
    verdict = "threw";
  }
  assert.notEqual(verdict?.valid, true); // an unknown type never passes
});

// Subpaths: the schemas and package.json are exported, internals are not.
check(() => {
  const url = import.meta.resolve("@everest-typegen/types/schemas/ocpp.json");
  const schema = JSON.parse(readFileSync(new URL(url), "utf8"));
  assert.deepEqual(schema, require("@everest-typegen/types/schemas/ocpp.json"));
  assert.match(JSON.stringify(schema), /"BootNotificationResponse"/);
});
check(() => assert.equal(require("@everest-typegen/types/package.json").name, "@everest-typegen/types"));
check(() =>
  assert.throws(() => import.meta.resolve("@everest-typegen/types/runtime.js"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" }),
);

console.log(`esm: ${checks} checks passed`);
