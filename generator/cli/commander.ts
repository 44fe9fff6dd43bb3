/**
 * commander, the CLI's parser, as the CLI loads it. In dist/ the build
 * (scripts/build.js) replaces this module's compiled file with commander
 * bundled into one file, its `node:child_process` loaded only when used:
 * commander needs it only for executable subcommands, which this CLI has
 * none of, and loading it (with `net`, `dgram` and streams) took about a
 * tenth of a confirmed `check`. One file also saves resolving commander's
 * `exports` map (which loads Node's ESM resolver) and reading its seven
 * modules. From source (ts-jest) this is commander itself.
 */
export { Command, CommanderError, Option } from "commander";
