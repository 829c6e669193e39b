// ESLint flat config: typescript-eslint's type-aware recommended rules for all TypeScript, plus the
// architecture rule that keeps pure logic free of `vscode` and (for src/core) of Node I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeIo = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'os', 'worker_threads', 'cluster'];
const nodeIoPaths = nodeIo.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'src/core is pure: no I/O.' }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.vscode-test/**', '.vscode-test-out/**', '.artifacts/**', 'media/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['webview/**/*.ts', 'test/webview/page/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core never imports vscode.' }, ...nodeIoPaths] }],
    },
  },
  {
    files: ['src/git/**/*.ts', 'src/backends/**/*.ts', 'src/resolve/**/*.ts', 'src/cli/**/*.ts', 'src/present/**/*.ts', 'webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Pure logic never imports vscode; VS Code glue lives in src/vscode.' }] }],
    },
  },
);
