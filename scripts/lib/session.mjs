// What test-vscode and demo share before VS Code starts: build the extension and the suites, generate the fixture
// workspace, start the demo backend seeded from a repository, and compute the settings/env that point the
// extension at it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runAsync } from './util.mjs';
import { generateFixtureRepo } from '../../test/fixtures/workspace-gen/generate.mjs';
import { startDemoBackend, startGitHubTestEngine, startKargoDemoBackend } from './demo-backend.mjs';

/** `node scripts/build.mjs` (the project's own build); returns the extension bundle's path. */
export async function buildExtension(log, extraArgs = []) {
  log('building the extension (node scripts/build.mjs)');
  await runAsync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), ...extraArgs], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(ROOT, 'dist', 'extension.js');
}

/** Generates the fixture repository in a fresh temp folder; returns { dir, manifest, manifestFile, remove() }. */
export function makeFixture(outDir, log) {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-fixture-'));
  const dir = path.join(parent, 'shop-service');
  const manifest = generateFixtureRepo(dir);
  const manifestFile = path.join(outDir, 'fixture.json');
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  log(`fixture repository: ${manifest.commits.length} commits, HEAD ${manifest.head.slice(0, 12)} (${dir})`);
  return { dir, manifest, manifestFile, remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}

/**
 * Starts the demo backend for `repoPath` and returns settings + env that point the extension at it. `api` is the API
 * it speaks: Codefresh's (the default), Kargo's (still the demo backend, labelled as made up), or GitHub's (the GitHub
 * backend on the GitHub test engine, registered as `github-demo`, whose data every surface labels as demo too).
 */
export async function demoWiring(repoPath, log, { api = 'codefresh' } = {}) {
  if (api === 'github') {
    const engine = await startGitHubTestEngine(repoPath, log);
    const settings = { 'gitopsReleases.backend': 'github-demo', 'gitopsReleases.github.demoServerUrl': engine.url };
    return { demo: engine, settings, env: { GITOPS_GITHUB_ENGINE_URL: engine.url }, close: async () => engine.close() };
  }
  const demo = api === 'kargo' ? await startKargoDemoBackend(repoPath, log) : await startDemoBackend(repoPath, log);
  const settings = { 'gitopsReleases.backend': 'demo', 'gitopsReleases.demo.serverUrl': demo.url, ...(api === 'kargo' ? { 'gitopsReleases.demo.api': 'kargo' } : {}) };
  const env = { GITOPS_DEMO_SERVER_URL: demo.url };
  return { demo, settings, env, close: async () => demo.close() };
}

/** Env vars a caller may set for the suites, passed through to the extension host when present. */
export const PASSTHROUGH_ENV = ['HARNESS_GREP', 'HARNESS_SUITES', 'HARNESS_DEMO_FAILURE', 'HARNESS_TEST_TIMEOUT_MS'];

export function passthroughEnv() {
  return Object.fromEntries(PASSTHROUGH_ENV.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
}
