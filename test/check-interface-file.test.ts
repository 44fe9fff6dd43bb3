/**
 * EVerest's rules for interface files (E040-E047), each with its exact message
 * and position; refs from interfaces into the type files (E031/E032, W102);
 * and the model built from them (names, synthetic argument objects, results).
 */
import * as path from "node:path";
import { formatDiagnostic, loadModel, type InputFile } from "../generator";
import { readDefs } from "../generator/load/read-defs";
import { ROOT, yaml } from "./helpers/check-run";

const TYPES = yaml`
  description: Test types
  types:
    Thing:
      description: A thing
      type: object
      properties:
        id:
          description: The id
          type: integer
    Mode:
      description: A mode
      type: string
      enum: [fast, slow]
    FooResult:
      description: A type whose name an interface also wants
      type: string
  `;

const HEAD = "description: Test interface\n";

/** The repository's error files (`errors/generic.yaml`), and one more for a reference to a single error. */
const ERRORS: InputFile[] = [
  ...readDefs(path.join(ROOT, "defs", "errors")),
  {
    path: "errors/evse_manager.yaml",
    content: "description: Errors of the EVSE manager\nerrors:\n  - name: PowermeterTransactionStartFailed\n    description: The power meter did not start the transaction\n",
  },
];

interface RunOptions {
  name?: string;
  types?: Record<string, string>;
  /** Error files to resolve `errors:` references against; absent: none (W113 for an interface with references). */
  errors?: InputFile[];
}

function run(iface: string, opts: RunOptions = {}) {
  const types: InputFile[] = Object.entries(opts.types ?? { "defs/t.yaml": TYPES }).map(([p, content]) => ({ path: p, content }));
  return loadModel(types, { interfaces: [{ path: opts.name ?? "interfaces/x.yaml", content: iface }], ...(opts.errors ? { errors: opts.errors } : {}) });
}

/** Every diagnostic of a run with one interface file, formatted as the CLI prints it. */
function diagnose(iface: string, opts: RunOptions = {}): string[] {
  return run(iface, opts).diagnostics.map(formatDiagnostic);
}

