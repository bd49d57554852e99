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
    // The relay never reads plan content: it must not pull in the editor or apply Yjs updates.
    files: ['server/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@tiptap/*', 'yjs', 'y-*', '@safeplan/schema/plan', 'solid-js*'] }],
    },
  },
  {
    // The sync engine and crypto know nothing of Solid or the editor.
    files: ['client/src/sync/**', 'client/src/crypto/**', 'client/src/storage/**', 'schema/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['solid-js*', '**/app/*', '**/editor/*', '**/sections/*'] }],
    },
  },
);
