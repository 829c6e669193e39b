// Starts the demo backend (contract B: startDemoServer in src/backends/demo/server.ts) in this process, seeded
// from a repository. Loaded through tsx, so the TypeScript source runs as is. Until that module is committed the
// harness runs without it (returns undefined) and says so.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT, HarnessError } from './util.mjs';

export const DEMO_SERVER_MODULE = path.join(ROOT, 'src', 'backends', 'demo', 'server.ts');

/** True when the demo server module exists and is tracked by git (landed, not half-written). */
export function demoBackendAvailable() {
  if (!fs.existsSync(DEMO_SERVER_MODULE)) return false;
  const r = spawnSync('git', ['ls-files', '--error-unmatch', path.relative(ROOT, DEMO_SERVER_MODULE)], { cwd: ROOT, stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Starts the demo server for `repoPath` on a free loopback port. Returns the DemoServer ({ url, apiKey, close, ... })
 * or undefined when the demo backend has not landed yet.
 */
export async function startDemoBackend(repoPath, log, options = {}) {
  if (!demoBackendAvailable()) {
    log('demo backend (src/backends/demo/server.ts) is not in the repository yet: running without it');
    return undefined;
  }
  const { tsImport } = await import('tsx/esm/api');
  let mod;
  try {
    mod = await tsImport(pathToFileURL(DEMO_SERVER_MODULE).href, import.meta.url);
  } catch (e) {
    throw new HarnessError(`loading the demo server failed: ${e.message}`);
  }
  const start = mod.startDemoServer ?? mod.default?.startDemoServer;
  if (typeof start !== 'function') throw new HarnessError(`${DEMO_SERVER_MODULE} does not export startDemoServer`);
  const quiet = { debug() {}, info() {}, warn: (m) => log(`demo server: ${m}`), error: (m) => log(`demo server: ${m}`) };
  const server = await start({ repoPath, host: '127.0.0.1', port: 0, log: quiet, ...options });
  log(`demo server for ${repoPath} at ${server.url}`);
  return server;
}
