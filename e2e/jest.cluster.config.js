/** The RabbitMQ cluster run (issue 14): it starts three broker nodes of its own, so apart. */
/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'cluster',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.cluster-spec.ts'],
  testTimeout: 600000,
};
