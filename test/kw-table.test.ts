/**
 * The scalar keyword table (generator/keywords.ts) is the one place a scalar
 * keyword is described: for every row and every type it acts on, the checks
 * read it (its value kind and its range), the schema documents and the
 * compile view write it, the JSDoc and the reference pages show it, the fast
 * guards check it and the runtime has words for it. A new row whose model
 * field is missing fails to compile (the table's `satisfies` in
 * keywords.ts); one whose guard code (emit/validators/guards.ts) or runtime
 * words (emit/runtime/assets/runtime.js) are missing fails here, by name.
 */
import * as path from "node:path";
import { markdownCode } from "../generator/escape";
import { KEYWORDS_BY_TYPE, SCALAR_KEYWORDS, UNSUPPORTED_DRAFT07, keepsInert, scalarRows, type JsonType, type ScalarKeywordRow, type ValueKind } from "../generator/keywords";
import type { Model, NamedSchema } from "../generator/model/model";
import { constraintItems } from "../generator/emit/docs/doc-schema-md";
import { DOCUMENT_VIEW, compileSchema, toJsonSchema } from "../generator/emit/schemas/json-schema";
import { schemaDoc } from "../generator/emit/ts/jsdoc";
import { emitGuards } from "../generator/emit/validators/guards";
import { HEAD, ROOT, run } from "./helpers/check-run";

/** A value of each kind that constrains something: a fast guard has code to write for it. */
const SAMPLE: { readonly [V in ValueKind]: number | string } = { count: 3, number: 7, format: "date-time", pattern: "^a+$" };

/** A value no keyword of the kind accepts. */
const WRONG = "[1]";

const CASES = SCALAR_KEYWORDS.flatMap((row) => row.types.map((type): [string, JsonType, ScalarKeywordRow] => [row.keyword, type, row]));

/** A type file with one type `T` of `type`, with `lines` beside it. */
function typeFile(type: JsonType, ...lines: string[]): string {
  return `${HEAD}  T:\n    type: ${type}\n    description: t\n${lines.map((l) => `    ${l}\n`).join("")}`;
}

function model(text: string): Model {
  const { model, diagnostics } = run({ "defs/x.yaml": text });
  expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return model!;
}

function item(m: Model): NamedSchema {
  return m.files[0]!.items[0]!;
}

describe("the table", () => {
  test("each type's rows have distinct places in each output, and every range's upper bound is a row of the same types", () => {
    for (const type of Object.keys(KEYWORDS_BY_TYPE) as JsonType[]) {
      const rows = scalarRows(type, "table");
      for (const order of ["document", "markdown"] as const) {
        expect([type, order, new Set(rows.map((r) => r.order[order])).size]).toEqual([type, order, rows.length]);
      }
      for (const row of rows) {
        if (!("range" in row)) continue;
        const upper = SCALAR_KEYWORDS.find((r) => r.keyword === row.range.upper);
        expect([row.keyword, upper?.types]).toEqual([row.keyword, row.types]);
      }
    }
  });

  test("no row is still among the keywords refused with E021", () => {
    expect(SCALAR_KEYWORDS.map((r) => r.keyword).filter((k) => UNSUPPORTED_DRAFT07.has(k))).toEqual([]);
  });
});

describe.each(CASES)("%s on %s", (keyword, type, row) => {
  const sample = SAMPLE[row.value];
  const written = `${keyword}: ${JSON.stringify(sample)}`;

  test("the checks read it into the model", () => {
    expect(item(model(typeFile(type, written))).schema).toHaveProperty(keyword, sample);
  });

  test("the checks refuse a value not of its kind (E022)", () => {
    const { diagnostics } = run({ "defs/x.yaml": typeFile(type, `${keyword}: ${WRONG}`) });
    expect(diagnostics.map((d) => d.code)).toContain("E022");
    expect(diagnostics.find((d) => d.code === "E022")?.message).toContain(`\`${keyword}\` must be`);
    expect(keepsInert(keyword, [1])).toBe(false);
    expect(keepsInert(keyword, sample)).toBe(true);
  });

  if ("range" in row) {
    test("the checks warn of a range no value is in (W106)", () => {
      const { diagnostics } = run({ "defs/x.yaml": typeFile(type, `${keyword}: 5`, `${row.range.upper}: ${row.range.strict ? 5 : 4}`) });
      expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([expect.stringMatching(new RegExp(`^W106 \`${keyword}\` \\(5\\) .* \`${row.range.upper}\``))]);
    });
  }

  test("the schema documents and the compile view write it", () => {
    const t = item(model(typeFile(type, written)));
    expect(toJsonSchema(t.schema, t.module, DOCUMENT_VIEW)[keyword]).toEqual(sample);
    expect(compileSchema(t)[keyword]).toEqual(sample);
  });

  test("the JSDoc tags it and the reference page lists it", () => {
    const t = item(model(typeFile(type, written)));
    expect(schemaDoc(t.schema).tags).toContainEqual({ tagName: keyword, text: String(sample) });
    expect(constraintItems(t.schema, t.module, "block", { skipEnum: false })).toContain(markdownCode(`${keyword}: ${String(sample)}`));
  });

  test("the fast guards check it (emit/validators/guards.ts)", () => {
    const guards = (m: Model): string => emitGuards(m)[0]!.content;
    expect([keyword, guards(model(typeFile(type, written))) !== guards(model(typeFile(type)))]).toEqual([keyword, true]);
  });

  test("the runtime has words for it (emit/runtime/assets/runtime.js)", () => {
    // The asset is an ES module; its CommonJS print is the committed package's runtime (the drift check keeps it current).
    const runtime = require(path.join(ROOT, "generated", "runtime.js")) as {
      issuesOf(errors: readonly { keyword: string; instancePath: string; params: object }[]): { message: string }[];
    };
    const [issue] = runtime.issuesOf([{ keyword, instancePath: "", params: {} }]);
    expect([keyword, issue?.message]).not.toEqual([keyword, `must pass the ${keyword} check`]);
  });
});
