/**
 * The trees the YAML readers make hold their own strings, not views into the
 * file's text: once the text is dropped, its memory can be reclaimed while the
 * tree (and the model made from it) lives on (generator/load/detached-text.ts).
 */
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { detached } from "../generator/load/detached-text";
import { parseYamlTree, type YNode } from "../generator/load/yaml-tree";
import { parseApiYaml } from "../generator/load/api-yaml";
import { DiagnosticBag } from "../generator/diagnostics";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

function liveHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Every string a tree holds. */
function strings(node: YNode, out: string[] = []): string[] {
  if (node.kind === "scalar") {
    out.push(node.text);
    if (typeof node.value === "string") out.push(node.value);
  } else if (node.kind === "map") {
    for (const e of node.entries) {
      out.push(e.key);
      strings(e.value, out);
    }
  } else for (const item of node.items) strings(item, out);
  return out;
}

/** 8 MB of comment lines, which no scalar holds, and 200 types whose names and descriptions are long enough to be views. */
function bigText(header: string): string {
  const lines = [header];
  for (let i = 0; i < 200; i++) {
    lines.push(`  ALongEnoughTypeName${i}:`, `    description: a description long enough to be cut from the text, number ${i}`, "    type: string");
    lines.push(`    # ${"x".repeat(40_000)}`);
  }
  return `${lines.join("\n")}\n`;
}

describe.each([
  ["type file (js-yaml)", (text: string) => parseYamlTree({ path: "t.yaml", text }, new DiagnosticBag()), "description: types for the test\ntypes:"],
  ["API spec (yaml)", (text: string) => parseApiYaml({ path: "t_API.yaml", text }, new DiagnosticBag()), "asyncapi: 3.0.0\ncomponents:\n schemas:"],
])("the %s reader", (_name, parse, header) => {
  test("keeps no view into the file's text: dropping the text frees it while the tree lives", () => {
    const before = liveHeap();
    let text: string | undefined = bigText(header);
    // Flat, as a file's decoded text is: a view into it then holds all 8 MB.
    text = Buffer.from(text, "utf8").toString("utf8");
    const tree = parse(text)!;
    expect(tree).toBeDefined();
    const held = strings(tree);
    expect(held).toContain("a description long enough to be cut from the text, number 199");
    expect(held).toContain("ALongEnoughTypeName199");
    text = undefined;
    const grown = liveHeap() - before;
    // The tree itself is well under 1 MB; the text alone is over 8 MB.
    expect(grown).toBeLessThan(2 * 2 ** 20);
    expect(strings(tree).length).toBe(held.length);
  });
});

describe("detached", () => {
  test.each([
    ["empty", ""],
    ["short", "short"],
    ["13 characters", "exactly13char"],
    ["__proto__ and more", "__proto__ and more than 13"],
    ["a property of Object.prototype's", "constructor.prototype.toString"],
    ["digits", "1234567890123456"],
    ["non-ASCII", "ünïcödé text, long enough 😀"],
    ["a lone surrogate", "\uD800 a lone surrogate, long enough"],
    ["100,000 characters", "x".repeat(100_000)],
  ])("gives back the same text: %s", (_label, text) => {
    const source = `[${text}]`;
    const view = source.slice(1, -1);
    expect(detached(view)).toBe(text);
  });
});
