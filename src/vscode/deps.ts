// The one lazy boundary of the extension: the data path (./data: backends, Git, resolver) is a bundle of its own
// next to dist/extension.js (see scripts/build.mjs), required from disk on first use, so activation neither holds
// nor evaluates undici, yaml, graphql-js or simple-git. Everything else imports only types from it.

import path from 'node:path';
import type * as Data from './data';

export type DataModule = typeof Data;

let loaded: Promise<DataModule> | undefined;

/** The data path, required once from the sibling bundle (a non-literal path, so esbuild leaves it to Node). */
export function loadData(): Promise<DataModule> {
  loaded ??= new Promise<DataModule>((resolve, reject) => {
    const file = path.join(__dirname, 'data.js');
    try {
      // A run-time require of a file path is the point here: it keeps the module out of the activation bundle.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      resolve(require(file) as DataModule);
    } catch (e) {
      loaded = undefined;
      reject(new Error(`could not load ${file}: ${e instanceof Error ? e.message : String(e)}`));
    }
  });
  return loaded;
}
