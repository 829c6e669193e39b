// ESLint flat config: typescript-eslint's recommended rules for all TypeScript, plus the architecture: the layers
// of architecture.mjs become eslint-plugin-boundaries rules (https://www.jsboundaries.dev/docs/rules/dependencies/),
// so an import that goes the wrong way between layers, or reaches vscode or Node where a layer must not, is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';
import { edges, layers } from './architecture.mjs';

const LAYERED = ['src/**/*.ts', 'webview/**/*.ts'];

// A layer's files: the files in its folders that no `files` entry gives to another layer, plus its own `files`.
const layerSelector = (layer) => [
  ...(layer.folders.length ? [{ element: { type: layer.name }, file: { isUnknown: true } }] : []),
  ...(layer.files?.length ? [{ file: { categories: layer.name } }] : []),
];

const policies = [
  // Packages and Node built-ins, unless a runtime policy below forbids them (the last matching policy wins).
  { allow: { to: { module: { origin: ['external', 'core'] } } } },
  ...edges().map(({ from, to }) => {
    const target = layers.find((l) => l.name === to);
    if (!target) throw new Error(`architecture.mjs: ${from} uses an unknown layer ${to}`);
    return { from: layerSelector(layers.find((l) => l.name === from)), allow: { to: layerSelector(target) } };
  }),
  ...layers.flatMap((layer) => {
    const from = layerSelector(layer);
    switch (layer.runtime) {
      case 'none':
        return [{ from, disallow: { to: { module: { origin: ['external', 'core'] } } }, message: `${layer.name} imports nothing from outside the repository ({{dependency.source}}).` }];
      case 'pure':
        return [
          { from, disallow: { to: { module: { source: 'vscode' } } }, message: `${layer.name} is pure: only src/vscode imports vscode.` },
          { from, disallow: { to: { module: { origin: 'core' } } }, message: `${layer.name} is pure: no Node built-ins ({{dependency.source}}).` },
        ];
      case 'node':
        return [{ from, disallow: { to: { module: { source: 'vscode' } } }, message: `${layer.name} runs outside VS Code (CLI, tests): only src/vscode imports vscode.` }];
      case 'browser':
        return [
          { from, disallow: { to: { module: { source: 'vscode' } } }, message: `${layer.name} runs in the browser: only src/vscode imports vscode.` },
          { from, disallow: { to: { module: { origin: 'core' } } }, message: `${layer.name} runs in the browser: no Node built-ins ({{dependency.source}}).` },
        ];
      default:
        return [];
    }
  }),
];

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
    files: LAYERED,
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.mjs', '.js', '.json'] } },
      'boundaries/elements': layers.flatMap((l) => l.folders.map((pattern) => ({ type: l.name, pattern, partialMatch: false }))),
      'boundaries/files': layers.flatMap((l) => (l.files ?? []).map((pattern) => ({ category: l.name, pattern }))),
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          checkAllOrigins: true,
          checkUnknownLocals: true,
          message:
            'Wrong-way import: {{#if from.file.categories}}{{from.file.categories}}{{else}}{{from.element.type}}{{/if}} may not import {{dependency.source}}{{#if to.file.categories}} ({{to.file.categories}}){{else if to.element.type}} ({{to.element.type}}){{/if}}. The allowed imports between layers are in architecture.mjs.',
          policies,
        },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    // Pure helpers inside the VS Code layer, unit-tested under plain Node.
    files: ['src/vscode/**/pure/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'A pure/ folder never imports vscode; it is unit-tested under plain Node.' }] }],
    },
  },
);
