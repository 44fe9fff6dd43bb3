/** The naming rules the TypeScript emitter relies on (generator/names.ts). */
import {
  NameScope,
  PACKAGE_NAMES,
  enumMemberNames,
  everestRef,
  helperNames,
  importAlias,
  isIdentifier,
  pascalCase,
  safeIdentifier,
} from "../generator/names";

describe("safeIdentifier", () => {
  test("characters outside [A-Za-z0-9_$] become _, a leading digit gets a _ prefix", () => {
    expect(safeIdentifier("my.type")).toBe("my_type");
    expect(safeIdentifier("my-type")).toBe("my_type");
    expect(safeIdentifier("3phase")).toBe("_3phase");
    expect(safeIdentifier("")).toBe("_");
    expect(safeIdentifier("ChargingSchedule")).toBe("ChargingSchedule");
  });

  test("reserved words, type keywords, shadowing globals and the package's own names get a _ suffix", () => {
    for (const n of ["default", "delete", "class", "enum", "await", "yield", "let"]) expect(safeIdentifier(n)).toBe(`${n}_`);
    for (const n of ["string", "number", "unknown", "never", "any", "object", "undefined", "symbol", "bigint", "intrinsic"]) {
      expect(safeIdentifier(n)).toBe(`${n}_`);
    }
    for (const n of ["Date", "Object", "Promise", "Array", "Record", "Partial", "Map", "Error"]) expect(safeIdentifier(n)).toBe(`${n}_`);
    for (const n of Object.values(PACKAGE_NAMES)) expect(safeIdentifier(n)).toBe(`${n}_`);
    expect(safeIdentifier("__proto__")).toBe("__proto___");
  });

  test("the result is always an identifier", () => {
    for (const n of ["a b", "-", "0", "é", "\u2028", "x.y-z", "default"]) expect(isIdentifier(safeIdentifier(n))).toBe(true);
  });
});

describe("NameScope", () => {
  test("hands out the preferred name, then _2, _3 in the order asked", () => {
    const scope = new NameScope(["taken"]);
    expect(scope.claim("my_type")).toBe("my_type");
    expect(scope.claim("my_type")).toBe("my_type_2");
    expect(scope.claim("my_type")).toBe("my_type_3");
    expect(scope.claim("taken")).toBe("taken_2");
    expect(scope.has("my_type_2")).toBe(true);
    expect(scope.has("free")).toBe(false);
  });
});

describe("enumMemberNames", () => {
  test("identifiers for any values, unique, never __proto__", () => {
    expect(enumMemberNames(["3phase", "a-b", "a_b", "", "__proto__", "a b", "Accepted"])).toEqual([
      "_3phase",
      "a_b",
      "a_b_2",
      "_",
      "__proto___",
      "a_b_3",
      "Accepted",
    ]);
    expect(enumMemberNames([1, true, null])).toEqual(["_1", "true", "null"]);
  });
});

describe("other names", () => {
  test("pascalCase (the inline enum rule's property part)", () => {
    expect(pascalCase("operation_mode")).toBe("OperationMode");
    expect(pascalCase("total_power_W")).toBe("TotalPowerW");
    expect(pascalCase("limit-L2")).toBe("LimitL2");
    expect(pascalCase("--")).toBe("");
  });

  test("helperNames", () => {
    expect(helperNames("EVSE")).toEqual({ is: "isEVSE", assert: "assertEVSE", validate: "validateEVSE" });
  });

  test("importAlias and everestRef", () => {
    expect(importAlias("display_message", "MessageContent")).toBe("display_message_MessageContent");
    expect(everestRef("ocpp", "ChargingSchedule")).toBe("/ocpp#/ChargingSchedule");
  });
});
