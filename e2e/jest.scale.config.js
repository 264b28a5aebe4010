/** The scale-out run (issue 14): two instances of every service on one PostgreSQL, so apart. */
/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'scale',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.scale-spec.ts'],
  testTimeout: 600000,
};
