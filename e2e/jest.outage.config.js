/** The database-outage runs (issue 17): they stop and restart a PostgreSQL of their own, so apart. */
/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'outage',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.outage-spec.ts'],
  testTimeout: 600000,
};
