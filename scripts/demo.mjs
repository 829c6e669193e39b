#!/usr/bin/env node
// npm run demo [-- --repo DIR] [-- --browser] [-- --screenshots DIR] [-- --backend demo|github]
// Builds the extension, starts the demo backend seeded from DIR (default: this repository) and opens DIR in a real
// VS Code with the extension loaded and pointed at that backend:
//   - desktop VS Code when `code` is on PATH (fresh profile, --extensionDevelopmentPath);
//   - otherwise (or with --browser) code-server: prints the URL to open in a browser.
// Stays up until Ctrl-C (or until the desktop window is closed), then stops everything it started.
// --screenshots DIR: instead drives the UI headless (code-server + Chromium) and writes PNGs of the tree, the hover
// and the release panel in light and dark themes (test/integration/suite/tour.screens.ts).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, HarnessError, makeLog, which } from './lib/util.mjs';
import { BROWSER_PACKAGES, ensureSystemPackages, findChromium } from './lib/system.mjs';
import { ensureToolchain } from './lib/cache.mjs';
import { buildSuites } from './lib/build-suites.mjs';
import { buildExtension, demoWiring } from './lib/session.mjs';
import { createProfile, profileSettings, startCodeServer } from './lib/code-server.mjs';
import { runSuitesInCodeServer } from './lib/run-suites.mjs';

const log = makeLog('demo');
// HARNESS_EXTENSION_PATH: show another build of the extension (e.g. an unpacked .vsix) instead of building this one.
const EXTENSION = process.env.HARNESS_EXTENSION_PATH ? path.resolve(process.env.HARNESS_EXTENSION_PATH) : ROOT;
const { values: args } = parseArgs({
  options: {
    repo: { type: 'string', default: ROOT },
    screenshots: { type: 'string' },
    browser: { type: 'boolean', default: false },
    // `--backend github`: the GitHub backend on the GitHub test engine instead of the Codefresh demo server.
    backend: { type: 'string', default: 'demo' },
  },
});

function gitRoot(dir) {
  try {
    return fs.realpathSync(execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    throw new HarnessError(`${dir} is not inside a Git repository (the demo backend is seeded from its history)`);
  }
}

/** Waits for Ctrl-C / SIGTERM, or for `untilExit` (a child's exit) when given. */
function waitForStop(untilExit) {
  return new Promise((resolve) => {
    const done = (why) => resolve(why);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(s, () => done(s));
    untilExit?.then(() => done('window closed'));
  });
}

async function desktop(repo, wiring) {
  const code = which('code');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-demo-code-'));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(profileSettings({ ...wiring.settings, 'workbench.colorTheme': undefined }), null, 2));
  log(`opening desktop VS Code (${code}) on ${repo}; close the window or press Ctrl-C to stop`);
  const child = spawn(code, ['--new-window', '--wait', '--user-data-dir', userDataDir, `--extensionDevelopmentPath=${EXTENSION}`, repo], {
    stdio: 'inherit',
    env: { ...process.env, ...wiring.env },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const why = await waitForStop(exited);
  log(`${why}: stopping`);
  if (child.exitCode === null) child.kill('SIGTERM');
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

async function browser(repo, wiring) {
  const toolchain = await ensureToolchain(log);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-demo-'));
  const settings = profileSettings(wiring.settings);
  delete settings['workbench.colorTheme']; // the visitor's default theme
  const profile = createProfile(runDir, settings);
  // Installed as a normal extension (a link in the fresh extensions folder), so the workbench behaves as usual.
  const pkg = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'package.json'), 'utf8'));
  fs.symlinkSync(EXTENSION, path.join(profile.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  const server = await startCodeServer({ toolchain, profile, workspace: repo, smokeTestDriver: false, logFile: path.join(runDir, 'code-server.log'), log });
  try {
    console.log(`\n  Open this in a browser:  ${server.base}/?folder=${encodeURIComponent(repo)}\n  (demo backend: ${wiring.demo.url}; Ctrl-C stops everything)\n`);
    const why = await waitForStop(server.exited);
    log(`${why}: stopping`);
  } finally {
    await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

async function screenshots(repo, dir, wiring) {
  ensureSystemPackages([...BROWSER_PACKAGES, 'git'], log);
  const toolchain = await ensureToolchain(log);
  const testsPath = await buildSuites(log);
  const outDir = path.join(ROOT, '.artifacts', 'demo');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.mkdirSync(dir, { recursive: true });
  const run = await runSuitesInCodeServer({
    toolchain,
    chromium: findChromium(),
    workspace: repo,
    extensionPath: EXTENSION,
    testsPath,
    outDir,
    screenshotDir: dir,
    extEnv: { ...wiring.env, HARNESS_SUITES: 'tour.screens' },
    settings: wiring.settings,
    timeoutMs: 600_000,
    log,
  });
  for (const f of run.screenshots) log(`wrote ${path.relative(process.cwd(), f)}`);
  if (run.exitCode !== 0) throw new HarnessError(`screenshot tour failed: ${run.reason} (logs in ${path.relative(ROOT, outDir)})`, run.exitCode);
}

let exitCode = 0;
let wiring;
try {
  const repo = gitRoot(path.resolve(args.repo));
  if (EXTENSION === ROOT) await buildExtension(log);
  if (args.backend !== 'demo' && args.backend !== 'github') throw new HarnessError(`--backend is demo or github, not ${args.backend}`);
  wiring = await demoWiring(repo, log, args.backend);
  if (args.screenshots) await screenshots(repo, path.resolve(args.screenshots), wiring);
  else if (which('code') && !args.browser) await desktop(repo, wiring);
  else await browser(repo, wiring);
} catch (e) {
  exitCode = e instanceof HarnessError ? e.exitCode : 1;
  console.error(`\n[demo] ${e instanceof HarnessError ? e.message : e?.stack ?? e}`);
} finally {
  await wiring?.close();
}
process.exit(exitCode);
