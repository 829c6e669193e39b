#!/usr/bin/env node
// npm run test:electron [-- --code /path/to/code] [-- --grep RE]
// The same integration suites (same entry point, out/test/integration/suite/index.js) in DESKTOP VS Code through
// @vscode/test-electron, for people with a display and internet. It downloads VS Code into .vscode-test/ on first
// use, or uses an installed one (--code PATH or env VSCODE_EXECUTABLE_PATH). No browser driver: ui()/screenshot()
// calls in suites resolve { skipped: true }. Not for CI (no display, no download); use npm run test:vscode there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, HarnessError, freshArtifactsDir, makeLog } from './lib/util.mjs';
import { buildSuites } from './lib/build-suites.mjs';
import { buildExtension, demoWiring, makeFixture, passthroughEnv } from './lib/session.mjs';
import { profileSettings } from './lib/code-server.mjs';

const log = makeLog('test:electron');
const { values: args } = parseArgs({ options: { code: { type: 'string' }, grep: { type: 'string' }, version: { type: 'string', default: 'stable' } } });
const OUT = path.join(ROOT, '.artifacts', 'electron');

/** Fails fast (5 s) when VS Code must be downloaded but the download server is unreachable. */
async function checkCanDownload() {
  const cached = fs.existsSync(path.join(ROOT, '.vscode-test')) && fs.readdirSync(path.join(ROOT, '.vscode-test')).some((d) => d.startsWith('vscode-'));
  if (cached) return;
  try {
    const res = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (e) {
    throw new HarnessError(
      `test:electron needs desktop VS Code, and it cannot be downloaded here (update.code.visualstudio.com: ${e.cause?.code ?? e.message}).\n` +
        '  - With VS Code installed: npm run test:electron -- --code "$(command -v code)"  (or set VSCODE_EXECUTABLE_PATH)\n' +
        '  - Offline / CI / no display: npm run test:vscode  (real VS Code via code-server, nothing downloaded at run time)',
    );
  }
}

// `code` on PATH is usually a launcher script; @vscode/test-electron wants the Electron executable next to it.
function resolveExecutable(p) {
  const real = fs.realpathSync(p);
  const candidates = [real, path.resolve(path.dirname(real), '..', 'code'), path.resolve(path.dirname(real), '..', '..', 'code')];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile() && !/\.sh$/.test(c)) ?? real;
}

let exitCode = 3;
try {
  const codePath = args.code ?? process.env.VSCODE_EXECUTABLE_PATH;
  if (codePath && !fs.existsSync(codePath)) throw new HarnessError(`--code ${codePath} does not exist`);
  if (!codePath) await checkCanDownload();
  const { runTests } = await import('@vscode/test-electron');
  freshArtifactsDir(OUT);
  await buildExtension(log);
  const testsPath = await buildSuites(log);
  const fixture = makeFixture(OUT, log);
  const wiring = await demoWiring(fixture.dir, log);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-electron-'));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(profileSettings(wiring.settings), null, 2));
  try {
    const extensionTestsEnv = { ...passthroughEnv(), ...wiring.env, HARNESS_OUT_DIR: OUT, HARNESS_FIXTURE_MANIFEST: fixture.manifestFile };
    if (args.grep) extensionTestsEnv.HARNESS_GREP = args.grep;
    exitCode = await runTests({
      ...(codePath ? { vscodeExecutablePath: resolveExecutable(codePath) } : { version: args.version }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(testsPath, 'index.js'),
      extensionTestsEnv,
      launchArgs: [fixture.dir, '--user-data-dir', userDataDir, '--disable-workspace-trust', '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    await wiring.close();
    fixture.remove();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  let results;
  try {
    results = JSON.parse(fs.readFileSync(path.join(OUT, 'results.json'), 'utf8'));
  } catch {
    results = undefined;
  }
  if (exitCode === 0 && (!results || results.failed > 0 || results.total === 0)) exitCode = 3; // never a silent pass
  console.log(`\ntest:electron: ${results ? `${results.passed} passed, ${results.failed} failed, ${results.pending} pending` : 'no results.json'}; exit ${exitCode}`);
} catch (e) {
  exitCode = e instanceof HarnessError ? e.exitCode : 1; // runTests rejects when VS Code exits non-zero (test failures)
  console.error(`\n[test:electron] ${e instanceof HarnessError ? e.message : e?.message ?? e}`);
}
process.exit(exitCode);
