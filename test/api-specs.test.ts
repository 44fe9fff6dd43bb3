/**
 * The EVerest API's AsyncAPI specs (`--api`, and `--everest`'s
 * docs/source/reference/EVerest_API/): every spec of EVerest's tree loads,
 * every message gets types, a validator, a JSON Schema and a docs page, and
 * every `examples[].payload` of the specs is judged by the generated
 * `validate()`; the examples that fail are listed below as findings about
 * the specs. Small hand-written specs hold the cross-spec refs, the
 * compositions and every error code. The tree is EVerest's: read where it
 * lies (../shared/everest/aa8113f or $EVEREST_DIR), never copied.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { formatDiagnostic, loadModel, readDefs, type InputFile, type Model } from "../generator";
import { copyOfEverestTree } from "./helpers/shared-trees";
import { ROOT, runCli, tempDir, treeHash } from "./helpers/cli";
import { DiagnosticBag } from "../generator/diagnostics";
import { parseYamlTree } from "../generator/load/yaml-tree";
import { parseApiYaml } from "../generator/load/api-yaml";

const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");
const SPECS = path.join(TREE, "docs", "source", "reference", "EVerest_API");
const present = fs.existsSync(SPECS);
if (!present) {
  if (process.env["CI"]) throw new Error(`EVerest API specs not found at ${SPECS}`);
  console.log(`api-specs: real-tree part skipped, no EVerest tree at ${TREE} (set EVEREST_DIR)`);
}
const treeSuite = present ? describe : describe.skip;

type Judge = (ref: string, value: unknown) => { valid: boolean; errors: { path: string; message: string }[] };

/**
 * Examples in EVerest's specs that their own schemas refuse: findings about
 * the specs, kept as they are. `file:line:col` is where the example's
 * `payload` is written.
 */
const KNOWN_FINDINGS = [
  // `tariff_messages` is required by ValidationResult, and the example has none.
  "EVerest_API/auth_token_validator_API.yaml:129:13 api/auth_token_validator/send_reply_validate_token",
  // JSON written as block YAML: `"connector_id": 1,` is the string "1," (and again no `tariff_messages`).
  "EVerest_API/auth_token_validator_API.yaml:145:13 api/auth_token_validator/send_validate_result_update",
];

const STRICT: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts"],
  types: [],
};

function compile(dir: string, source: string): string {
  const consumer = path.join(dir, "consumer.ts");
  fs.writeFileSync(consumer, source);
  const program = ts.createProgram({ rootNames: [consumer], options: STRICT });
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" });
}

