// Lint rules. The important one is architectural: src/core and src/cli are pure TypeScript that also runs
// in the CLI and in plain-Node unit tests, so importing `vscode` there is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noVscodeImport = {
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'vscode', message: 'src/core and src/cli must stay free of the VS Code API: put this code in src/host.' }] },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']",
      message: 'src/core and src/cli must stay free of the VS Code API: put this code in src/host.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'demo/**', 'bench/.corpus/**', '**/*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  { files: ['src/core/**/*.ts', 'src/cli/**/*.ts'], rules: noVscodeImport },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node }, sourceType: 'module' },
  },
  {
    // Browser-driving tests: mocha globals, and page.evaluate callbacks that run in the browser.
    files: ['test/e2e/**/*.mjs', 'test/ui/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.mocha } },
  },
);
