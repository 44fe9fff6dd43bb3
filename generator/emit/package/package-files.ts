/**
 * The files that make generated/ an npm package: package.json (name, exports
 * for the root, each file module and the schemas, no runtime dependencies) and
 * README.md for the people who install it.
 *
 * Name, version and description are the model's (`Model.package`: chosen by
 * the caller, else the defaults of ../../package-settings.ts); nothing here
 * derives from the tool's version or the clock, so output changes only when
 * the definitions or the settings do.
 */
import { bannerText, markdownBanner } from "../../banner";
import { lineComment, markdownCode, markdownText } from "../../escape";
import type { EnumSchema, Model, NamedSchema, SchemaModule } from "../../model/model";
import { enumMemberNames, helperNames, isIdentifier } from "../../names";
import { typeLink } from "../docs/doc-anchors";
import { firstSentence } from "../docs/doc-summary";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { interfacesReadmeSection } from "../docs/interfaces-readme";
import { apiReadmeSection } from "../docs/api-readme";
import { tarballName } from "../../package-settings";
import { clientPathname } from "../clients/client-operations";
import { esmPath } from "../modules/js-module";

/** The oldest Node.js the package supports: conditional `exports` with subpath patterns. */
export const NODE_ENGINE = ">=18";

/** The MQTT.js versions whose client the EVerest API clients' connection type fits (tested with 5). */
const MQTT_PEER = ">=5";

export function emitPackageFiles(model: Model): EmittedFile[] {
  return [
    { path: layout.packageJson, content: JSON.stringify(packageJson(model), null, 2) + "\n" },
    { path: layout.readme, content: readme(model) },
  ];
}

type Conditions = { readonly types: string; readonly default: string };
type DualExport = { readonly import: Conditions; readonly require: Conditions };

function dual(cjs: string, esm: string, dts: string, dmts: string): DualExport {
  return {
    import: { types: `./${dmts}`, default: `./${esm}` },
    require: { types: `./${dts}`, default: `./${cjs}` },
  };
}

export function packageJson(model: Model): Record<string, unknown> {
  const sources = model.modules.map((m) => m.path);
  const exportMap: Record<string, DualExport | string> = {
    ".": dual(layout.rootCjs, layout.rootEsm, layout.rootDts, layout.rootDmts),
  };
  // Each module under its path without `.js`: `./ocpp`, `./interfaces/ocpp`.
  for (const m of model.modules) exportMap[`./${layout.cjs(m).replace(/\.js$/, "")}`] = dual(layout.cjs(m), layout.esm(m), layout.dts(m), layout.dmts(m));
  // Each EVerest API spec's client: `./api/powermeter/client`.
  const withClients = model.modules.filter((m) => clientPathname(m) !== undefined);
  for (const m of withClients) {
    exportMap[`./${layout.client.cjs(m).replace(/\.js$/, "")}`] = dual(layout.client.cjs(m), esmPath(layout.client.cjs(m)), layout.client.dts(m), layout.client.dmts(m));
  }
  exportMap["./schemas/*.json"] = "./schemas/*.json";
  exportMap["./package.json"] = "./package.json";
  return {
    "//": bannerText(sources),
    name: model.package.name,
    version: model.package.version,
    description: model.package.description ?? `TypeScript types, JSON Schemas and validators for EVerest type files (${model.files.map((f) => f.name).join(", ")})`,
    license: "Apache-2.0",
    type: "commonjs",
    sideEffects: false,
    main: `./${layout.rootCjs}`,
    types: `./${layout.rootDts}`,
    exports: exportMap,
    files: packedFiles(model),
    engines: { node: NODE_ENGINE },
    // The clients take the application's MQTT connection; MQTT.js's `mqtt.connect(url)` is one. Never a dependency of the package.
    ...(withClients.length > 0 ? { peerDependencies: { mqtt: MQTT_PEER }, peerDependenciesMeta: { mqtt: { optional: true } } } : {}),
  };
}

/**
 * What `npm pack` includes: the module files at the root by extension, and every
 * folder the layout puts files in (schemas/, docs/, ...), so a file another
 * emitter adds under the layout is packed too. README.md and package.json are
 * always packed.
 */
