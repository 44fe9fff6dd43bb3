/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/test/consumer/"],
  // Golden trees hold generated package.json files; they are data, not modules.
  modulePathIgnorePatterns: ["<rootDir>/test/fixtures/.*/expected/", "<rootDir>/test/consumer/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // Builds, type-checks and generates the shared trees once per run; teardown removes the trees.
  globalSetup: "<rootDir>/test/global-setup.js",
  globalTeardown: "<rootDir>/test/global-teardown.js",
  // Jest's default on 2 cores is 1 worker (cores - 1); the test files spend most of their time in
  // child processes and the generator, so two workers keep both cores busy.
  maxWorkers: 2,
  // The slowest files first even without jest's timing cache (test/sequencer.js).
  testSequencer: "<rootDir>/test/sequencer.js",
  testTimeout: 120000,
};
