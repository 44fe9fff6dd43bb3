// Each jest test file runs in a module registry of its own, so every file that type-checks with TypeScript or prints
// with ts-morph compiled them again: about 230 ms for typescript and 350 ms for ts-morph (its own copy of TypeScript)
// per file before any use, and their code never got warm. Both are libraries that keep no state between calls (and
// no test file changes them: every file of the worker shares them), so
// jest.config.js maps them to these files, which take the one copy the worker loaded outside the sandbox
// (test/worker-modules/environment.js).
module.exports = globalThis.__everestTypegenSharedModule("typescript");