describe("a valid interface file", () => {
  const text = yaml`
    description: Test interface
    cmds:
      stop:
        description: Stops
      set_mode:
        description: Sets the mode
        arguments:
          mode:
            description: The new mode
            type: string
            $ref: /t#/Mode
          level:
            description: How strong
            type: integer
            minimum: 0
        result:
          description: Whether it worked
          type: boolean
    vars:
      thing:
        description: The current thing
        type: object
        $ref: /t#/Thing
        qos: 2
      maybe:
        description: A string or null
        type: [string, "null"]
    errors:
      - reference: /errors/generic
      - reference: /errors/evse_manager#/PowermeterTransactionStartFailed
    `;

  test("has no diagnostics", () => {
    expect(diagnose(text, { errors: ERRORS })).toEqual([]);
  });

  test("without error files, its error references are reported once, at the first (W113)", () => {
    expect(diagnose(text)).toEqual([
      "interfaces/x.yaml:29:16: warning W113: error references are not resolved: the run has no error files (pass --errors, or --everest); no error types are generated",
    ]);
  });

  test("becomes the model's interface: commands with closed argument objects and results, vars, errors", () => {
    const { model } = run(text, { errors: ERRORS });
    expect(model).toBeDefined();
    const [iface] = model!.interfaces;
    expect(iface).toMatchObject({ kind: "module", source: "interface", name: "x", path: "interfaces/x.yaml", moduleName: "x", description: "Test interface" });
    const [stop, setMode] = iface!.interface.commands;
    expect(stop).toMatchObject({ name: "stop", hasResult: false, argumentsTsName: "StopArguments", resultTsName: "StopResult" });
    expect(stop!.arguments).toMatchObject({ kind: "object", properties: [], additionalProperties: false, pointer: "/cmds/stop/arguments" });
    expect(stop!.result).toMatchObject({ kind: "null", pointer: "/cmds/stop/result" });
    expect(setMode!.arguments.properties.map((p) => [p.name, p.required, p.schema.kind])).toEqual([
      ["mode", true, "ref"],
      ["level", true, "integer"],
    ]);
    expect(setMode).toMatchObject({ hasResult: true, result: { kind: "boolean", description: "Whether it worked" } });
    const mode = setMode!.arguments.properties[0]!.schema;
    expect(mode.kind === "ref" && mode.target.name).toBe("Mode");
    expect(iface!.interface.vars.map((v) => [v.name, v.tsName, v.schema.kind, v.qos])).toEqual([
      ["thing", "ThingVar", "ref", 2],
      ["maybe", "MaybeVar", "union", undefined],
    ]);
    expect(iface!.interface.errors.map((e) => [e.reference, e.file, e.error])).toEqual([
      ["/errors/generic", "generic", undefined],
      ["/errors/evse_manager#/PowermeterTransactionStartFailed", "evse_manager", "PowermeterTransactionStartFailed"],
    ]);
    expect(iface!.interface.commands[0]!.interface).toBe(iface);
  });

  test("the model is frozen", () => {
    const { model } = run(text, { errors: ERRORS });
    const iface = model!.interfaces[0]!;
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(iface)).toBe(true);
    expect(Object.isFrozen(iface.interface.commands[1]!.arguments.properties[1]!.schema)).toBe(true);
    expect(Object.isFrozen(iface.interface.vars)).toBe(true);
  });

  test("a file with a description only is an interface without commands, vars or errors", () => {
    const { model, diagnostics } = run(HEAD);
    expect(diagnostics).toEqual([]);
    expect(model!.interfaces[0]).toMatchObject({ items: [], interface: { commands: [], vars: [], errors: [] } });
  });

  test("the repository's defs/interfaces/ocpp.yaml loads against defs/ without errors", () => {
    const { model, diagnostics } = loadModel(readDefs(path.join(ROOT, "defs")), {
      interfaces: readDefs(path.join(ROOT, "defs", "interfaces")),
      errors: readDefs(path.join(ROOT, "defs", "errors")),
    });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(diagnostics.filter((d) => d.file.startsWith("interfaces/"))).toEqual([]);
    const ocpp = model!.interfaces.find((i) => i.name === "ocpp")!;
    expect(ocpp.interface.commands.map((c) => c.name)).toEqual(["stop", "restart", "security_event", "get_variables", "set_variables", "data_transfer", "change_availability"]);
    expect(ocpp.interface.vars.map((v) => v.name)).toEqual(["is_connected", "security_event", "charging_schedules", "boot_notification_response", "event_data", "last_message"]);
  });
});

describe("E040 interface file names", () => {
  test.each([
    ["interfaces/index.yaml", 'interface file name "index" is reserved for the generated package\'s own interfaces/index module; rename the file'],
    ["interfaces/a b.yaml", 'interface file name "a b" cannot be used: it must match ^[A-Za-z_][A-Za-z0-9_-]*$'],
    ["interfaces/1x.yaml", 'interface file name "1x" cannot be used: it must match ^[A-Za-z_][A-Za-z0-9_-]*$'],
  ])("%s", (name, message) => {
    expect(diagnose(HEAD, { name })).toEqual([`${name}:1:1: error E040: ${message}`]);
  });

  test("two files that differ only in case", () => {
    const { diagnostics } = loadModel([{ path: "defs/t.yaml", content: TYPES }], {
      interfaces: [
        { path: "interfaces/Ocpp.yaml", content: HEAD },
        { path: "interfaces/ocpp.yaml", content: HEAD },
      ],
    });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "interfaces/ocpp.yaml:1:1: error E040: two interface files would produce the same module name ocpp: interfaces/Ocpp.yaml and interfaces/ocpp.yaml",
    ]);
  });

  test("a type file may not be named interfaces (the root module's namespace)", () => {
    expect(diagnose(HEAD, { types: { "defs/interfaces.yaml": TYPES } })).toEqual([
      'defs/interfaces.yaml:1:1: error E009: file name "interfaces" is reserved for the generated package\'s own interfaces module; rename the file',
    ]);
  });
});