function packedFiles(model: Model): string[] {
  const paths: string[] = [];
  for (const value of Object.values(layout) as unknown[]) {
    if (typeof value === "string") paths.push(value);
    // Every module's paths, so each source's folders are packed (also when a run has interfaces and no type files).
    else if (typeof value === "function") for (const m of model.modules) paths.push(String((value as (m: SchemaModule) => unknown)(m)));
  }
  const dirs = new Set<string>();
  for (const p of paths) {
    if (p.startsWith(".")) continue; // a specifier, not a file
    const slash = p.indexOf("/");
    if (slash > 0) dirs.add(p.slice(0, slash + 1));
  }
  return ["*.js", "*.mjs", "*.d.ts", "*.d.mts", ...[...dirs].sort()];
}

/** The object type shown in the README's examples: the first with a required property, else the first object, else the first type. */
function exampleType(model: Model): NamedSchema | undefined {
  const all = model.files.flatMap((f) => f.items);
  return (
    all.find((d) => d.schema.kind === "object" && d.schema.properties.some((p) => p.required)) ??
    all.find((d) => d.schema.kind === "object") ??
    all[0]
  );
}

/** The enum shown in the README: the first top-level string enum whose first member is an identifier. */
function exampleEnum(model: Model): { decl: NamedSchema; schema: EnumSchema; member: string } | undefined {
  for (const f of model.files) {
    for (const d of f.items) {
      if (d.schema.kind !== "enum" || !d.schema.isStringEnum) continue;
      const member = enumMemberNames(d.schema.values)[0];
      if (member !== undefined && isIdentifier(member)) return { decl: d, schema: d.schema, member };
    }
  }
  return undefined;
}

