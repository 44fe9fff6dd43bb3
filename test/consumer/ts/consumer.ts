// The generated package's types, as a TypeScript user meets them. The consumer
// test compiles this file with `tsc --noEmit` as an ES module (consumer.mts) and
// as CommonJS (consumer.cts) under `nodenext` and `node16`, and as-is under
// `bundler`: strict, exactOptionalPropertyTypes, skipLibCheck off. Each
// `@ts-expect-error` proves a type is precise: it fails the build if the line
// compiles (for example because something became `any`).
import {
  ocpp,
  display_message,
  validate,
  ValidationError,
  type EverestRef,
  type TypeRef,
  type ValidationIssue,
  type ValidationResult } from "@everest-typegen/types";
import { isEVSE, type EVSE } from "@everest-typegen/types/ocpp";
import * as dm from "@everest-typegen/types/display_message";

// Interfaces: required and optional properties, refs within and across files.
export const evse: ocpp.EVSE = { id: 1 };
export const connector: EVSE = { id: 1, connector_id: 2 };
// @ts-expect-error `id` is required
export const noId: ocpp.EVSE = { connector_id: 1 };
// @ts-expect-error `id` is a number
export const stringId: ocpp.EVSE = { id: "1" };

// Enums: values at run time, types at compile time, the same from the root and the file module.
export const status: ocpp.RegistrationStatus = ocpp.RegistrationStatus.Accepted;
// An enum's type is the union of its values, so the plain value is one too.
export const literalStatus: ocpp.RegistrationStatus = "Accepted";
// @ts-expect-error not a value of the enum
export const wrongStatus: ocpp.RegistrationStatus = "accepted";
export const format: dm.MessageFormat = display_message.MessageFormat.HTML;
export const sameFormat: display_message.MessageFormat = dm.MessageFormat.HTML;
// @ts-expect-error not a member of the enum
export const noSuchMember = ocpp.RegistrationStatus.Maybe;

export const response: ocpp.OcppTransactionEventResponse = {
  original_transaction_event: { transaction_event: ocpp.TransactionEvent.Started, session_id: "s-1", evse },
  personal_message: { content: "Hello", format },
  total_cost: 1.5,
};
export const badResponse: ocpp.OcppTransactionEventResponse = {
  original_transaction_event: { transaction_event: ocpp.TransactionEvent.Started, session_id: "s-1" },
  // @ts-expect-error `content` is required in display_message/MessageContent
  personal_message: { format },
};

export const schedules: ocpp.ChargingSchedules = {
  schedules: [{ evse: 0, charging_rate_unit: "W", charging_schedule_period: [{ start_period: 0, limit: 16 }] }],
};
export const firstPeriod: ocpp.ChargingSchedulePeriod | undefined = schedules.schedules[0]?.charging_schedule_period[0];
// @ts-expect-error `start_period` is an integer
export const badPeriod: ocpp.ChargingSchedulePeriod = { start_period: "0", limit: 1 };

// isX narrows `unknown`.
export function connectorOf(data: unknown): number | undefined {
  if (isEVSE(data)) {
    const id: number = data.id;
    return data.connector_id ?? id;
  }
  if (ocpp.isGetConfigurationResponse(data)) {
    const keys: readonly string[] = data.configuration_keys.map((k) => k.key);
    return keys.length;
  }
  // @ts-expect-error not narrowed here
  return data.id;
}

// assertX is an assertion function.
export function bootTime(data: unknown): string {
  ocpp.assertBootNotificationResponse(data);
  const time: string = data.current_time;
  const interval: number = data.interval;
  return `${time} +${interval}s`;
}

// ValidationError carries the type and every issue.
export function issuesOf(err: unknown): readonly ValidationIssue[] {
  if (err instanceof ValidationError) {
    const ref: string = err.typeRef;
    const first: ValidationIssue | undefined = err.issues[0];
    if (first !== undefined) {
      const where: string = first.path;
      const what: string = first.message;
      const keyword: string = first.keyword;
      void [ref, where, what, keyword];
    }
    return err.issues;
  }
  return [];
}

// validate(ref, value) with both ref forms; unknown refs do not compile.
export const byRef: ValidationResult = validate("ocpp/EVSE", evse);
export const byEverestRef: ValidationResult = validate("/display_message#/MessageContent", { content: "x" });
export const someRef: TypeRef = "ocpp/BootNotificationResponse";
export const valid: boolean = validate(someRef, {}).valid;
// @ts-expect-error not a type of the package
validate("ocpp/NoSuchType", {});
export const everestRef: EverestRef = "/ocpp#/EVSE";
// @ts-expect-error a TypeRef is "file/Type"
export const wrongRef: TypeRef = "ocpp#EVSE";
// @ts-expect-error an EverestRef is "/file#/Type"
export const wrongEverestRef: EverestRef = "ocpp/EVSE";

// validateX is the raw precompiled validator: a type guard with `errors`.
export function rawCheck(data: unknown): number {
  if (ocpp.validateEVSE(data)) return data.id;
  return ocpp.validateEVSE.errors?.length ?? 0;
}
