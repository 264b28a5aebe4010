// Runs TypeScript under plain Node through @swc/core, with the decorator metadata Nest's injector
// reads (tsx/esbuild does not emit it), and the @ecom/* imports resolved to source as in Jest:
//   node -r ./packages/rabbit/bench/swc-register.cjs packages/rabbit/bench/rabbit.bench.ts
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../..');
const aliases = [
  [/^@ecom\/contracts$/, 'packages/contracts/src/index.ts'],
  [/^@ecom\/contracts\/(.*)$/, 'packages/contracts/src/$1/index.ts'],
  [/^@ecom\/rabbit$/, 'packages/rabbit/src/index.ts'],
  [/^@ecom\/rabbit\/(.*)$/, 'packages/rabbit/src/$1/index.ts'],
];

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [pattern, target] of aliases) {
    if (pattern.test(request)) return resolve.call(this, path.join(root, request.replace(pattern, target)), ...rest);
  }
  return resolve.call(this, request, ...rest);
};

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
