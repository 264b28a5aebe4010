/** The fault-injection run: long (1,000 orders under chaos), so apart from the e2e suites. */
/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'fault',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.fault-spec.ts'],
  testTimeout: 900000,
};
