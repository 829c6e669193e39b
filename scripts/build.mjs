// Builds the shipped bundles (declared in scripts/lib/bundles.mjs): the extension host, the CLI and the release
// panel's webview. `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { distBuilds } from './lib/bundles.mjs';

const watch = process.argv.includes('--watch');
const builds = distBuilds(process.argv.includes('--production'));

if (watch) {
  // While watching, esbuild says when each rebuild is done.
  const ctxs = await Promise.all(builds.map((b) => esbuild.context({ ...b, logLevel: 'info' })));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log('watching for changes…');
} else {
  // esbuild's own summary flags every output over 1 MB with a warning sign; the webview's size is mermaid's, loaded
  // once per panel from disk, and not a problem. Our summary lists the sizes plainly; real warnings still print.
  for (const b of builds) {
    const started = Date.now();
    const result = await esbuild.build(b);
    for (const [file, out] of Object.entries(result.metafile?.outputs ?? {})) {
      if (!file.endsWith('.map')) console.log(`${file}: ${(out.bytes / 1024).toFixed(1)} KiB (${Date.now() - started} ms)`);
    }
  }
}
