// Builds the two bundles: the extension host (CommonJS, `vscode` external) and the release-panel webview
// (browser IIFE, Mermaid lives only here). Also the CLI. `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {esbuild.BuildOptions[]} */
const targets = [
  {
    // The extension host bundle, plus the data path it requires from disk on first use (src/vscode/deps.ts), so
    // activation neither holds nor evaluates undici, yaml, graphql-js and simple-git.
    entryPoints: {
      extension: 'src/vscode/extension.ts',
      data: 'src/vscode/data.ts',
    },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    entryPoints: { cli: 'src/cli/main.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    entryPoints: { webview: 'webview/main.ts' },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
].filter((t) => Object.values(t.entryPoints).every((p) => fs.existsSync(p)));

const common = {
  bundle: true,
  outdir: 'dist',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
  metafile: true,
};

if (watch) {
  const ctxs = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log('watching for changes…');
} else {
  for (const t of targets) {
    const result = await esbuild.build({ ...common, ...t });
    for (const [file, out] of Object.entries(result.metafile.outputs)) {
      if (!file.endsWith('.map')) console.log(`${file}: ${(out.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}
