/**
 * Checks on a generated package as code: every .d.ts/.d.mts/.js/.mjs file
 * parses with no syntax error, holds only the kinds of top-level statements
 * the generator writes, calls `require` only on the package's own relative
 * modules, and names nothing that only injected text could (`process`,
 * `eval`, `child_process`...); every .json file parses. Used by the
 * hostile-input tests, where definition text tries to break out of comments
 * and strings.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/** Identifiers the generator's own code never uses; one in the output means definition text became code. */
export const FORBIDDEN_IDENTIFIERS = new Set(["process", "eval", "child_process", "execSync", "writeFileSync", "exit", "PWNED", "globalThis", "Function"]);

const DECLARATION_STATEMENTS = new Set([
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.ModuleDeclaration,
  ts.SyntaxKind.ClassDeclaration,
]);

const SCRIPT_STATEMENTS = new Set([
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ExpressionStatement,
]);

function isCode(p: string): boolean {
  return /\.(d\.m?ts|m?js)$/.test(p);
}

function scriptKind(p: string): ts.ScriptKind {
  return /\.d\.m?ts$/.test(p) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** `exports.x`, `exports["x"]`, `module.exports`: what a top-level assignment may assign to. */
function isExportsTarget(e: ts.Expression): boolean {
  let cur: ts.Expression = e;
  while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) cur = cur.expression;
  return ts.isIdentifier(cur) && (cur.text === "exports" || (cur.text === "module" && e.getText().startsWith("module.exports")));
}

/**
 * A top-level expression statement the generator writes: a directive, an
 * export assignment, Object.defineProperty(...), or `validateX.errors = null`
 * on a function the same file declares.
 */
function allowedExpression(s: ts.ExpressionStatement, functions: ReadonlySet<string>): boolean {
  const e = s.expression;
  if (ts.isStringLiteral(e)) return e.text === "use strict";
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const { left, right } = e;
    const resetsErrors =
      ts.isPropertyAccessExpression(left) &&
      left.name.text === "errors" &&
      ts.isIdentifier(left.expression) &&
      functions.has(left.expression.text) &&
      right.kind === ts.SyntaxKind.NullKeyword;
    return resetsErrors || isExportsTarget(left);
  }
  if (ts.isCallExpression(e)) return e.expression.getText() === "Object.defineProperty";
  return false;
}

/** Problems of one code file (empty when clean). */
/**
 * The package runtime is fixed text, the same for every input
 * (test/runtime-assets.test.ts), and reaches `globalThis` for its registry of
 * shared objects; nothing else may.
 */
const RUNTIME_FILES = new Set(["runtime.js", "runtime.mjs"]);

export function auditCode(file: string, text: string): string[] {
  const problems: string[] = [];
  const forbidden = RUNTIME_FILES.has(file) ? new Set([...FORBIDDEN_IDENTIFIERS].filter((n) => n !== "globalThis")) : FORBIDDEN_IDENTIFIERS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const declaration = /\.d\.m?ts$/.test(file);
  const functions = new Set(sf.statements.flatMap((s) => (ts.isFunctionDeclaration(s) && s.name !== undefined ? [s.name.text] : [])));
  for (const s of sf.statements) {
    const allowed = declaration ? DECLARATION_STATEMENTS.has(s.kind) : SCRIPT_STATEMENTS.has(s.kind);
    if (!allowed || (!declaration && ts.isExpressionStatement(s) && !allowedExpression(s, functions))) {
      problems.push(`${file}: unexpected top-level ${ts.SyntaxKind[s.kind]}: ${s.getText().slice(0, 120)}`);
    }
    if (declaration && ts.isFunctionDeclaration(s) && s.body !== undefined) problems.push(`${file}: a function with a body in a declaration file`);
  }
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && forbidden.has(node.text)) {
      problems.push(`${file}: identifier ${node.text} at ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) problems.push(`${file}: dynamic import()`);
      if (ts.isIdentifier(node.expression) && node.expression.text === "require") {
        const arg = node.arguments[0];
        if (node.arguments.length !== 1 || arg === undefined || !ts.isStringLiteral(arg) || !/^\.\.?\//.test(arg.text)) {
          problems.push(`${file}: require of something other than a relative module: ${node.getText().slice(0, 120)}`);
        }
      }
    }
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      const spec = node.moduleSpecifier;
      if (!ts.isStringLiteral(spec) || !/^\.\.?\//.test(spec.text)) problems.push(`${file}: import from ${spec.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}

/**
 * Syntax errors of every code file below `dir`, from one TypeScript program
 * (JavaScript files included), plus JSON files that do not parse.
 */
export function syntaxErrors(dir: string, paths: readonly string[]): string[] {
  const code = paths.filter(isCode).map((p) => path.join(dir, ...p.split("/")));
  const program = ts.createProgram({ rootNames: code, options: { allowJs: true, noEmit: true, noResolve: true, noLib: true, types: [] } });
  const out = program
    .getSyntacticDiagnostics()
    .map((d) => `${d.file?.fileName ?? "?"}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
  for (const p of paths.filter((x) => x.endsWith(".json"))) {
    try {
      JSON.parse(fs.readFileSync(path.join(dir, ...p.split("/")), "utf8"));
    } catch (err) {
      out.push(`${p}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** Every problem of the package in `dir`: syntax, then the audit of each code file. */
export function auditPackage(dir: string, files: readonly { path: string; content: string }[]): string[] {
  const paths = files.map((f) => f.path);
  return [...syntaxErrors(dir, paths), ...files.filter((f) => isCode(f.path)).flatMap((f) => auditCode(f.path, f.content))];
}
