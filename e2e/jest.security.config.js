/** The security battery (issue 15): authentication, customer scoping, limits, broker least privilege. */
/** @type {import('jest').Config} */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'security',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.security-spec.ts'],
  testTimeout: 120000,
};
