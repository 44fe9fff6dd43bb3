/**
 * The model of the real `defs/`, read from disk: counts, refs resolved to the
 * right declarations (across files too), required flags, the constraints issue 2
 * lists, inert keywords, positions, immutability and input-order independence.
 * The YAML itself, read independently with js-yaml's `load`, is the oracle for
 * structure; the constraints are spelled out from the issue.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { formatDiagnostic, loadModel, type SchemaModule, type Model, type Property, type Schema, type NamedSchema } from "../generator";
import { walkSchema } from "../generator/model/model";
import { ROOT, realDefs } from "./helpers/check-run";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const files = realDefs();
const { model, diagnostics } = loadModel(files);

function mustModel(): Model {
  if (!model) throw new Error(`defs/ did not load:\n${diagnostics.map(formatDiagnostic).join("\n")}`);
  return model;
}
function file(name: string): SchemaModule {
  const f = mustModel().files.find((x) => x.name === name);
  if (!f) throw new Error(`no file ${name}`);
  return f;
}
function decl(fileName: string, typeName: string): NamedSchema {
  const d = file(fileName).items.find((t) => t.name === typeName);
  if (!d) throw new Error(`no type ${fileName}/${typeName}`);
  return d;
}
function prop(fileName: string, typeName: string, name: string): Property {
  const s = decl(fileName, typeName).schema;
  if (s.kind !== "object") throw new Error(`${typeName} is not an object`);
  const p = s.properties.find((x) => x.name === name);
  if (!p) throw new Error(`no property ${typeName}.${name}`);
  return p;
}
const yamlOf = (name: string): Obj => load(fs.readFileSync(path.join(ROOT, "defs", `${name}.yaml`), "utf8")) as Obj;
const textOf = (name: string): string[] => fs.readFileSync(path.join(ROOT, "defs", `${name}.yaml`), "utf8").split("\n");

describe("the real defs load", () => {
  test("without errors; the only warnings are the inert `maximum`s and the properties the page shows without description", () => {
    expect(diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      ...["start_period:23", "limit:25", "number_phases:27", "stack_level:29", "phase_to_use:31"].map(wo),
      ...["charging_rate_unit:45", "charging_schedule_period:47", "duration:52", "start_schedule:54", "min_charging_rate:56"].map(wo),
      "defs/ocpp.yaml:189:9: warning W101: `maximum` has no effect on a value of type string",
      "defs/ocpp.yaml:196:9: warning W101: `maximum` has no effect on a value of type string",
      "defs/ocpp.yaml:217:11: warning W101: `maximum` has no effect on a value of type string",
    ]);
    function wo(nameLine: string): string {
      const [name, line] = nameLine.split(":");
      return `defs/ocpp.yaml:${line}:7: warning W103: property "${name}" has no description`;
    }
  });
});

describe("counts", () => {
  test("files, types, enums and objects", () => {
    const m = mustModel();
    expect(m.files.map((f) => [f.name, f.path, f.items.length])).toEqual([
      ["display_message", "defs/display_message.yaml", 2],
      ["ocpp", "defs/ocpp.yaml", 36],
    ]);
    const kinds = (f: SchemaModule): Record<string, number> =>
      f.items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.schema.kind]: (acc[t.schema.kind] ?? 0) + 1 }), {});
    expect(kinds(file("ocpp"))).toEqual({ object: 24, enum: 12 });
    expect(kinds(file("display_message"))).toEqual({ object: 1, enum: 1 });
    const props = file("ocpp").items.reduce((n, t) => n + (t.schema.kind === "object" ? t.schema.properties.length : 0), 0);
    expect(props).toBe(81);
  });

  test("every top-level enum is a string enum named after its type, with values in YAML order", () => {
    for (const f of mustModel().files) {
      const raw = yamlOf(f.name)["types"] as Obj;
      for (const t of f.items) {
        if (t.schema.kind !== "enum") continue;
        expect([t.name, t.schema.tsName, t.schema.topLevel, t.schema.isStringEnum, t.schema.type]).toEqual([t.name, t.name, true, true, "string"]);
        expect(t.schema.values).toEqual((raw[t.name] as Obj)["enum"]);
      }
    }
    const security = decl("ocpp", "SecurityEventEnum").schema;
    expect(security.kind === "enum" && security.values).toHaveLength(20);
    expect(decl("display_message", "MessageFormat").schema).toMatchObject({ kind: "enum", values: ["ASCII", "HTML", "URI", "UTF8"] });
  });
});

describe("refs", () => {
  const refs = (): { from: string; ref: string; target: NamedSchema; sibling: string | undefined }[] =>
    mustModel().files.flatMap((f) =>
      f.items.flatMap((t) =>
        [...walkSchema(t.schema)].flatMap((s) => (s.kind === "ref" ? [{ from: `${f.name}/${t.name}${s.pointer}`, ref: s.ref, target: s.target, sibling: s.siblingType }] : [])),
      ),
    );

  test("33 refs, each resolved to the declaration its text names, in the model's own objects", () => {
    const all = refs();
    expect(all).toHaveLength(33);
    for (const r of all) {
      expect(r.ref).toBe(`/${r.target.module.name}#/${r.target.name}`);
      expect(decl(r.target.module.name, r.target.name)).toBe(r.target); // same object, not a copy
    }
  });

  test("the one cross-file ref: OcppTransactionEventResponse.personal_message -> display_message MessageContent", () => {
    const cross = refs().filter((r) => !r.from.startsWith(`${r.target.module.name}/`));
    expect(cross.map((r) => `${r.from} -> ${r.target.module.name}/${r.target.name}`)).toEqual([
      "ocpp/OcppTransactionEventResponse/types/OcppTransactionEventResponse/properties/personal_message -> display_message/MessageContent",
    ]);
    const p = prop("ocpp", "OcppTransactionEventResponse", "personal_message").schema;
    expect(p.kind === "ref" && p.target).toBe(decl("display_message", "MessageContent"));
    expect(p.kind === "ref" && p.target.module).toBe(file("display_message"));
  });

  test("every ref states the type EVerest writes beside it, and it agrees with the target", () => {
    for (const r of refs()) {
      const t = r.target.schema;
      expect([r.from, r.sibling]).toEqual([r.from, t.kind === "enum" ? "string" : t.kind]);
    }
  });

  test("array items that are refs: ChargingSchedule, ChargingSchedules, GetConfigurationResponse", () => {
    const item = (typeName: string, name: string): Schema | undefined => {
      const s = prop("ocpp", typeName, name).schema;
      return s.kind === "array" ? s.items : undefined;
    };
    expect(item("ChargingSchedule", "charging_schedule_period")).toMatchObject({ kind: "ref", target: { name: "ChargingSchedulePeriod" } });
    expect(item("ChargingSchedules", "schedules")).toMatchObject({ kind: "ref", target: { name: "ChargingSchedule" } });
    expect(item("GetConfigurationResponse", "configuration_keys")).toMatchObject({ kind: "ref", target: { name: "KeyValue" } });
  });
});

describe("properties match the YAML", () => {
  test("names in YAML order, required flags, kinds, descriptions", () => {
    for (const f of mustModel().files) {
      const raw = yamlOf(f.name);
      expect(f.description).toBe(raw["description"]);
      const types = raw["types"] as Obj;
      expect(f.items.map((t) => t.name)).toEqual(Object.keys(types));
      for (const t of f.items) {
        const body = types[t.name] as Obj;
        expect(t.description).toBe(body["description"]);
        if (t.schema.kind !== "object") continue;
        const rawProps = (body["properties"] ?? {}) as Obj;
        const required = (body["required"] ?? []) as string[];
        expect(t.schema.properties.map((p) => p.name)).toEqual(Object.keys(rawProps));
        for (const p of t.schema.properties) {
          const rp = rawProps[p.name] as Obj;
          expect([t.name, p.name, p.required]).toEqual([t.name, p.name, required.includes(p.name)]);
          expect(p.schema.description).toBe(rp["description"]);
          const kind = rp["$ref"] !== undefined ? "ref" : rp["enum"] !== undefined ? "enum" : rp["type"];
          expect([t.name, p.name, p.schema.kind]).toEqual([t.name, p.name, kind]);
        }
      }
    }
  });

  test("a few required flags spelled out", () => {
    expect(prop("ocpp", "EVSE", "id").required).toBe(true);
    expect(prop("ocpp", "EVSE", "connector_id").required).toBe(false);
    expect(prop("ocpp", "KeyValue", "key").required).toBe(true);
    expect(prop("ocpp", "KeyValue", "read_only").required).toBe(true);
    expect(prop("ocpp", "KeyValue", "value").required).toBe(false);
    expect(prop("display_message", "MessageContent", "content").required).toBe(true);
    expect(prop("display_message", "MessageContent", "format").required).toBe(false);
    const eventData = decl("ocpp", "EventData").schema;
    expect(eventData.kind === "object" && eventData.properties.filter((p) => p.required).map((p) => p.name)).toEqual([
      "component_variable",
      "event_id",
      "timestamp",
      "trigger",
      "actual_value",
      "event_notification_type",
    ]);
  });

  test("formats: date-time where the page shows it", () => {
    const formats = mustModel().files.flatMap((f) =>
      f.items.flatMap((t) => [...walkSchema(t.schema)].flatMap((s) => (s.kind === "string" && s.format ? [`${t.name}${s.pointer.replace(`/types/${t.name}`, "")}:${s.format}`] : []))),
    );
    expect(formats).toEqual([
      "SecurityEvent/properties/timestamp:date-time",
      "EventData/properties/timestamp:date-time",
      "BootNotificationResponse/properties/current_time:date-time",
    ]);
  });
});

describe("the constraints of issue 2", () => {
  /** Every numeric and boolean keyword in the model, as `Type/pointer keyword=value`. */
  function constraints(): string[] {
    const out: string[] = [];
    for (const f of mustModel().files) {
      for (const t of f.items) {
        for (const s of walkSchema(t.schema)) {
          const where = `${f.name}:${s.pointer.replace(/^\/types\//, "")}`;
          for (const k of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems"]) {
            const v = (s as unknown as Record<string, unknown>)[k];
            if (v !== undefined) out.push(`${where} ${k}=${String(v)}`);
          }
          if (s.kind === "object" && s.additionalProperties !== undefined) out.push(`${where} additionalProperties=${String(s.additionalProperties)}`);
          for (const i of s.inert) out.push(`${where} inert ${i.keyword}=${JSON.stringify(i.value)}`);
        }
      }
    }
    return out.sort();
  }

  test("exactly the listed constraints, and no others", () => {
    expect(constraints()).toEqual(
      [
        "ocpp:ChargingSchedule/properties/evse minimum=0",
        "ocpp:EVSE/properties/id minimum=1",
        "ocpp:EVSE/properties/connector_id minimum=1",
        "ocpp:DataTransferRequest additionalProperties=false",
        "ocpp:DataTransferResponse additionalProperties=false",
        "ocpp:KeyValue additionalProperties=false",
        "ocpp:KeyValue/properties/key inert maximum=50",
        "ocpp:KeyValue/properties/value inert maximum=5000",
        "ocpp:GetConfigurationResponse/properties/unknown_keys/items inert maximum=50",
        "ocpp:Variable/properties/name minLength=0",
        "ocpp:Variable/properties/name maxLength=50",
        "ocpp:Variable/properties/instance minLength=0",
        "ocpp:Variable/properties/instance maxLength=50",
        "ocpp:Component/properties/name minLength=0",
        "ocpp:Component/properties/name maxLength=50",
        "ocpp:Component/properties/instance minLength=0",
        "ocpp:Component/properties/instance maxLength=50",
        "ocpp:GetVariableResult/properties/value minLength=0",
        "ocpp:GetVariableResult/properties/value maxLength=2500",
        "ocpp:SetVariableRequest/properties/value minLength=0",
        "ocpp:SetVariableRequest/properties/value maxLength=1000",
        "ocpp:EventData/properties/actual_value maxLength=2500",
        "ocpp:EventData/properties/tech_code maxLength=50",
        "ocpp:EventData/properties/tech_info maxLength=500",
        "ocpp:EventData/properties/transaction_id maxLength=36",
      ].sort(),
    );
  });

  test("the inert `maximum` on KeyValue.key is recorded with its position, and is not a string constraint", () => {
    const key = prop("ocpp", "KeyValue", "key").schema;
    expect(key.kind).toBe("string");
    expect(key.inert).toEqual([{ keyword: "maximum", value: 50, pos: { file: "defs/ocpp.yaml", line: 189, col: 9 } }]);
    expect(key.kind === "string" && key.maxLength).toBeUndefined();
    expect(textOf("ocpp")[188]).toBe("        maximum: 50");
  });

  test("objects are open unless they say otherwise", () => {
    const closed = file("ocpp")
      .items.filter((t) => t.schema.kind === "object" && t.schema.additionalProperties === false)
      .map((t) => t.name);
    expect(closed).toEqual(["DataTransferRequest", "DataTransferResponse", "KeyValue"]);
    expect(decl("ocpp", "EVSE").schema).not.toHaveProperty("additionalProperties");
  });
});