describe("E041 unknown keys", () => {
  test("at the top level, with a hint for a near miss", () => {
    const text = yaml`
      description: Test interface
      cmd: {}
      types: {}
      `;
    expect(diagnose(text)).toEqual([
      'interfaces/x.yaml:2:1: error E041: unknown top-level key "cmd" (did you mean "cmds"?): only `description`, `cmds`, `vars` and `errors` are allowed',
      'interfaces/x.yaml:3:1: error E041: unknown top-level key "types": only `description`, `cmds`, `vars` and `errors` are allowed',
    ]);
  });

  test("in a command", () => {
    const text = yaml`
      description: Test interface
      cmds:
        stop:
          description: Stops
          argument: {}
          qos: 1
      `;
    expect(diagnose(text)).toEqual([
      'interfaces/x.yaml:5:5: error E041: unknown key "argument" in command stop (did you mean "arguments"?): only `description`, `arguments` and `result` are allowed',
      'interfaces/x.yaml:6:5: error E041: unknown key "qos" in command stop: only `description`, `arguments` and `result` are allowed',
    ]);
  });

  test("an unknown keyword in an argument's schema is ignored with the schema warning W109", () => {
    const text = yaml`
      description: Test interface
      cmds:
        stop:
          description: Stops
          arguments:
            now:
              description: At once
              type: boolean
              qos: 1
      `;
    expect(diagnose(text)).toEqual(['interfaces/x.yaml:9:9: warning W109: unknown keyword "qos" is ignored']);
  });
});

describe("E042 descriptions", () => {
  test("the file's: missing, too short (counted untrimmed), not a string", () => {
    expect(diagnose("vars: {}\n")).toEqual(["interfaces/x.yaml:1:1: error E042: the interface file has no `description`"]);
    expect(diagnose("description: a\n")).toEqual(["interfaces/x.yaml:1:14: error E042: the `description` of the interface file must have at least 2 characters"]);
    expect(diagnose('description: "  x  "\n')).toEqual([]);
    expect(diagnose("description: [a]\n")).toEqual(["interfaces/x.yaml:1:14: error E042: the `description` of the interface file must be a string, found a list"]);
  });

  test("a command's, an argument's, a result's and a var's; characters are counted untrimmed, as EVerest counts them", () => {
    const text = yaml`
      description: Test interface
      cmds:
        stop:
          result:
            type: boolean
        go:
          description: x
          arguments:
            speed:
              type: number
            gear:
              description: " g "
              type: integer
      vars:
        level:
          type: number
      `;
    expect(diagnose(text)).toEqual([
      "interfaces/x.yaml:3:3: error E042: command stop has no `description`",
      "interfaces/x.yaml:4:5: error E042: the result of command stop has no `description`",
      "interfaces/x.yaml:7:18: error E042: the `description` of command go must have at least 2 characters",
      "interfaces/x.yaml:9:7: error E042: argument speed of command go has no `description`",
      "interfaces/x.yaml:15:3: error E042: var level has no `description`",
    ]);
  });
});

describe("E043 shape and names", () => {
  test.each([
    ["- a\n", "1:1", "an interface file must be a mapping with `description` and `cmds`, `vars` or `errors`, found a list"],
    [`${HEAD}cmds: [stop]\n`, "2:7", "`cmds` must be a mapping of command names to commands, found a list"],
    [`${HEAD}cmds:\n`, "2:1", "`cmds` must be a mapping of command names to commands, found null"],
    [`${HEAD}vars: 3\n`, "2:7", "`vars` must be a mapping of var names to schemas, found a number"],
    [`${HEAD}cmds:\n  stop: true\n`, "3:9", "command stop must be a mapping with `description` and optionally `arguments` and `result`, found a boolean"],
    [`${HEAD}cmds:\n  stop:\n    description: Stops\n    arguments: [a]\n`, "5:16", "`arguments` of command stop must be a mapping of argument names to schemas, found a list"],
    [`${HEAD}cmds:\n  1stop:\n    description: Stops\n`, "3:3", 'invalid command name "1stop": must match ^[a-zA-Z_][a-zA-Z0-9_.-]*$'],
    [`${HEAD}vars:\n  "a b":\n    description: A b\n    type: string\n`, "3:3", 'invalid var name "a b": must match ^[a-zA-Z_][a-zA-Z0-9_.-]*$'],
  ])("%j", (text, at, message) => {
    expect(diagnose(text)).toEqual([`interfaces/x.yaml:${at}: error E043: ${message}`]);
  });

  test("an argument with a bad name", () => {
    const text = yaml`
      description: Test interface
      cmds:
        go:
          description: Goes
          arguments:
            "-x":
              description: X
              type: string
      `;
    expect(diagnose(text)).toEqual(['interfaces/x.yaml:6:7: error E043: invalid argument name "-x": must match ^[a-zA-Z_][a-zA-Z0-9_.-]*$']);
  });

  test("a var that is not a mapping is a schema error (E022)", () => {
    expect(diagnose(`${HEAD}vars:\n  level: 3\n`)).toEqual(["interfaces/x.yaml:3:10: error E022: a schema must be a mapping, found a number"]);
  });
});