treeSuite("EVerest's API specs", () => {
  let out: string;
  let model: Model;
  let stdout: string;
  beforeAll(() => {
    out = tempDir("etg-api-");
    // What that generate writes and prints, made once for the run (test/helpers/shared-trees.ts).
    const r = copyOfEverestTree(TREE, out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    stdout = r.stdout;
    const loaded = loadModel(readDefs(path.join(TREE, "types")), { api: readDefs(SPECS) });
    expect(loaded.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    model = loaded.model!;
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test("all 23 specs load with no error, each a module of source api", () => {
    expect(stdout).toMatch(/23 API specs with 304 messages and 319 schemas/);
    expect(model.apis.map((a) => a.name)).toEqual([
      "auth_consumer",
      "auth_token_provider",
      "auth_token_validator",
      "dc_external_derate_consumer",
      "display_message",
      "entrypoint",
      "error_history_consumer",
      "ev_board_support",
      "evse_board_support",
      "evse_manager_consumer",
      "evse_security_consumer",
      "external_energy_limits_consumer",
      "generic_error_raiser",
      "isolation_monitor",
      "ocpp_consumer",
      "over_voltage_monitor",
      "power_supply_DC",
      "powermeter",
      "session_cost",
      "session_cost_consumer",
      "slac",
      "system",
      "telemetry",
    ]);
    for (const a of model.apis) {
      expect(a.source).toBe("api");
      expect(a.api.asyncapi).toMatch(/^3\./);
      expect(Object.isFrozen(a.api)).toBe(true);
    }
  });

  test("the spec reader makes the very tree the type files' reader makes, positions included, of every spec both can read", () => {
    let compared = 0;
    for (const name of fs.readdirSync(SPECS).sort()) {
      const file = { path: `EVerest_API/${name}`, text: fs.readFileSync(path.join(SPECS, name), "utf8") };
      const viaJsYaml = parseYamlTree(file, new DiagnosticBag());
      const viaYaml = parseApiYaml(file, new DiagnosticBag());
      expect(viaYaml).toBeDefined();
      if (viaJsYaml === undefined) {
        // js-yaml 5 refuses exactly the two specs with "deficient indentation".
        expect(["auth_consumer_API.yaml", "auth_token_validator_API.yaml"]).toContain(name);
        continue;
      }
      compared++;
      expect(viaYaml).toEqual(viaJsYaml);
    }
    expect(compared).toBe(21);
  });

  test("every example payload validates, except the listed findings", () => {
    const root = require(path.join(out, "index.js")) as { validate: Judge };
    const failing: string[] = [];
    let judged = 0;
    for (const a of model.apis) {
      for (const e of a.api.examples) {
        judged++;
        if (!root.validate(e.message.ref, e.value).valid) failing.push(`${e.pos.file}:${e.pos.line}:${e.pos.col} ${e.message.ref}`);
      }
    }
    expect(judged).toBe(176);
    expect(failing).toEqual(KNOWN_FINDINGS);
  });

  test("every message has validate(), isX and assertX, and a JSON Schema and docs entry", () => {
    const root = require(path.join(out, "index.js")) as { validate: Judge };
    for (const a of model.apis) {
      const mod = require(path.join(out, "api", `${a.moduleName}.js`)) as Record<string, unknown>;
      const schema = JSON.parse(fs.readFileSync(path.join(out, "schemas", "api", `${a.moduleName}.json`), "utf8")) as { definitions: Record<string, unknown> };
      const page = fs.readFileSync(path.join(out, "docs", "api", `${a.moduleName}.md`), "utf8");
      for (const m of a.api.messages) {
        expect(typeof mod[`is${m.tsName}`]).toBe("function");
        expect(typeof mod[`assert${m.tsName}`]).toBe("function");
        expect(typeof root.validate(m.ref, null).valid).toBe("boolean");
        expect(Object.keys(schema.definitions)).toContain(m.name);
        expect(page).toContain(m.name);
      }
    }
  });

  test("the channels, operations and servers are kept for a client: topics, actions, replies", () => {
    const pm = model.apis.find((a) => a.name === "powermeter")!;
    expect(pm.api.servers.map((s) => [s.name, s.pathname, s.variables.map((v) => v.name)])).toEqual([["default", "everest_api/1/powermeter/{module_id}", ["module_id"]]]);
    const start = pm.api.operations.find((o) => o.name === "receive_request_start_transaction")!;
    expect(start.action).toBe("receive");
    expect(start.channel.address).toBe("e2m/start_transaction");
    expect(start.messages.map((m) => m.ref)).toEqual(["api/powermeter/receive_request_start_transaction"]);
    expect(start.reply?.addressLocation).toBe("$message.header#/replyTo");
    expect(start.reply?.channel?.address).toBeNull();
    expect(start.reply?.channel?.messages.map((m) => m.name)).toEqual(["send_reply_start_transaction"]);
    expect(start.pos).toEqual({ file: "EVerest_API/powermeter_API.yaml", line: 79, col: 3 });
    // A group of types (`components/schemas/units: {types: {...}}`) is no item itself; its types are.
    expect(pm.items.find((i) => i.name === "units")).toBeUndefined();
    const energy = pm.items.find((i) => i.ref === "api/powermeter/units/types/Energy")!;
    expect([energy.tsName, energy.pointer]).toEqual(["UnitsEnergy", "/components/schemas/units/types/Energy"]);
    const tel = model.apis.find((a) => a.name === "telemetry")!;
    expect(tel.api.channels[0]!.parameters.map((p) => p.name)).toEqual(["telemetry_id"]);
  });

  test("cross-spec refs become refs to the other module's items", () => {
    const evse = model.apis.find((a) => a.name === "evse_manager_consumer")!;
    const pm = evse.items.find((i) => i.name === "receive_powermeter")!;
    expect(pm.schema.kind === "ref" && pm.schema.target.ref).toBe("api/powermeter/Powermeter");
    // `oneOf: [$ref powermeter_API.yaml#/components/schemas/Powermeter, {type: "null"}]`: Powermeter, or null, under its own name.
    const latest = evse.items.find((i) => i.name === "receive_reply_get_powermeter")!;
    expect(latest.schema.kind === "ref" && [latest.schema.target.ref, latest.schema.orNull]).toEqual(["api/powermeter/Powermeter", true]);
    const dts = fs.readFileSync(path.join(out, "api", "evse_manager_consumer.d.ts"), "utf8");
    expect(dts).toMatch(/from "\.\/powermeter(\.js)?"/);
    expect(dts).toMatch(/^export type ReceiveReplyGetPowermeter = Powermeter \| null;$/m);
    const doc = JSON.parse(fs.readFileSync(path.join(out, "schemas", "api", "evse_manager_consumer.json"), "utf8")) as { definitions: Record<string, unknown> };
    expect(doc.definitions["receive_reply_get_powermeter"]).toMatchObject({ oneOf: [{ $ref: "powermeter.json#/definitions/Powermeter" }, { type: "null" }] });
    // Judged as EVerest's validator judges the oneOf: null, or a Powermeter, whose own issues are the only ones given.
    const { validate } = require(path.join(out, "index.js")) as { validate: Judge };
    expect(validate("api/evse_manager_consumer/receive_reply_get_powermeter", null)).toEqual({ valid: true, errors: [] });
    const bad = validate("api/evse_manager_consumer/receive_reply_get_powermeter", { timestamp: "2024-01-01T00:00:00Z" });
    expect(bad).toEqual({ valid: false, errors: [{ path: "", message: "must have required property 'energy_Wh_import'", keyword: "required" }] });
    const json = fs.readFileSync(path.join(out, "schemas", "api", "auth_consumer.json"), "utf8");
    expect(json).toContain('"$ref": "display_message.json#/definitions/MessageContent"');
  });

  test("the declarations of all 23 specs compile under strict tsc", () => {
    const lines = model.apis.map((a) => `import * as m_${a.moduleName} from "./api/${a.moduleName}.js";\nexport const x_${a.moduleName} = m_${a.moduleName};`);
    lines.push(
      'import { api, validate, type ApiRef } from "./index.js";',
      'export const ref: ApiRef = "api/powermeter/send_powermeter_values";',
      'export const judged = validate("api/telemetry/receive_cert_status", {});',
      "export const reply: api.auth_consumer.ReceiveReplyGetTokenValidationStatus = null;",
      "// @ts-expect-error there is no such message",
      'export const noRef: ApiRef = "api/powermeter/nope";',
      "",
    );
    expect(compile(out, lines.join("\n"))).toBe("");
  });
});

/** A minimal AsyncAPI 3 spec with the given components, channels and operations (YAML text). */
function spec(body: string, head = "asyncapi: 3.0.0\ninfo:\n  title: t\n  version: 1.0.0\n  description: A test API.\n"): string {
  return head + body;
}

const A = spec(`servers:
  default:
    pathname: 'everest_api/1/a/{module_id}'
    variables:
      module_id:
        description: The module id.
channels:
  send_value:
    address: 'm2e/value'
    messages:
      send_value:
        $ref: '#/components/messages/send_value'
operations:
  send_value:
    action: send
    channel:
      $ref: '#/channels/send_value'
components:
  schemas:
    Value:
      type: object
      required: [v]
      properties:
        v:
          type: integer
          minimum: 0
    Kind:
      type: string
      enum: [x, y]
  messages:
    send_value:
      payload:
        $ref: '#/components/schemas/Value'
      examples:
        - payload: {v: 1,
            }
`);

const B = spec(`components:
  schemas:
    Both:
      type: object
      additionalProperties: true
      allOf:
        - $ref: 'a_API.yaml#/components/schemas/Value'
        - type: object
          properties:
            w:
              type: string
  messages:
    receive_value:
      payload:
        oneOf:
          - $ref: 'a_API.yaml#/components/schemas/Value'
          - type: 'null'
    receive_kind:
      payload:
        oneOf:
          - $ref: 'a_API.yaml#/components/schemas/Kind'
          - type: 'null'
    receive_both:
      payload:
        $ref: '#/components/schemas/Both'
    receive_nothing:
      summary: A message without payload.
    receive_plain:
      payload:
        $ref: 'a_API.yaml#/components/schemas/Value'
`);

function write(dir: string, files: Record<string, string>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("hand-written specs through --api", () => {
  let work: string;
  beforeAll(() => {
    work = tempDir("etg-api-small-");
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("generate --api: cross-spec refs, nullable refs, allOf, a message without payload; the validators judge them", () => {
    const api = write(path.join(work, "api1"), { "a_API.yaml": A, "b_API.yaml": B });
    const out = path.join(work, "out1");
    const r = runCli(["generate", "--defs", path.join(ROOT, "defs"), "--api", api, "--out", out, "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2 API specs with 6 messages and 3 schemas");
    const root = require(path.join(out, "index.js")) as { validate: Judge };
    expect(root.validate("api/a/send_value", { v: 1 }).valid).toBe(true);
    expect(root.validate("api/a/send_value", { v: -1 }).errors.map((e) => e.path)).toEqual(["/v"]);
    expect(root.validate("api/b/receive_value", null).valid).toBe(true);
    expect(root.validate("api/b/receive_value", { v: 2 }).valid).toBe(true);
    expect(root.validate("api/b/receive_value", {}).valid).toBe(false);
    expect(root.validate("api/b/receive_kind", "x").valid).toBe(true);
    expect(root.validate("api/b/receive_kind", null).valid).toBe(true);
    expect(root.validate("api/b/receive_kind", "z").valid).toBe(false);
    expect(root.validate("api/b/receive_both", { v: 1, w: "s" }).valid).toBe(true);
    expect(root.validate("api/b/receive_both", { w: "s" }).valid).toBe(false);
    expect(root.validate("api/b/receive_both", { v: 1, w: 2 }).valid).toBe(false);
    expect(root.validate("api/b/receive_nothing", [1, "any"]).valid).toBe(true);
    expect(root.validate("api/b/Both", { v: 0 }).valid).toBe(true);
    const dts = fs.readFileSync(path.join(out, "api", "b.d.ts"), "utf8");
    expect(dts).toMatch(/from "\.\/a(\.js)?"/);
    // check agrees with what generate wrote (before the consumer below is added to the folder)
    expect(runCli(["check", "--defs", path.join(ROOT, "defs"), "--api", api, "--out", out]).code).toBe(0);
    expect(
      compile(
        out,
        [
          'import type { ReceiveValue, ReceiveKind, Both } from "./api/b.js";',
          "export const a: ReceiveValue = null;",
          "export const b: ReceiveValue = { v: 1 };",
          'export const c: ReceiveKind = "y";',
          'export const d: Both = { v: 1, w: "s" };',
          "// @ts-expect-error w is a string",
          "export const e: Both = { v: 1, w: 1 };",
          "",
        ].join("\n"),
      ),
    ).toBe("");
  });

  test("--everest finds docs/source/reference/EVerest_API/ when present, and reads none when it is absent", () => {
    const tree = path.join(work, "tree");
    write(path.join(tree, "types"), { "t.yaml": "description: Types.\ntypes:\n  T:\n    description: A type.\n    type: string\n" });
    const out = path.join(work, "out2");
    const without = runCli(["generate", "--everest", tree, "--out", out, "-q"]);
    expect(without.code).toBe(0);
    expect(without.stdout).not.toContain("API spec");
    write(path.join(tree, "docs", "source", "reference", "EVerest_API"), { "a_API.yaml": A });
    const withApi = runCli(["generate", "--everest", tree, "--out", out, "-q"]);
    expect(withApi.code).toBe(0);
    expect(withApi.stdout).toContain("1 API spec with 1 message and 2 schemas");
    expect(fs.existsSync(path.join(out, "api", "a.d.ts"))).toBe(true);
  });

  test("specs kept one folder each (EVerest 2025.12): <name>/asyncapi.yaml is the spec <name>, and ../<name>/asyncapi.yaml refers to it", () => {
    const nested = path.join(work, "api-folders");
    write(path.join(nested, "a_API"), { "asyncapi.yaml": A });
    write(path.join(nested, "b_API"), { "asyncapi.yaml": B.replace(/'a_API\.yaml#/g, "'../a_API/asyncapi.yaml#") });
    // Neither a spec folder nor a spec: skipped, as subfolders of any input folder are.
    write(path.join(nested, "notes"), { "readme.yaml": "not: a spec\n" });
    fs.writeFileSync(path.join(nested, "CMakeLists.txt"), "# not YAML\n");
    const out = path.join(work, "out-folders");
    const r = runCli(["generate", "--defs", path.join(ROOT, "defs"), "--api", nested, "--out", out, "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2 API specs with 6 messages and 3 schemas");
    const root = require(path.join(out, "index.js")) as { validate: Judge };
    expect(root.validate("api/b/receive_value", { v: 2 }).valid).toBe(true);
    expect(root.validate("api/b/receive_value", { v: -1 }).errors.map((e) => e.path)).toEqual(["/v"]);
    expect(fs.readFileSync(path.join(out, "api", "b.d.ts"), "utf8")).toMatch(/from "\.\/a(\.js)?"/);
    // The banner names the file as it is kept.
    expect(fs.readFileSync(path.join(out, "api", "b.d.ts"), "utf8")).toContain("api-folders/b_API/asyncapi.yaml");
    // check lists the specs as generate read them, and its stat index knows each by its own path.
    const checked = runCli(["check", "--defs", path.join(ROOT, "defs"), "--api", nested, "--out", out]);
    expect([checked.code, checked.stdout]).toEqual([0, expect.stringContaining("confirmed by")]);
    // A change in a spec folder is seen: the output depends on it (b's Value is a's).
    fs.writeFileSync(path.join(nested, "a_API", "asyncapi.yaml"), A.replace("minimum: 0", "minimum: 5"));
    const stale = runCli(["check", "--defs", path.join(ROOT, "defs"), "--api", nested, "--out", out]);
    expect([stale.code, stale.stdout]).toEqual([1, expect.stringContaining("is out of date")]);
  });

  test("a spec folder's asyncapi.yaml that is a link is refused; two spellings in one folder are one spec named twice (E060)", () => {
    const linked = path.join(work, "api-linked");
    write(path.join(linked, "a_API"), {});
    write(path.join(work, "elsewhere"), { "asyncapi.yaml": A });
    fs.symlinkSync(path.join(work, "elsewhere", "asyncapi.yaml"), path.join(linked, "a_API", "asyncapi.yaml"));
    const r = runCli(["generate", "--defs", path.join(ROOT, "defs"), "--api", linked, "--out", path.join(work, "out-linked"), "-q"]);
    expect([r.code, r.stderr.trim()]).toEqual([2, expect.stringMatching(/api-linked\/a_API\/asyncapi\.yaml is a symbolic link/)]);
    const twice = path.join(work, "api-twice");
    write(path.join(twice, "a_API"), { "asyncapi.yaml": A, "asyncapi.yml": A });
    const t = runCli(["generate", "--defs", path.join(ROOT, "defs"), "--api", twice, "--out", path.join(work, "out-twice"), "-q"]);
    expect([t.code, t.stderr]).toEqual([2, expect.stringContaining("error E060: two API specs would have the same name a_API")]);
  });

  test("--everest reads doc/everest_api_specs/ (EVerest 2025.12) when docs/source/reference/EVerest_API/ is absent", () => {
    const tree = path.join(work, "tree-2512");
    write(path.join(tree, "types"), { "t.yaml": "description: Types.\ntypes:\n  T:\n    description: A type.\n    type: string\n" });
    write(path.join(tree, "doc", "everest_api_specs", "a_API"), { "asyncapi.yaml": A });
    write(path.join(tree, "doc", "everest_api_specs", "b_API"), { "asyncapi.yaml": B.replace(/'a_API\.yaml#/g, "'../a_API/asyncapi.yaml#") });
    const out = path.join(work, "out-2512");
    const r = runCli(["generate", "--everest", tree, "--out", out, "-q"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain("2 API specs with 6 messages and 3 schemas");
    // Where both are, the newer layout is read.
    write(path.join(tree, "docs", "source", "reference", "EVerest_API"), { "a_API.yaml": A });
    expect(runCli(["generate", "--everest", tree, "--out", out, "-q"]).stdout).toContain("1 API spec with 1 message and 2 schemas");
  });

  test("errors are positioned, all reported at once, and nothing is written", () => {
    const api = write(path.join(work, "bad"), {
      "c_API.yaml": spec(`channels:
  one:
    address: 'e2m/one'
    messages:
      one:
        $ref: '#/components/messages/nope'
operations:
  one:
    action: publish
    channel:
      $ref: '#/channels/one'
components:
  messages:
    m:
      payload:
        $ref: 'missing_API.yaml#/components/schemas/X'
`),
      "d_API.yaml": "asyncapi: 2.6.0\ninfo: {}\n",
    });
    const out = path.join(work, "out3");
    const r = runCli(["generate", "--defs", path.join(ROOT, "defs"), "--api", api, "--out", out]);
    expect(r.code).toBe(2);
    const c = path.join(api, "c_API.yaml");
    const d = path.join(api, "d_API.yaml");
    expect(r.stderr.split("\n").filter((l) => / error /.test(l))).toEqual([
      `${c}:11:15: error E064: $ref: bad/c_API.yaml has no message "nope"`,
      `${c}:14:13: error E063: operation "one": \`action\` must be "send" or "receive", found "publish"`,
      `${c}:21:15: error E064: $ref to "missing_API.yaml": no such API spec among the specs read (referenced from bad/c_API.yaml)`,
      `${d}:1:11: error E061: asyncapi version "2.6.0" is not supported: the generator reads AsyncAPI 3.x`,
    ]);
    expect(treeHash(out)).toEqual({});
  });
});

/** The errors of loading `files` as API specs, formatted. */
function diagnose(files: Record<string, string>): string[] {
  const api: InputFile[] = Object.entries(files).map(([name, content]) => ({ path: `api/${name}`, content }));
  return loadModel([], { api })
    .diagnostics.filter((d) => d.severity === "error")
    .map(formatDiagnostic);
}

describe("compositions and refs resolved across items", () => {
  test("an allOf part that leads to a later allOf item is merged after it; a $ref cycle is W107 as in type files", () => {
    const text = spec(`components:
  schemas:
    Outer:
      allOf:
        - $ref: '#/components/schemas/Inner'
        - type: object
          properties:
            c: {type: boolean, description: C.}
    Inner:
      allOf:
        - type: object
          required: [a]
          properties:
            a: {type: integer, description: A.}
        - type: object
          properties:
            b: {type: string, description: B.}
    P:
      $ref: '#/components/schemas/Q'
    Q:
      $ref: '#/components/schemas/P'
`);
    const r = loadModel([], { api: [{ path: "api/a.yaml", content: text }] });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^api\/a\.yaml:\d+:\d+: warning W107: \$ref cycle /)]);
    const outer = r.model!.apis[0]!.items.find((i) => i.name === "Outer")!;
    expect(outer.schema.kind === "object" && outer.schema.properties.map((p) => [p.name, p.required])).toEqual([
      ["a", true],
      ["b", false],
      ["c", false],
    ]);
  });
});

describe("every error code of API specs", () => {
  test("E060: a file name that cannot name a spec, two specs of one module name, a reserved module name", () => {
    expect(diagnose({ "9x.yaml": spec("") })).toEqual(['api/9x.yaml:1:1: error E060: API spec file name "9x" cannot be used: it must match ^[A-Za-z_][A-Za-z0-9_-]*$']);
    expect(diagnose({ "p.yaml": spec(""), "p_API.yaml": spec("") })).toEqual(['api/p_API.yaml:1:1: error E060: two API specs would produce the same module name "p": "api/p.yaml" and "api/p_API.yaml"']);
    expect(diagnose({ "index_API.yaml": spec("") })).toEqual([
      'api/index_API.yaml:1:1: error E060: API spec "api/index_API.yaml" would make a module named "index", which the generated package keeps for its own api/index module; rename the file',
    ]);
  });

  test("E061: not an AsyncAPI 3.x spec", () => {
    expect(diagnose({ "a.yaml": "- 1\n" })).toEqual(["api/a.yaml:1:1: error E061: an AsyncAPI spec must be a mapping, found a list"]);
    expect(diagnose({ "a.yaml": "openapi: 3.0.0\n" })).toEqual(["api/a.yaml:1:1: error E061: not an AsyncAPI spec: no `asyncapi` version; the generator reads AsyncAPI 3.x"]);
    expect(diagnose({ "a.yaml": "asyncapi: '2.6.0'\n" })).toEqual(['api/a.yaml:1:11: error E061: asyncapi version "2.6.0" is not supported: the generator reads AsyncAPI 3.x']);
  });

  test("E062: sections, channels, messages and examples of the wrong shape", () => {
    expect(
      diagnose({
        "a.yaml": spec(`channels:
  c:
    messages: []
  d: 5
components:
  messages:
    m:
      payload: {type: string}
      examples: 3
`),
      }),
    ).toEqual([
      'api/a.yaml:7:3: error E062: channel "c" has no `address` (write `address: null` for a dynamic one)',
      "api/a.yaml:8:15: error E062: `messages` must be a mapping of messages, found a list",
      'api/a.yaml:9:6: error E062: channel "d" must be a mapping, found a number',
      "api/a.yaml:14:17: error E062: `examples` must be a list, found a number",
    ]);
  });

  test("E063: an operation's action other than send or receive", () => {
    expect(diagnose({ "a.yaml": spec("channels:\n  c:\n    address: x\noperations:\n  o:\n    action: subscribe\n    channel:\n      $ref: '#/channels/c'\n") })).toEqual([
      'api/a.yaml:11:13: error E063: operation "o": `action` must be "send" or "receive", found "subscribe"',
    ]);
  });

  test("E064: refs that name nothing, or are not of a spec's forms", () => {
    expect(
      diagnose({
        "a.yaml": spec(`channels:
  c:
    address: x
operations:
  o:
    action: send
    channel:
      $ref: '#/channels/cc'
components:
  schemas:
    Value: {type: string}
  messages:
    m1:
      payload:
        $ref: '#/components/schemas/Valeu'
    m2:
      payload:
        $ref: 'http://example.com/x.yaml#/components/schemas/Value'
    m3:
      payload:
        $ref: '#/components/messages/m1'
`),
      }),
    ).toEqual([
      'api/a.yaml:13:13: error E064: $ref: api/a.yaml has no channel "cc"',
      'api/a.yaml:20:15: error E064: $ref: "a.yaml" has no schema "Valeu"',
      'api/a.yaml:23:15: error E064: $ref "http://example.com/x.yaml#/components/schemas/Value": "http://example.com/x.yaml" is neither a spec in the same folder nor \"../<spec>/asyncapi.yaml\" (no other paths, no URLs)',
      'api/a.yaml:26:15: error E064: $ref "#/components/messages/m1" does not name a schema: a payload refers to "#/components/schemas/<Name>" or "<spec>.yaml#/components/schemas/<Name>" (or to "<Name>/types/<Type>" in a group of types)',
    ]);
  });

  test("E065: a message with the name of a schema; E066: a name that is another's helper", () => {
    expect(diagnose({ "a.yaml": spec("components:\n  schemas:\n    Value: {type: string}\n  messages:\n    Value:\n      payload: {type: string}\n") })).toEqual([
      'api/a.yaml:10:5: error E065: message "Value" has the name of a schema of this spec: both would be api/a/Value; rename one of them',
    ]);
    expect(diagnose({ "a.yaml": spec("components:\n  schemas:\n    X: {type: string}\n    isX: {type: string}\n") })).toEqual([
      "api/a.yaml:8:5: error E066: X would export isX, which is also the TypeScript name of an item of this spec; rename one of them",
    ]);
  });

  test("E067: an allOf the generator cannot build of open objects; other compositions are E021 as in type files", () => {
    expect(
      diagnose({
        "a.yaml": spec(`components:
  schemas:
    S: {type: string}
    O:
      type: object
      properties:
        k: {type: integer}
    Both:
      allOf:
        - $ref: '#/components/schemas/S'
        - $ref: '#/components/schemas/O'
        - type: object
          properties:
            k: {type: string}
    Either:
      oneOf:
        - type: string
        - type: integer
`),
      }),
    ).toEqual([
      "api/a.yaml:15:11: error E067: allOf part 0 is not an open object with declared properties: the generator builds allOf only of such objects",
      'api/a.yaml:19:13: error E067: allOf: property "k" is declared by two parts; the generator merges such a property only when one says `type: string` and the other lists its strings',
      'api/a.yaml:21:7: error E021: draft-07 keyword "oneOf" is not supported by the generator yet',
    ]);
  });

  test("the reader: examples js-yaml refuses load, duplicate keys and syntax errors are positioned", () => {
    expect(diagnose({ "a.yaml": spec("components:\n  messages:\n    m:\n      payload: {type: object}\n      examples:\n        - payload:\n            inner: {\n              \"v\": 1\n            }\n") })).toEqual([]);
    expect(diagnose({ "a.yaml": spec("components:\n  schemas:\n    X: {type: string}\n    X: {type: string}\n") })).toEqual([
      'api/a.yaml:9:5: error E002: duplicate key "X": a mapping holds it twice',
    ]);
    expect(diagnose({ "a.yaml": spec("components: [\n") })[0]).toMatch(/^api\/a\.yaml:\d+:\d+: error E001: YAML syntax error: /);
  });

  test("the reader's bounds and rules are those of type files: aliases, depth, tags, numbers, merge keys, documents", () => {
    let bomb = "asyncapi: 3.0.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
    expect(diagnose({ "a.yaml": bomb })).toEqual(["api/a.yaml:2:10: error E004: aliases expand past the bounds of one document; refusing to expand (alias bomb?)"]);
    expect(diagnose({ "a.yaml": `asyncapi: 3.0.0\nx: ${"[".repeat(200)}${"]".repeat(200)}\n` })).toEqual(["api/a.yaml:2:132: error E001: YAML syntax error: nested more than 128 levels deep"]);
    expect(diagnose({ "a.yaml": `asyncapi: 3.0.0\nx: ${"[".repeat(5000)}${"]".repeat(5000)}\n` })).toEqual([expect.stringMatching(/^api\/a\.yaml:\d+:\d+: error E001: YAML syntax error: /)]);
    expect(diagnose({ "a.yaml": "asyncapi: 3.0.0\nx: !!js/regexp /a/\n" })).toEqual(['api/a.yaml:2:16: error E003: unsupported YAML tag "tag:yaml.org,2002:js/regexp": specs hold plain data only']);
    expect(diagnose({ "a.yaml": "asyncapi: 3.0.0\nx: .nan\n" })).toEqual(['api/a.yaml:2:4: error E007: number ".nan" is not finite: JSON has no NaN or infinity; quote it if a string is meant']);
    expect(diagnose({ "a.yaml": "asyncapi: 3.0.0\n<<: {a: 1}\n" })).toEqual(["api/a.yaml:2:1: error E003: YAML merge keys (<<) are not supported: write the keys out in full"]);
    expect(diagnose({ "a.yaml": "asyncapi: 3.0.0\n---\nb: 1\n" })).toEqual(["api/a.yaml:2:1: error E001: YAML syntax error: a spec holds exactly one document"]);
    expect(diagnose({ "a.yaml": "" })).toEqual(["api/a.yaml:1:1: error E005: file is empty: expected an AsyncAPI spec"]);
  });
});
