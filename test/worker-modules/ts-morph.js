// ts-morph, loaded once per jest worker (test/worker-modules/typescript.js says why; environment.js how).
module.exports = globalThis.__everestTypegenSharedModule("ts-morph");