describe("positions", () => {
  test("every declaration and property points at its name in the YAML; every schema at a line inside its type", () => {
    for (const f of mustModel().files) {
      const lines = textOf(f.name);
      const at = (p: { file: string; line: number; col: number }): string => (lines[p.line - 1] ?? "").slice(p.col - 1);
      expect(f.pos).toEqual({ file: f.path, line: 1, col: 1 });
      const starts = f.items.map((t) => t.pos.line);
      f.items.forEach((t, i) => {
        expect(t.pos.file).toBe(f.path);
        expect(at(t.pos).startsWith(`${t.name}:`)).toBe(true);
        const end = starts[i + 1] ?? lines.length + 1;
        for (const s of walkSchema(t.schema)) {
          expect(s.pos.file).toBe(f.path);
          expect(s.pos.line).toBeGreaterThan(t.pos.line);
          expect(s.pos.line).toBeLessThan(end);
          if (s.kind === "object") for (const p of s.properties) expect(at(p.pos).startsWith(`${p.name}:`)).toBe(true);
        }
      });
    }
  });

  test("spelled out: EVSE and its id", () => {
    expect(decl("ocpp", "EVSE").pos).toEqual({ file: "defs/ocpp.yaml", line: 70, col: 3 });
    expect(prop("ocpp", "EVSE", "id").pos).toEqual({ file: "defs/ocpp.yaml", line: 76, col: 7 });
    expect(prop("ocpp", "EVSE", "id").schema.pos).toEqual({ file: "defs/ocpp.yaml", line: 77, col: 9 });
    expect(textOf("ocpp")[69]).toBe("  EVSE:");
    expect(textOf("ocpp")[76]).toBe("        description: Id of the EVSE");
  });
});