describe("E044 `type`", () => {
  test("required on arguments, results and vars, even beside a $ref", () => {
    const text = yaml`
      description: Test interface
      cmds:
        go:
          description: Goes
          arguments:
            thing:
              description: The thing
              $ref: /t#/Thing
          result:
            description: Anything
      vars:
        v:
          description: A value
      `;
    expect(diagnose(text)).toEqual([
      "interfaces/x.yaml:6:7: error E044: argument thing of command go has no `type`",
      "interfaces/x.yaml:9:5: error E044: the result of command go has no `type`",
      "interfaces/x.yaml:12:3: error E044: var v has no `type`",
    ]);
  });

  test('an argument or a result of type "null" (a var may be null)', () => {
    const text = yaml`
      description: Test interface
      cmds:
        go:
          description: Goes
          arguments:
            nothing:
              description: Nothing
              type: "null"
            maybe:
              description: A string or nothing
              type: [string, "null"]
          result:
            description: Nothing
            type: "null"
      vars:
        none:
          description: Nothing
          type: "null"
      `;
    expect(diagnose(text)).toEqual([
      'interfaces/x.yaml:8:15: error E044: argument nothing of command go has type "null": an argument cannot be null (EVerest\'s interface schema forbids it)',
      'interfaces/x.yaml:14:13: error E044: the result of command go has type "null": leave `result` out for a command that returns null',
    ]);
  });

  test("a bare YAML null type is the schema error E020 with its hint", () => {
    const text = `${HEAD}cmds:\n  go:\n    description: Goes\n    result:\n      description: Nothing\n      type: null\n`;
    expect(diagnose(text)).toEqual([
      'interfaces/x.yaml:7:13: error E020: invalid type null (YAML reads a bare null as no value; write "null" in quotes): expected one of string, number, integer, boolean, object, array, null',
    ]);
  });
});

describe("E045 `default`", () => {
  test("not on arguments, results or vars", () => {
    const text = yaml`
      description: Test interface
      cmds:
        go:
          description: Goes
          arguments:
            speed:
              description: How fast
              type: number
              default: 1
          result:
            description: The speed reached
            type: number
            default: 0
      vars:
        level:
          description: The level
          type: integer
          default: 3
      `;
    expect(diagnose(text)).toEqual([
      "interfaces/x.yaml:9:9: error E045: `default` is not allowed on argument speed of command go: every argument is passed on each call",
      "interfaces/x.yaml:13:7: error E045: `default` is not allowed on the result of command go (EVerest's interface schema forbids it)",
      "interfaces/x.yaml:18:5: error E045: `default` is not allowed on var level (EVerest's interface schema forbids it)",
    ]);
  });

  test("a default nested inside an argument's object is documentation, as in type files", () => {
    const text = yaml`
      description: Test interface
      cmds:
        go:
          description: Goes
          arguments:
            options:
              description: Options
              type: object
              properties:
                fast:
                  description: Fast or not
                  type: boolean
                  default: false
      `;
    expect(diagnose(text)).toEqual([]);
  });
});

