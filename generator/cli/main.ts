/**
 * The command line: a thin layer over the API. Parses options with commander,
 * calls generate/check/validate, prints, and returns the exit code.
 */
// Through ./commander: in dist/ that is commander bundled into one file, cheaper to load.
import { Command, CommanderError, Option } from "./commander";
import { EXIT, UserError } from "./exit-codes";
// Not through ../index, which loads the generator: `check` on an unchanged tree must not pay for it.
import { OutputFolderError } from "../write/tree";
import { outliveClosedOutput, printError, terminalText } from "./output";
import type * as GenerateCommand from "./generate-command";
import type * as CheckCommand from "./check-command";
import type * as ValidateCommand from "./validate-command";
import type * as Manifest from "../write/manifest";
import { toolVersion } from "./version";
import type { CliOptions } from "./read-input";
import { PACKAGE_JSON_KEY } from "./package-options";

/** `--package-name`, `--package-version`, `--package-description`: the same on generate and check. */
function packageOption(field: "name" | "version" | "description"): Option {
  const help = {
    name: `the generated package's npm name (default: ${PACKAGE_JSON_KEY}.packageName in ./package.json, else @everest-typegen/types)`,
    version: `its semver version (default: ${PACKAGE_JSON_KEY}.packageVersion in ./package.json, else 0.1.0)`,
    description: `its one-line description (default: ${PACKAGE_JSON_KEY}.packageDescription in ./package.json, else one naming the type files)`,
  }[field];
  return new Option(`--package-${field} <${field === "description" ? "text" : field}>`, help);
}

export async function main(argv: readonly string[]): Promise<number> {
  outliveClosedOutput();
  const debug = argv.includes("--debug");
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name("everest-typegen")
    .description("TypeScript types, JSON Schemas and validators from EVerest type files")
    .version(toolVersion(), "-V, --version")
    .addOption(new Option("--debug", "show stack traces of internal errors"))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(terminalText(s)) })
    .showSuggestionAfterError()
    .addHelpText(
      "after",
      "\nExit codes: 0 success, 1 drift (check) or invalid data (validate), 2 bad definitions, input or usage.",
    );

  program
    .command("generate")
    .description("check the definitions and write the generated package")
    .option("--defs <dir>", "folder of type files (or one file)", "defs")
    .option("--interfaces <dir>", "folder of interface files (default: <defs>/interfaces when it exists)")
    .option("--errors <dir>", "folder of error files (default: <defs>/errors when it exists)")
    .option("--api <dir>", "folder of EVerest API specs (AsyncAPI 3.x, *.yaml and <name>/asyncapi.yaml), or one spec")
    .option("--everest <dir>", "an EVerest checkout: read its types/, interfaces/, errors/ and docs/source/reference/EVerest_API/ (else doc/everest_api_specs/) (instead of --defs)")
    .option("--out <dir>", "output folder", "generated")
    .option("-q, --quiet", "do not print warnings")
    .option("--strict", "fail on warnings too (exit 2, nothing written)")
    .option("-w, --watch", "regenerate whenever a definition file changes, redoing only what the change touches")
    .option("--no-cache", "neither read nor write <out>/.everest-typegen-cache (the last run's compiled validators, module files record and stat index); with --watch, keep nothing between runs")
    .addOption(packageOption("name"))
    .addOption(packageOption("version"))
    .addOption(packageOption("description"))
    .action(async (opts: CliOptions & { watch?: boolean }) => {
      // The generator's code is hashed before it is loaded, so the manifest names the code this run runs: a build that
      // rewrites dist/ while the run goes on then leaves a manifest that no longer matches, never one naming code that did not run.
      (require("../write/manifest") as typeof Manifest).hashGenerator();
      // Commands load lazily: `check` on an unchanged tree must not pay for ts-morph.
      const { runGenerate, runWatch } = require("./generate-command") as typeof GenerateCommand;
      exitCode = opts.watch ? await runWatch(opts) : await runGenerate(opts);
    });

  program
    .command("check")
    .description("regenerate in memory and compare with the output folder; never writes")
    .option("--defs <dir>", "folder of type files (or one file)", "defs")
    .option("--interfaces <dir>", "folder of interface files (default: <defs>/interfaces when it exists)")
    .option("--errors <dir>", "folder of error files (default: <defs>/errors when it exists)")
    .option("--api <dir>", "folder of EVerest API specs (AsyncAPI 3.x, *.yaml and <name>/asyncapi.yaml), or one spec")
    .option("--everest <dir>", "an EVerest checkout: read its types/, interfaces/, errors/ and docs/source/reference/EVerest_API/ (else doc/everest_api_specs/) (instead of --defs)")
    .option("--out <dir>", "output folder", "generated")
    .option("--strict", "fail on warnings too (exit 2)")
    .addOption(packageOption("name"))
    .addOption(packageOption("version"))
    .addOption(packageOption("description"))
    .action(async (opts: CliOptions) => {
      const { runCheck } = require("./check-command") as typeof CheckCommand;
      exitCode = await runCheck(opts);
    });

  program
    .command("validate")
    .description('validate JSON documents against a type, e.g. "ocpp/BootNotificationResponse"')
    .argument("<ref>", 'the type: "file/Type" or "/file#/Type", or an interface item such as "interfaces/ocpp/cmds/get_variables/arguments"')
    .argument("[files...]", "JSON files; none or - reads standard input")
    .option("--out <dir>", "the generated package to validate with", "generated")
    .action(async (ref: string, files: string[], opts: { out: string }) => {
      const { runValidate } = require("./validate-command") as typeof ValidateCommand;
      exitCode = await runValidate(ref, files, opts);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
        return EXIT.ok;
      }
      return EXIT.badInput;
    }
    if (err instanceof UserError) {
      for (const line of err.lines) printError(line);
      return err.exitCode;
    }
    if (err instanceof OutputFolderError) {
      printError(err.message);
      return EXIT.badInput;
    }
    const e = err as NodeJS.ErrnoException;
    if (debug) process.stderr.write(`${e?.stack ?? String(err)}\n`);
    printError(e?.code && e.path ? `${e.path}: ${e.message.replace(/^[A-Z]+: /, "")}` : `internal error: ${e?.message ?? String(err)} (run with --debug for details)`);
    return EXIT.badInput;
  }
}
