/** unhangInlineObjects: the one post-print fix of ts-morph's output (generator/emit/ts/member-indent.ts). */
import { unhangInlineObjects } from "../generator/emit/ts/member-indent";

test("members of an inline object type, and its closing brace, come back one level; nested ones move with it", () => {
  const printed = [
    "export interface A {",
    "  a: {",
    "      /** doc */",
    "      b?: {",
    "        c: string;",
    "      };",
    "    };",
    "  rows?: {",
    "      n: number;",
    "    }[];",
    "  [key: string]: {",
    "      v: 1 | 2;",
    "    } | undefined;",
    "}",
    "",
  ].join("\n");
  expect(unhangInlineObjects(printed)).toBe(
    [
      "export interface A {",
      "  a: {",
      "    /** doc */",
      "    b?: {",
      "      c: string;",
      "    };",
      "  };",
      "  rows?: {",
      "    n: number;",
      "  }[];",
      "  [key: string]: {",
      "    v: 1 | 2;",
      "  } | undefined;",
      "}",
      "",
    ].join("\n"),
  );
});

test("braces in comments and string literal types, and unions broken over lines, are left as printed", () => {
  const printed = [
    "export interface B {",
    "  /**",
    "   * looks like a member: {",
    "   *   x?: {",
    "   */",
    '  s: "a: {" | "}";',
    "  u:",
    '    | "one"',
    '    | "two";',
    "}",
    "",
  ].join("\n");
  expect(unhangInlineObjects(printed)).toBe(printed);
});

test("text without a member that opens a block is returned as it is, unparsed", () => {
  const printed = "export type T = string;\n";
  expect(unhangInlineObjects(printed)).toBe(printed);
});