describe("E046 `qos`", () => {
  test.each([
    ["3", "3"],
    ["-1", "-1"],
    ["1.5", "1.5"],
    ['"1"', "a string"],
    ["[1]", "a list"],
  ])("qos: %s", (value, shown) => {
    const text = `${HEAD}vars:\n  v:\n    description: A value\n    type: boolean\n    qos: ${value}\n`;
    expect(diagnose(text)).toEqual([`interfaces/x.yaml:6:10: error E046: \`qos\` of var v must be 0, 1 or 2, found ${shown}`]);
  });

  test("0, 1 and 2 are fine and reach the model", () => {
    for (const q of [0, 1, 2]) {
      const { model, diagnostics } = run(`${HEAD}vars:\n  v:\n    description: A value\n    type: boolean\n    qos: ${q}\n`);
      expect(diagnostics).toEqual([]);
      expect(model!.interfaces[0]!.interface.vars[0]!.qos).toBe(q);
    }
  });
});

describe("E047 error references", () => {
  test("each wrong entry is reported; a repeated reference is only W111", () => {
    const text = yaml`
      description: Test interface
      errors:
        - /errors/generic
        - ref: /errors/generic
        - reference: /errors/generic
          referense: x
        - reference: errors/generic
        - reference: /errors/generic#/
        - reference: 42
        - reference: /errors/generic
        - {}
      `;
    expect(diagnose(text, { errors: ERRORS })).toEqual([
      "interfaces/x.yaml:3:5: error E047: an error reference must be a mapping with `reference`, found a string",
      "interfaces/x.yaml:4:5: error E047: an error reference needs `reference`",
      'interfaces/x.yaml:4:5: error E047: unknown key "ref" in an error reference: only `reference` is allowed',
      'interfaces/x.yaml:6:5: error E047: unknown key "referense" in an error reference (did you mean "reference"?): only `reference` is allowed',
      'interfaces/x.yaml:7:16: error E047: error reference "errors/generic" does not match EVerest\'s pattern ^/errors/[a-z][a-zA-Z0-9_]*$, optionally followed by #/[A-Z][A-Za-z0-9]*',
      'interfaces/x.yaml:8:16: error E047: error reference "/errors/generic#/" does not match EVerest\'s pattern ^/errors/[a-z][a-zA-Z0-9_]*$, optionally followed by #/[A-Z][A-Za-z0-9]*',
      "interfaces/x.yaml:9:16: error E047: `reference` must be a string, found a number",
      'interfaces/x.yaml:10:16: warning W111: error reference "/errors/generic" is listed twice',
      "interfaces/x.yaml:11:5: error E047: an error reference needs `reference`",
    ]);
  });

  test("`errors` must be a list", () => {
    expect(diagnose(`${HEAD}errors:\n  reference: /errors/generic\n`)).toEqual([
      "interfaces/x.yaml:3:3: error E047: `errors` must be a list of error references, found a mapping",
    ]);
  });
});

describe("refs from interfaces into the type files", () => {
  const cmd = (ref: string): string => `${HEAD}cmds:\n  go:\n    description: Goes\n    result:\n      description: The thing\n      type: object\n      $ref: ${ref}\n`;

  test("E031 a missing type file names both files, with a hint", () => {
    expect(diagnose(cmd("/typs#/Thing"), { types: { "defs/types.yaml": TYPES } })).toEqual([
      'interfaces/x.yaml:8:13: error E031: $ref "/typs#/Thing": no type file typs.yaml in the defs folder (referenced from interfaces/x.yaml); did you mean "/types#/Thing"?',
    ]);
  });

  test("E032 a missing type, with a hint", () => {
    expect(diagnose(cmd("/t#/Thng"))).toEqual(['interfaces/x.yaml:8:13: error E032: $ref "/t#/Thng": t.yaml has no type "Thng" (did you mean "Thing"?)']);
  });

  test("E030 a malformed ref", () => {
    expect(diagnose(cmd("ocpp#/Thing"))).toEqual(['interfaces/x.yaml:8:13: error E030: $ref "ocpp#/Thing" is not of the form "/<file>#/<Type>"']);
  });

  test("a ref into a type file that failed to load is not reported again", () => {
    expect(diagnose(cmd("/t#/Thing"), { types: { "defs/t.yaml": "description: x\ntypes: {}\n" } })).toEqual([
      "defs/t.yaml:1:14: error E013: file `description` must have at least 2 characters",
      'interfaces/x.yaml:8:13: error E032: $ref "/t#/Thing": t.yaml has no type "Thing"',
    ]);
    expect(diagnose(cmd("/t#/Thing"), { types: { "defs/t.yaml": "description: Types\ntypes: [a]\n" } })).toEqual([
      "defs/t.yaml:2:8: error E014: `types` must be a mapping of type names to schemas, found a list",
    ]);
  });

  test("W102 a `type` beside a $ref that disagrees with the target", () => {
    const text = `${HEAD}vars:\n  mode:\n    description: The mode\n    type: object\n    $ref: /t#/Mode\n`;
    expect(diagnose(text)).toEqual([
      'interfaces/x.yaml:5:11: warning W102: `type: object` beside $ref "/t#/Mode" disagrees with the target\'s type string; the $ref wins',
    ]);
  });

  test("every problem of a run is reported at once, type files and interfaces together", () => {
    const out = loadModel(
      [{ path: "defs/t.yaml", content: "description: Types\ntypes:\n  A:\n    description: A\n    type: strin\n" }],
      { interfaces: [{ path: "interfaces/x.yaml", content: cmd("/t#/B") }, { path: "interfaces/y.yaml", content: "cmds: {}\n" }] },
    );
    expect(out.model).toBeUndefined();
    expect(out.diagnostics.map(formatDiagnostic)).toEqual([
      'defs/t.yaml:5:11: error E020: invalid type "strin" (did you mean "string"?): expected one of string, number, integer, boolean, object, array, null',
      'interfaces/x.yaml:8:13: error E032: $ref "/t#/B": t.yaml has no type "B"',
      "interfaces/y.yaml:1:1: error E042: the interface file has no `description`",
    ]);
  });
});

