// Starts the demo backend (startDemoServer from src/fakes/codefresh/server.ts) in this process, seeded from a
// repository. Loaded through tsx, so the TypeScript source runs as is.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { ROOT } from './util.mjs';

const DEMO_SERVER_MODULE = path.join(ROOT, 'src', 'fakes', 'codefresh', 'server.ts');
const GITHUB_ENGINE_MODULE = path.join(ROOT, 'src', 'fakes', 'github', 'server.ts');

/**
 * Starts the GitHub test engine (startFakeGitHub from src/fakes/github/server.ts) for `repoPath` on a free
 * loopback port; returns it with `url` set to its REST URL.
 */
export async function startGitHubTestEngine(repoPath, log) {
  const { startFakeGitHub } = await tsImport(pathToFileURL(GITHUB_ENGINE_MODULE).href, import.meta.url);
  const quiet = { debug() {}, info() {}, warn: (m) => log(`GitHub test engine: ${m}`), error: (m) => log(`GitHub test engine: ${m}`) };
  const engine = await startFakeGitHub({ repoPath, host: '127.0.0.1', port: 0, log: quiet });
  log(`GitHub test engine for ${repoPath} (repository ${engine.repository}) at ${engine.apiUrl}`);
  return { ...engine, url: engine.apiUrl, close: () => engine.close() };
}

/** Starts the demo server for `repoPath` on a free loopback port; returns the DemoServer ({ url, apiKey, close, ... }). */
export async function startDemoBackend(repoPath, log, options = {}) {
  const { startDemoServer } = await tsImport(pathToFileURL(DEMO_SERVER_MODULE).href, import.meta.url);
  const quiet = { debug() {}, info() {}, warn: (m) => log(`demo server: ${m}`), error: (m) => log(`demo server: ${m}`) };
  const server = await startDemoServer({ repoPath, host: '127.0.0.1', port: 0, log: quiet, ...options });
  log(`demo server for ${repoPath} at ${server.url}`);
  return server;
}

const KARGO_FAKE_MODULE = path.join(ROOT, 'src', 'fakes', 'kargo', 'server.ts');

/** Starts the fake Kargo API (src/fakes/kargo/server.ts) for `repoPath`; promotions move on every `stepMs`. */
export async function startKargoDemoBackend(repoPath, log, options = {}) {
  const { startFakeKargo } = await tsImport(pathToFileURL(KARGO_FAKE_MODULE).href, import.meta.url);
  const quiet = { debug() {}, info() {}, warn: (m) => log(`Kargo demo server: ${m}`), error: (m) => log(`Kargo demo server: ${m}`) };
  const server = await startFakeKargo({ repoPath, host: '127.0.0.1', port: 0, log: quiet, stepMs: 15_000, ...options });
  log(`Kargo demo server for ${repoPath} at ${server.url}`);
  return server;
}
