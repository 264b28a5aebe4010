/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e-browser',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.browser-spec.ts'],
  testTimeout: 120000,
};
