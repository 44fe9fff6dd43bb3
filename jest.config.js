/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "<rootDir>/test/worker-modules/environment.js",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/test/consumer/"],
  // Golden trees hold generated package.json files; they are data, not modules.
  modulePathIgnorePatterns: ["<rootDir>/test/fixtures/.*/expected/", "<rootDir>/test/consumer/"],
  // typescript and ts-morph load once per worker, not once per test file (test/worker-modules/typescript.js).
  moduleNameMapper: {
    "^typescript$": "<rootDir>/test/worker-modules/typescript.js",
    "^ts-morph$": "<rootDir>/test/worker-modules/ts-morph.js",
  },
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // Builds, type-checks and generates the shared trees once per run; teardown removes the trees.
  globalSetup: "<rootDir>/test/global-setup.js",
  globalTeardown: "<rootDir>/test/global-teardown.js",
  // Jest's default on 2 cores is 1 worker (cores - 1); the test files spend most of their time in
  // child processes and the generator, so two workers keep both cores busy.
  maxWorkers: 2,
  // How long a worker may take to exit once the run is over before jest kills it and warns that it "failed to
  // exit gracefully". Jest's 500 ms is shorter than node's teardown of a worker that has run half the suite: the
  // two ended at 740 and 940 MB, and took 730 ms from their exit event to being gone (nothing kept them alive:
  // their event loops were empty 46 ms after jest asked them to end). A worker held by a leaked handle still
  // gets the warning, 3 s later.
  workerGracefulExitTimeout: 3000,
  // The slowest files first even without jest's timing cache (test/sequencer.js).
  testSequencer: "<rootDir>/test/sequencer.js",
  testTimeout: 120000,
};
