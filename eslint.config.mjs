import nx from '@nx/eslint-plugin';

// Module boundaries are the architecture: apps → service-kit → rabbit → contracts. Contracts depend
// on nothing of ours; rabbit's own code on nothing of ours either (only its tests use this flow's
// contracts as sample events); the service kit on rabbit and contracts; apps on all three and never
// on each other. A violation fails `nx lint`.
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', 'tmp', '.nx'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:rabbit', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:service-kit', onlyDependOnLibsWithTags: ['type:contracts', 'type:rabbit'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:rabbit', 'type:service-kit'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:contracts', 'type:rabbit', 'type:service-kit'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:rabbit', 'type:service-kit'] },
            // Each service's scope reaches only itself and the shared libraries: no service imports another.
            ...['order', 'payment', 'inventory', 'shipping', 'notification'].map((scope) => ({
              sourceTag: `scope:${scope}`,
              onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
            })),
          ],
        },
      ],
    },
  },
  {
    // The library is generic over a team's contracts: its own code never imports this flow's.
    files: ['packages/rabbit/src/**/*.ts'],
    ignores: ['packages/rabbit/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@ecom/*'], message: '@ecom/rabbit is generic: take contracts through EventContracts' }] }],
    },
  },
  {
    // Config files reach the root presets by relative path; that is not a dependency between projects.
    files: ['**/eslint.config.mjs', '**/jest.config.js', '**/jest.*.config.js'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Type-aware rules: a promise nobody awaits, a promise where a callback's void is expected, an
    // await of something that is not a promise. Each project's tsconfig gives the types.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