export function readme(model: Model): string {
  const files = model.files;
  const PACKAGE_NAME = model.package.name;
  // The first few namespaces are enough to show the pattern.
  const names = files.slice(0, 3).map((f) => f.moduleName);
  const first = files[0];
  const ex = exampleType(model);
  const en = exampleEnum(model);
  const out: string[] = [];
  const code = (lang: string, lines: readonly string[]): string => "```" + lang + "\n" + lines.join("\n") + "\n```";

  out.push(markdownBanner(files.map((f) => f.path)) + `# ${markdownText(PACKAGE_NAME)}`);
  out.push(
    `TypeScript types, JSON Schemas and validators for EVerest's type files ` +
      `(${files.map((f) => markdownCode(f.path)).join(", ")}), generated by everest-typegen. ` +
      `Do not edit these files: change the definitions and regenerate.`,
  );
  out.push(
    [
      "- **Types**: an interface, enum or alias for every type, in one namespace per file.",
      "- **Enums**: each string enum is a frozen object at run time and a type, the union of its values, so a plain string value is accepted too. There is no TypeScript `enum`: code using them compiles under `erasableSyntaxOnly`.",
      "- **Validators**: `isX`, `assertX` and `validateX` for every type, and `validate(ref, value)` for any of them. They judge data as EVerest does (draft-07, formats such as `date-time` checked) and are precompiled: nothing is compiled at run time.",
      "- **JSON Schemas**: one per file, under `schemas/`.",
      "- **Docs**: a Markdown reference page per file, under `docs/`.",
    ].join("\n"),
  );

  out.push("## Install");
  out.push(
    "The package has no runtime dependencies and needs Node.js 18 or later. Install it from a checkout of everest-typegen, or from a tarball made with `npm pack` in `generated/`:",
  );
  out.push(code("sh", ["npm install path/to/everest-typegen/generated", `# or: npm install ./${tarballName(model.package)}`]));
  out.push(
    "It works without a build step from CommonJS (`require`) and ES modules (`import`), and is typed for TypeScript's `moduleResolution` `node16`, `nodenext` and `bundler`. " +
      "Both module forms share one implementation, so enums and `ValidationError` are the same objects whichever way they are loaded.",
  );

  out.push("## Import");
  if (first) {
    const sub = first.name;
    const ns = first.moduleName;
    out.push("Each file is a namespace of the root module and a module of its own:");
    out.push(
      code("ts", [
        `// TypeScript and ES modules`,
        `import { ${[...names, "validate", "ValidationError"].join(", ")} } from "${PACKAGE_NAME}";`,
        `import * as ${ns}Types from "${PACKAGE_NAME}/${sub}";`,
        ``,
        `// CommonJS`,
        `const { ${[...names, "validate", "ValidationError"].join(", ")} } = require("${PACKAGE_NAME}");`,
        `const ${ns}Types = require("${PACKAGE_NAME}/${sub}");`,
        ``,
        `// The JSON Schema of a file`,
        `const schema = require("${PACKAGE_NAME}/${layout.schema(first)}");`,
      ]),
    );
  }

  if (ex) {
    const ns = ex.module.moduleName;
    const h = helperNames(ex.tsName);
    out.push("## Types and enums");
    const lines = [
      `import { ${ns} } from "${PACKAGE_NAME}";`,
      ``,
      `function handle(message: ${ns}.${ex.tsName}) {`,
      `  // ...`,
      `}`,
    ];
    if (en) {
      const ens = en.decl.module.moduleName;
      lines.push(
        ``,
        `// A string enum is an object at run time and a type:`,
        `const value: ${ens}.${en.decl.tsName} = ${ens}.${en.decl.tsName}.${en.member}; ${lineComment(JSON.stringify(en.schema.values[0]))}`,
      );
    }
    out.push(code("ts", lines));

    out.push("## Checking data");
    out.push(
      `Every type has three checks, and the root module has one for all of them. A \`ref\` is \`file/Type\` ` +
        `(${markdownCode(JSON.stringify(ex.ref))}) or EVerest's own form (${markdownCode(JSON.stringify(`/${ex.module.name}#/${ex.name}`))}).`,
    );
    out.push(
      code("ts", [
        `import { ${ns}, validate, ValidationError } from "${PACKAGE_NAME}";`,
        ``,
        `const data: unknown = JSON.parse(text);`,
        ``,
        `// A type guard: narrows \`data\` when it is valid.`,
        `if (${ns}.${h.is}(data)) {`,
        `  handle(data);`,
        `}`,
        ``,
        `// Throws a ValidationError listing every problem, else narrows \`data\`.`,
        `try {`,
        `  ${ns}.${h.assert}(data);`,
        `  handle(data);`,
        `} catch (err) {`,
        `  if (err instanceof ValidationError) {`,
        `    for (const issue of err.issues) console.error(\`\${err.typeRef}\${issue.path}: \${issue.message}\`);`,
        `  }`,
        `}`,
        ``,
        `// By reference: { valid, errors: [{ path, message, keyword }] }.`,
        `const result = validate(${JSON.stringify(ex.ref)}, data);`,
        `if (!result.valid) console.error(result.errors);`,
      ]),
    );
    out.push(
      `- \`isX(value)\`: \`true\` when \`value\` is a valid \`X\`; a type guard.\n` +
        `- \`assertX(value)\`: returns when valid, else throws a \`ValidationError\` (\`typeRef\`, \`issues\`); an assertion function.\n` +
        `- \`validateX\`: the precompiled validator itself, a type guard whose \`errors\` property describes the last failure (ajv's error objects).\n` +
        `- \`validate(ref, value)\`: a \`ValidationResult\`, \`{ valid, errors }\`; each issue has \`path\` (a JSON Pointer into the value, \`""\` for the value itself), \`message\` and \`keyword\`. ` +
        `\`ref\` is typed \`TypeRef | EverestRef\` (both exported), so a misspelt type does not compile; at run time an unknown ref throws.`,
    );
  }

  out.push(...interfacesReadmeSection(model, PACKAGE_NAME));
  out.push(...apiReadmeSection(model, PACKAGE_NAME));

  out.push("## Types by file");
  out.push("Each type links to its section of the file's reference page.");
  for (const f of files) out.push(...fileSection(f));
  return out.join("\n\n") + "\n";
}

function fileSection(f: SchemaModule): string[] {
  const out = [`### ${markdownText(f.name)}`];
  const intro = `From ${markdownCode(f.path)}; reference page [${markdownText(layout.docsMd(f))}](${layout.docsMd(f)}).`;
  out.push(f.description.trim() === "" ? intro : `${markdownText(f.description)}\n\n${intro}`);
  if (f.items.length === 0) {
    out.push("No types.");
    return out;
  }
  const rows = f.items.map((d) => {
    return `| [${markdownText(d.name, "cell")}](${typeLink("root", d)}) | ${markdownCode(`${f.moduleName}.${d.tsName}`, "cell")} | ${markdownText(firstSentence(d.description), "cell")} |`;
  });
  out.push(["| Type | TypeScript | Description |", "| --- | --- | --- |", ...rows].join("\n"));
  return out;
}
