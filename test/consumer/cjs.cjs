// The generated package from CommonJS: root namespaces, a file module, the
// schemas, enums, isX, assertX, validateX and validate() with both ref forms.
// Prints one fixed line and exits 0 when every check holds; any failure throws.
"use strict";
const assert = require("node:assert/strict");
const path = require("node:path");
const { ocpp, display_message, validate, ValidationError } = require("@everest-typegen/types");
const ocppModule = require("@everest-typegen/types/ocpp");
const { MessageFormat, isMessageContent } = require("@everest-typegen/types/display_message");

let checks = 0;
const check = (fn) => {
  fn();
  checks++;
};

async function main() {
  // require() loads the CommonJS files, not the ES module wrappers.
  check(() => assert.equal(path.basename(require.resolve("@everest-typegen/types")), "index.js"));
  check(() => assert.equal(path.basename(require.resolve("@everest-typegen/types/ocpp")), "ocpp.js"));

  // Enums: objects at run time, the same from the root and from the file module.
  check(() => assert.equal(ocpp.RegistrationStatus.Accepted, "Accepted"));
  check(() => assert.deepEqual(Object.values(display_message.MessageFormat), ["ASCII", "HTML", "URI", "UTF8"]));
  check(() => assert.equal(MessageFormat, display_message.MessageFormat));
  check(() => assert.equal(ocppModule.isEVSE, ocpp.isEVSE));

  // isX: constraints, required properties, formats, closed objects, refs across files.
  check(() => assert.equal(ocpp.isEVSE({ id: 1 }), true));
  check(() => assert.equal(ocpp.isEVSE({ id: 0 }), false)); // minimum: 1
  check(() => assert.equal(ocpp.isEVSE({ connector_id: 1 }), false)); // id is required
  const boot = { status: ocpp.RegistrationStatus.Pending, current_time: "2024-05-01T12:00:00+02:00", interval: 60 };
  check(() => assert.equal(ocpp.isBootNotificationResponse(boot), true));
  check(() => assert.equal(ocpp.isBootNotificationResponse({ ...boot, current_time: "2024-13-01T00:00:00Z" }), false)); // date-time
  check(() => assert.equal(ocpp.isDataTransferResponse({ status: "Accepted", data: "d" }), true));
  check(() => assert.equal(ocpp.isDataTransferResponse({ status: "Accepted", more: true }), false)); // additionalProperties: false
  check(() => assert.equal(ocpp.isKeyValue({ key: "k".repeat(80), read_only: false }), true)); // `maximum` has no effect on a string
  const response = {
    original_transaction_event: { transaction_event: ocpp.TransactionEvent.Ended, session_id: "s-2" },
    personal_message: { content: "Bye", format: display_message.MessageFormat.ASCII },
  };
  check(() => assert.equal(ocpp.isOcppTransactionEventResponse(response), true));
  check(() => assert.equal(ocpp.isOcppTransactionEventResponse({ ...response, personal_message: { format: "ASCII" } }), false));
  check(() => assert.equal(isMessageContent({ content: "x" }), true));

  // assertX: returns on valid data, throws a ValidationError (one class for ESM and CJS) otherwise.
  check(() => assert.equal(ocpp.assertEVSE({ id: 3, connector_id: 1 }), undefined));
  check(() =>
    assert.throws(
      () => ocpp.assertEVSE({ id: 1, connector_id: 0 }),
      (err) => {
        assert.ok(err instanceof ValidationError);
        assert.ok(err instanceof Error);
        assert.equal(err.typeRef, "ocpp/EVSE");
        assert.deepEqual(
          err.issues.map((i) => [i.path, i.keyword]),
          [["/connector_id", "minimum"]],
        );
        return true;
      },
    ),
  );
  const esm = await import("@everest-typegen/types");
  check(() => assert.equal(esm.ValidationError, ValidationError));
  check(() => assert.equal(esm.ocpp.RegistrationStatus, ocpp.RegistrationStatus));

  // validateX: the raw precompiled validator, with `errors` after a failure.
  check(() => assert.equal(ocpp.validateEVSE({}), false));
  check(() => assert.ok(Array.isArray(ocpp.validateEVSE.errors) && ocpp.validateEVSE.errors.length > 0));

  // validate(ref, value): "file/Type" and EVerest's "/file#/Type", JSON Pointers into nested values.
  check(() => assert.deepEqual(validate("/ocpp#/EVSE", { id: 1 }), { valid: true, errors: [] }));
  check(() => {
    const r = validate("ocpp/EVSE", { id: 0 });
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.errors.map((e) => [e.path, e.keyword]),
      [["/id", "minimum"]],
    );
  });
  check(() => {
    const r = validate("/ocpp#/OcppTransactionEventResponse", { ...response, personal_message: { content: 1 } });
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.errors.map((e) => [e.path, e.keyword]),
      [["/personal_message/content", "type"]],
    );
  });
  check(() => {
    let verdict;
    try {
      verdict = validate("/ocpp#/NoSuchType", {});
    } catch {
      verdict = "threw";
    }
    assert.notEqual(verdict?.valid, true); // an unknown type never passes
  });

  // Subpaths: the schemas and package.json are exported, internals are not.
  check(() => assert.match(JSON.stringify(require("@everest-typegen/types/schemas/display_message.json")), /"MessageContent"/));
  check(() => assert.equal(require("@everest-typegen/types/package.json").name, "@everest-typegen/types"));
  check(() => assert.throws(() => require("@everest-typegen/types/runtime.js"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" }));

  console.log(`cjs: ${checks} checks passed`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
