// The other parts of the project, loaded lazily: activation must stay cheap, so nothing heavy (undici, graphql,
// zod schemas, simple-git) is evaluated until the first background task needs it.
//
// The two heaviest parts are separate bundles next to dist/extension.js (see scripts/build.mjs): the Codefresh
// client (undici, zod, yaml) and the demo server (graphql-js). They are required from disk on first use, so the
// activation bundle neither holds nor parses them. The lighter parts (git, resolver) are bundled in but reached only
// through import(), which esbuild wraps in lazy initialisers.

import path from 'node:path';
import type * as Backends from '../backends/create';

/** Requires a sibling bundle from dist/ at run time (a non-literal path, so esbuild leaves it to Node). */
function requireBundle<T>(name: string): Promise<T> {
  const file = path.join(__dirname, `${name}.js`);
  return new Promise<T>((resolve, reject) => {
    try {
      // A run-time require of a file path is the point here: it keeps the module out of the activation bundle.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      resolve(require(file) as T);
    } catch (e) {
      reject(new Error(`could not load ${file}: ${e instanceof Error ? e.message : String(e)}`));
    }
  });
}

export const loadBackends = (): Promise<typeof Backends> => requireBundle<typeof Backends>('backends');
export const loadGitRepo = () => import('../git/repo');
export const loadBlame = () => import('../git/blame');
export const loadSha = () => import('../git/sha');
export const loadGraph = () => import('../git/graph');
export const loadWhere = () => import('../resolve/where');
export const loadNotes = () => import('../resolve/notes');
