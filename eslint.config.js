// ESLint for the whole tree: typescript-eslint (type-aware where it catches real mistakes), and
// the Astro and Svelte plugins for the site. `npm run lint`; part of `npm test`.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      'site/dist/',
      'site/.astro/',
      'reports/',
      '.stryker-tmp/',
      '.tmp-tools/',
      'tests/output/',
      'tests/fixtures/',
      '.bench/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'prefer-const': 'error',
    },
  },
  {
    // Type-aware rules where the compiler knows more than the code says.
    files: ['**/*.ts'],
    ignores: ['site/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['site/src/islands/**', 'scripts/app/studio/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The CLI entry writes to the terminal on purpose; tests print what they measured (recall);
    // a test may reach into arbitrary YAML or JSON with \`any\`.
    files: ['scripts/drempel.mjs', 'tests/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
