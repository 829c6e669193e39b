// Builds the shipped bundles (declared in scripts/lib/bundles.mjs): the extension host, the CLI and the release
// panel's webview. `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { distBuilds } from './lib/bundles.mjs';

const watch = process.argv.includes('--watch');
const builds = distBuilds(process.argv.includes('--production'));

if (watch) {
  const ctxs = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log('watching for changes…');
} else {
  for (const b of builds) {
    const result = await esbuild.build(b);
    for (const [file, out] of Object.entries(result.metafile?.outputs ?? {})) {
      if (!file.endsWith('.map')) console.log(`${file}: ${(out.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}