describe("immutability and determinism", () => {
  test("every node reachable from the model is frozen", () => {
    const seen = new Set<object>();
    const todo: unknown[] = [mustModel()];
    let count = 0;
    while (todo.length > 0) {
      const v = todo.pop();
      if (typeof v !== "object" || v === null || seen.has(v)) continue;
      seen.add(v);
      count++;
      expect(Object.isFrozen(v)).toBe(true);
      for (const k of Object.keys(v)) todo.push((v as Record<string, unknown>)[k]);
    }
    expect(count).toBeGreaterThan(500);
    const evse = decl("ocpp", "EVSE");
    expect(() => {
      (evse as { name: string }).name = "X";
    }).toThrow(TypeError);
  });

  test("nodes carry a kind", () => {
    const f = file("ocpp");
    expect(f.kind).toBe("module");
    expect(f.items.every((t) => t.kind === "named" && t.module === f)).toBe(true);
  });

  test("the model does not depend on the order files are given in", () => {
    const reversed = loadModel([...files].reverse());
    expect(reversed.diagnostics).toEqual(diagnostics);
    expect(reversed.model!.files.map((f) => f.name)).toEqual(["display_message", "ocpp"]);
    expect(describeModel(reversed.model!)).toEqual(describeModel(mustModel()));
  });

  test("loading twice gives equal, separate models", () => {
    const again = loadModel(realDefs()).model!;
    expect(again).not.toBe(model);
    expect(describeModel(again)).toEqual(describeModel(mustModel()));
  });
});

/** The model as plain JSON, with refs written as their target's name (the model itself is cyclic). */
function describeModel(m: Model): string {
  return JSON.stringify(m, (key, value: unknown) => {
    if (key === "module" && value && typeof value === "object" && "name" in value) return `module:${(value as SchemaModule).name}`;
    // Model.modules lists the same modules as `files`: shown once.
    if (key === "modules") return undefined;
    if (key === "target" && value && typeof value === "object") return `${(value as NamedSchema).module.name}/${(value as NamedSchema).name}`;
    return value;
  });
}
