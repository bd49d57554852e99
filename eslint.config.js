import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'tests/.tmp/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    // Promises and switches checked with types: a forgotten await loses an error (the house rule is
    // that every refusal reaches the person), a promise handed to an event handler rejects unseen,
    // and a switch that misses a new union member silently does nothing. Only TypeScript files are
    // in the project; the .mjs scripts are plain JS and keep the untyped rules.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // The relay never reads plan content: it must not pull in the editor or apply Yjs updates.
    files: ['server/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@tiptap/*', 'yjs', 'y-*', '@safeplan/schema/plan', 'solid-js*'] }],
    },
  },
  {
    // The sync engine, crypto, storage, review (changes, versions, the plan's documents) and the
    // page's worker helpers (workers/) know nothing of Solid or the screens: they run in tests,
    // workers and benches without a page.
    files: ['client/src/sync/**', 'client/src/storage/**', 'client/src/review/**', 'client/src/workers/**', 'schema/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['solid-js*', '**/app/*', '**/editor/*', '**/sections/*'] }],
    },
  },
);
