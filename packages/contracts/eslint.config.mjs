import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Tool configs extend the workspace-root presets, which belong to no project; the boundary
    // rule is about source imports between projects, not about these.
    files: ['**/eslint.config.mjs', '**/jest.config.js'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
