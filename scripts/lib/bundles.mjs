// @ts-check
// Every esbuild bundle the project builds, declared once: the shipped ones in dist/ (`npm run build`, `--watch`,
// `--production`), the webview bundle the Chromium tests serve, the integration suites and the benchmark's child
// script. Builds differ only in where they write and how (minified, source maps, logging), never in how a bundle
// is made, so what the tests run is what ships.
import { ROOT } from './util.mjs';

/** @typedef {import('esbuild').BuildOptions} BuildOptions */

/** What every bundle shares. */
const COMMON = /** @satisfies {BuildOptions} */ ({ absWorkingDir: ROOT, bundle: true, legalComments: 'none' });

/** Node: the extension host, the CLI, the test suites and scripts. */
const NODE = /** @satisfies {BuildOptions} */ ({ ...COMMON, platform: 'node', format: 'cjs', target: 'node20' });

/**
 * Mermaid loads each diagram type's code with a dynamic import when it first draws one of that type; in one
 * browser script (the webview's, which its CSP keeps to a single nonce'd file) esbuild would bundle all of them.
 * The panel only ever draws flowcharts, so every other diagram type resolves to a module that says it is not
 * included. Mermaid's packaging names these modules `chunks/mermaid.core/<type>Diagram-<hash>.mjs` (and
 * `…-definition-…`, `diagram-…`).
 * @type {import('esbuild').Plugin}
 */
const flowchartOnlyMermaid = {
  name: 'flowchart-only-mermaid',
  setup(build) {
    build.onResolve({ filter: /^\.\/chunks\/mermaid\.core\/[^/]+\.mjs$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]mermaid[\\/]dist[\\/]mermaid\.core\.mjs$/.test(args.importer)) return undefined;
      if (/^\.\/chunks\/mermaid\.core\/flowDiagram-/.test(args.path)) return undefined;
      return { path: args.path, namespace: 'mermaid-diagram-not-included' };
    });
    build.onLoad({ filter: /.*/, namespace: 'mermaid-diagram-not-included' }, () => ({
      contents: 'throw new Error("This diagram type is not included in the release panel: it draws flowcharts only.");',
      loader: 'js',
    }));
  },
};

/** The shipped bundles, by name. */
const DIST = /** @satisfies {Record<string, BuildOptions>} */ ({
  // The extension host bundle, plus the data path it requires from disk on first use (src/vscode/deps.ts), so
  // activation neither holds nor evaluates undici, yaml, graphql-js and simple-git.
  extension: {
    ...NODE,
    entryPoints: {
      extension: 'src/vscode/extension.ts',
      data: 'src/vscode/data.ts',
    },
    external: ['vscode'],
  },
  // The CLI, and the backends it requires only when asked for one (`require('./backendSource')` is left to Node,
  // which finds the sibling bundle), so a question over a releases file neither loads nor compiles them.
  cli: { ...NODE, entryPoints: { cli: 'src/cli/main.ts' }, external: ['./backendSource'], banner: { js: '#!/usr/bin/env node' } },
  cliBackends: { ...NODE, entryPoints: { backendSource: 'src/cli/backendSource.ts' } },
  // The release panel: a browser script (Mermaid lives only here) and its stylesheet.
  webview: { ...COMMON, entryPoints: { webview: 'webview/main.ts' }, platform: 'browser', format: 'iife', target: 'es2022', plugins: [flowchartOnlyMermaid] },
});

/** The shipped bundles, into dist/: minified without source maps for `production`, else with linked maps. */
export function distBuilds(production = false) {
  return Object.values(DIST).map(
    (b) => /** @type {BuildOptions} */ ({ ...b, outdir: 'dist', sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning', metafile: true }),
  );
}

/**
 * The webview bundle as it ships (minified), with the test page's own scripts beside it, into `outdir`.
 * @param {string} outdir
 * @param {Record<string, string>} pageEntries output name → source, e.g. the host stub
 * @param {{ minify?: boolean }} [options] `minify: false` keeps function names readable when profiling the page
 * @returns {BuildOptions}
 */
export function webviewTestBuild(outdir, pageEntries, { minify = true } = {}) {
  return { ...DIST.webview, entryPoints: { ...DIST.webview.entryPoints, ...pageEntries }, outdir, minify, logLevel: 'error' };
}

/**
 * The integration suites, for the extension host: `vscode` is the host's own, and mocha is resolved at run time
 * from node_modules, so the same files run under code-server and under @vscode/test-electron.
 * @param {string[]} entryPoints
 * @param {string} outdir
 * @returns {BuildOptions}
 */
export function integrationSuitesBuild(entryPoints, outdir) {
  return { ...NODE, entryPoints, outdir, external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'silent' };
}

/**
 * A Node script bundled whole into one file, for a child process (the benchmark's graph loader).
 * @param {string} entry
 * @param {string} outfile
 * @returns {BuildOptions}
 */
export function nodeScriptBuild(entry, outfile) {
  return { ...NODE, entryPoints: [entry], outfile, logLevel: 'silent' };
}

/**
 * A test-only VS Code extension (the sign-in suite's authentication provider), bundled whole but for `vscode`.
 * @param {string} entry
 * @param {string} outfile
 * @returns {BuildOptions}
 */
export function testExtensionBuild(entry, outfile) {
  return { ...NODE, entryPoints: [entry], outfile, external: ['vscode'], logLevel: 'silent' };
}
