// Runs TypeScript under plain Node through @swc/core, with the decorator metadata Nest's injector
// reads (tsx/esbuild does not emit it), and the @ecom/* imports resolved to source: the same
// compiler options and path mapping as the Jest preset, read from it so the two cannot differ.
//   node -r ./packages/rabbit/bench/swc-register.cjs packages/rabbit/bench/rabbit.bench.ts
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const preset = require('../../../jest.preset.js');

const [, swcOptions] = preset.transform['^.+\\.ts$'];
const aliases = Object.entries(preset.moduleNameMapper).map(([pattern, target]) => [new RegExp(pattern), target]);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [pattern, target] of aliases) {
    if (pattern.test(request)) return resolve.call(this, request.replace(pattern, target), ...rest);
  }
  return resolve.call(this, request, ...rest);
};

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};
