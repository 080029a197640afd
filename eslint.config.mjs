import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '**/*.cjs', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:util'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:util', 'type:testing'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:util', 'type:testing'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:util', 'type:testing'] },
            { sourceTag: 'scope:kubelet', notDependOnLibsWithTags: ['scope:apiserver', 'scope:runtime', 'scope:node'] },
            { sourceTag: 'scope:node', notDependOnLibsWithTags: ['scope:apiserver', 'scope:kubectl'] },
            { sourceTag: 'scope:runtime', notDependOnLibsWithTags: ['scope:apiserver', 'scope:kubelet', 'scope:kubectl'] },
            { sourceTag: 'scope:kubectl', notDependOnLibsWithTags: ['scope:apiserver', 'scope:kubelet'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // The kubelet reaches containers only through the CRI gRPC client.
    files: ['libs/kubelet/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['dockerode'], patterns: ['@groundkube/runtime-docker'] }] },
  },
  {
    files: ['**/*.spec.ts', '**/*.test.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
