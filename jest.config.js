/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/test/consumer/"],
  // Golden trees hold generated package.json files; they are data, not modules.
  modulePathIgnorePatterns: ["<rootDir>/test/fixtures/.*/expected/", "<rootDir>/test/consumer/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  globalSetup: "<rootDir>/test/global-setup.js",
  testTimeout: 120000,
};