describe("names in an interface module", () => {
  test("<Cmd>Arguments, <Cmd>Result and <Var>Var in PascalCase; collisions get _2; inline enums after the item", () => {
    const text = yaml`
      description: Test interface
      cmds:
        get_value:
          description: Gets
          arguments:
            unit:
              description: The unit
              type: string
              enum: [W, A]
        getValue:
          description: Gets too
        foo:
          description: Foo
          result:
            description: A state
            type: string
            enum: [on, off]
        a.b-c:
          description: Dotted
        _1x:
          description: Leading underscore and digit
      vars:
        get_value_arguments:
          description: Looks like a command's type
          type: string
        level:
          description: Levels
          type: array
          items:
            type: string
            enum: [low, high]
      `;
    const { model, diagnostics } = run(text);
    expect(diagnostics).toEqual([]);
    const i = model!.interfaces[0]!;
    expect(i.interface.commands.map((c) => [c.name, c.argumentsTsName, c.resultTsName])).toEqual([
      ["get_value", "GetValueArguments", "GetValueResult"],
      ["getValue", "GetValueArguments_2", "GetValueResult_2"],
      ["foo", "FooArguments", "FooResult"],
      ["a.b-c", "ABCArguments", "ABCResult"],
      ["_1x", "_1xArguments", "_1xResult"],
    ]);
    expect(i.interface.vars.map((v) => v.tsName)).toEqual(["GetValueArgumentsVar", "LevelVar"]);
    const unit = i.interface.commands[0]!.arguments.properties[0]!.schema;
    expect(unit.kind === "enum" && [unit.tsName, unit.topLevel]).toEqual(["GetValueArgumentsUnit", false]);
    const state = i.interface.commands[2]!.result;
    expect(state.kind === "enum" && [state.tsName, state.topLevel]).toEqual(["FooResult", true]);
    const level = i.interface.vars[1]!.schema;
    expect(level.kind === "array" && level.items?.kind === "enum" && level.items.tsName).toBe("LevelVarItem");
  });

  test("the same interface name in two folders' files, or a name that is not an identifier, gets a safe namespace name", () => {
    const { model } = loadModel([{ path: "defs/t.yaml", content: TYPES }], {
      interfaces: [
        { path: "interfaces/evse-manager.yaml", content: HEAD },
        { path: "interfaces/evse_manager.yaml", content: HEAD },
        { path: "interfaces/default.yaml", content: HEAD },
      ],
    });
    expect(model!.interfaces.map((i) => [i.name, i.moduleName])).toEqual([
      ["default", "default_"],
      ["evse-manager", "evse_manager"],
      ["evse_manager", "evse_manager_2"],
    ]);
  });
});
