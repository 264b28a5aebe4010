// One Jest setup for every project: SWC compiles TypeScript (with the decorator metadata Nest's
// injector reads) and the @ecom/* imports resolve to source, so tests never need a prior build.
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@ecom/contracts$': path.join(root, 'packages/contracts/src/index.ts'),
    '^@ecom/contracts/(.*)$': path.join(root, 'packages/contracts/src/$1/index.ts'),
    '^@ecom/rabbit$': path.join(root, 'packages/rabbit/src/index.ts'),
    '^@ecom/rabbit/(.*)$': path.join(root, 'packages/rabbit/src/$1/index.ts'),
    '^@ecom/service-kit$': path.join(root, 'packages/service-kit/src/index.ts'),
    '^@ecom/service-kit/(.*)$': path.join(root, 'packages/service-kit/src/$1/index.ts'),
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
