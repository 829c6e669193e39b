#!/usr/bin/env node
// npm run demo [-- --repo DIR] [-- --browser] [-- --screenshots DIR] [-- --backend codefresh|kargo|github]
// Builds the extension, starts the demo backend seeded from DIR (default: this repository) and opens DIR in a real
// VS Code with the extension loaded and pointed at that backend:
//   - desktop VS Code when `code` is on PATH (fresh profile, --extensionDevelopmentPath);
//   - otherwise (or with --browser) code-server: prints the URL to open in a browser.
// --backend kargo: the demo server speaks Kargo's REST API (Freight, Stages; promote, approve, abort, verify work on
// it), still labelled as demo data. Default: Codefresh's API.
// Stays up until Ctrl-C (or until the desktop window is closed), then stops everything it started.
// --screenshots DIR: instead drives the UI headless (code-server + Chromium) and writes PNGs of the tree, the hover
// and the release panel in light and dark themes (test/integration/suite/tour.screens.ts).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, HarnessError, makeLog, which } from './lib/util.mjs';
import { DemoUsageError, parseDemoArgs } from './lib/demo-args.mjs';
import { BROWSER_PACKAGES, ensureSystemPackages, findChromium } from './lib/system.mjs';
import { ensureToolchain, installedOk } from './lib/cache.mjs';
import { buildSuites } from './lib/build-suites.mjs';
import { buildExtension, demoWiring } from './lib/session.mjs';
import { createProfile, profileSettings, startCodeServer } from './lib/code-server.mjs';
import { runSuitesInCodeServer } from './lib/run-suites.mjs';

const log = makeLog('demo');
// HARNESS_EXTENSION_PATH: show another build of the extension (e.g. an unpacked .vsix) instead of building this one.
const EXTENSION = process.env.HARNESS_EXTENSION_PATH ? path.resolve(process.env.HARNESS_EXTENSION_PATH) : ROOT;
let args;
try {
  args = parseDemoArgs(process.argv.slice(2), ROOT);
} catch (e) {
  if (!(e instanceof DemoUsageError)) throw e;
  console.error(`[demo] ${e.message}`);
  process.exit(2);
}

function gitRoot(dir) {
  try {
    return fs.realpathSync(execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    throw new HarnessError(`${dir} is not inside a Git repository (the demo backend is seeded from its history)`);
  }
}

/** What the demo is about to do, and roughly how long each part takes, so the first run's wait is not silent. */
function printPlan(repo, where) {
  const installed = installedOk();
  console.log(`
  GitOps Releases demo, on ${repo}:
    1. build the extension                                   about 10 s
    2. start the demo backend (made-up releases from this repository's history)   a few seconds
    3. ${where === 'desktop' ? 'open desktop VS Code with the extension               a few seconds' : installed ? 'start code-server (already installed)                    about 10 s' : 'download code-server and Node 24 (first run only)     about 2-3 min, then start it'}
`);
}

/** What to look at first once VS Code is up. */
function printTips() {
  console.log(`  What to try first:
    - Open "GitOps Releases" in the activity bar: each product's releases by version, status and commit subject.
      Everything you see is demo data, labelled "Demo" in the status bar, the views, the hover and the panel.
    - One release stays in progress: expand its product to watch it, or run "GitOps Releases: Open Release…"
      for its promotion flow and release notes.
    - Hover over any line of a file: where that line's commit is deployed, per product.
    - Run "GitOps Releases: Show Where Commit Is Deployed" to ask about a branch, a tag or any commit.
    - "Help: Welcome" → "Get Started with GitOps Releases" walks through the rest.
`);
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
  printTips();
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
  if (!installedOk()) log('getting code-server ready: the first run downloads it (about 2-3 min; progress below)');
  const toolchain = await ensureToolchain(log);
  log('starting code-server (about 10 s)');
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-demo-'));
  const settings = profileSettings(wiring.settings);
  delete settings['workbench.colorTheme']; // the visitor's default theme
  const profile = createProfile(runDir, settings);
  // Installed as a normal extension (a link in the fresh extensions folder), so the workbench behaves as usual.
  const pkg = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'package.json'), 'utf8'));
  fs.symlinkSync(EXTENSION, path.join(profile.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  const server = await startCodeServer({ toolchain, profile, workspace: repo, smokeTestDriver: false, logFile: path.join(runDir, 'code-server.log'), log });
  try {
    console.log(`\n  Ready. Open this in a browser:  ${server.base}/?folder=${encodeURIComponent(repo)}\n  (demo backend${args.backend === 'codefresh' ? '' : `, ${args.backend === 'kargo' ? 'Kargo' : 'GitHub'} API`}: ${wiring.demo.url}; Ctrl-C stops everything)\n`);
    printTips();
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
  if (!args.screenshots) printPlan(repo, which('code') && !args.browser ? 'desktop' : 'browser');
  if (EXTENSION === ROOT) await buildExtension(log);
  log(`starting the demo backend${args.backend === 'codefresh' ? '' : ` (${args.backend === 'kargo' ? 'Kargo' : 'GitHub'} API)`}`);
  wiring = await demoWiring(repo, log, { api: args.backend });
  log(`demo backend up at ${wiring.demo.url}`);
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
