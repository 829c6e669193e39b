#!/usr/bin/env node
// npm run test:vscode [-- --grep RE] [-- --suites NAME.test,...] [-- --keep] [-- --timeout SECONDS] [-- --artifacts DIR] [-- --restricted] [-- --pseudo-locale]
// --restricted: the Restricted Mode session instead (workspace trust on, the fixture untrusted, its .vscode/settings.json
// naming other servers, a CA file and a URL template), running restricted.test only.
// --pseudo-locale: code-server started with --locale qps-ploc (the extension's pseudo bundles), running pseudoLocale.test only.
// Runs the integration suites (test/integration/suite) inside a real VS Code extension host: code-server from the
// cache folder, headless Chromium showing the workbench, the generated fixture repository as the workspace and the
// demo backend seeded from it. Installs its toolchain on first use. Artifacts: .artifacts/vscode/ (results.json,
// mocha.log, code-server.log, browser-console.log, screenshots/, vscode-logs/, timings.json, figures.jsonl), or --artifacts DIR.
// At the end it prints the performance figures the suites measured (first and warm hovers, the release panel's
// command-to-graph time, the tree drawn from a saved answer), each beside its goal; they are never asserted.
// Exit: 0 passed | 1 test failures | 2 timeout | 3 infrastructure error or extension-host crash | 130 interrupted.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, HarnessError, elapsed, freshArtifactsDir, makeLog, withLock } from './lib/util.mjs';
import { BROWSER_PACKAGES, ensureSystemPackages, findChromium } from './lib/system.mjs';
import { ensureToolchain } from './lib/cache.mjs';
import { buildSuites } from './lib/build-suites.mjs';
import { buildExtension, demoWiring, makeFixture, passthroughEnv } from './lib/session.mjs';
import { runSuitesInCodeServer } from './lib/run-suites.mjs';

const log = makeLog('test:vscode');
const { values: args } = parseArgs({
  options: {
    grep: { type: 'string' },
    suites: { type: 'string' },
    timeout: { type: 'string', default: process.env.HARNESS_TIMEOUT_S ?? '420' },
    keep: { type: 'boolean', default: false },
    artifacts: { type: 'string' },
    restricted: { type: 'boolean', default: false },
    'pseudo-locale': { type: 'boolean', default: false },
  },
});
const OUT = args.artifacts ? path.resolve(args.artifacts) : path.join(ROOT, '.artifacts', 'vscode');
const RUN_LOCK = path.join(ROOT, '.artifacts', 'vscode.lock');

function writeSummary(summary) {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
}

async function runLocked(toolchain, stamps) {
  freshArtifactsDir(OUT);
  // HARNESS_EXTENSION_PATH: run the suites against another build of the extension (e.g. an unpacked .vsix).
  const extensionPath = process.env.HARNESS_EXTENSION_PATH ? path.resolve(process.env.HARNESS_EXTENSION_PATH) : ROOT;
  if (extensionPath === ROOT) await buildExtension(log);
  else log(`using the extension in ${extensionPath} (HARNESS_EXTENSION_PATH), not building`);
  const testsPath = await buildSuites(log);
  stamps.built = elapsed();
  const fixture = makeFixture(OUT, log);
  const wiring = await demoWiring(fixture.dir, log);
  if (args.restricted) {
    // What an untrusted repository could ship: settings that send the user's secrets elsewhere or trust another CA.
    fs.mkdirSync(path.join(fixture.dir, '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(fixture.dir, '.vscode', 'settings.json'),
      `${JSON.stringify({ 'gitopsReleases.demo.serverUrl': 'http://127.0.0.1:9/', 'gitopsReleases.caFile': path.join(fixture.dir, 'evil-ca.pem'), 'gitopsReleases.webUrlTemplate': 'https://evil.invalid/{product}' }, null, 2)}\n`,
    );
  }
  try {
    // The suites check that VS Code loaded the extension from this folder and no other copy.
    const extEnv = { ...passthroughEnv(), ...wiring.env, HARNESS_FIXTURE_MANIFEST: fixture.manifestFile, HARNESS_EXPECTED_EXTENSION_PATH: extensionPath };
    if (args.grep) extEnv.HARNESS_GREP = args.grep;
    if (args.suites) extEnv.HARNESS_SUITES = args.suites;
    if (args.restricted) extEnv.HARNESS_SUITES = 'restricted.test';
    if (args['pseudo-locale']) extEnv.HARNESS_SUITES = 'pseudoLocale.test';
    const run = await runSuitesInCodeServer({
      toolchain,
      chromium: findChromium(),
      workspace: fixture.dir,
      extensionPath,
      testsPath,
      outDir: OUT,
      extEnv,
      settings: args.restricted ? { ...wiring.settings, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : wiring.settings,
      workspaceTrust: args.restricted,
      locale: args['pseudo-locale'] ? 'qps-ploc' : undefined,
      timeoutMs: Number(args.timeout) * 1000,
      keep: args.keep,
      log,
    });
    return run;
  } finally {
    await wiring.close();
    if (!args.keep) fixture.remove();
  }
}

/** The figures the suites recorded (test/integration/suite/figures.ts), one JSON object a line; bad lines are named. */
function readFigures() {
  const file = path.join(OUT, 'figures.jsonl');
  if (!fs.existsSync(file)) return [];
  const figures = [];
  for (const [i, line] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      const f = JSON.parse(line);
      if (typeof f.name === 'string' && Number.isFinite(f.ms)) figures.push(f);
      else log(`figures.jsonl line ${i + 1} is not a figure: ${line.slice(0, 120)}`);
    } catch {
      log(`figures.jsonl line ${i + 1} is not JSON: ${line.slice(0, 120)}`);
    }
  }
  return figures;
}

function printFigures(figures) {
  if (!figures.length) return;
  const rows = figures.map((f) => [
    f.name,
    `${f.ms.toFixed(1)} ms`,
    Number.isFinite(f.goalMs) ? `< ${f.goalMs} ms` : '—',
    Number.isFinite(f.goalMs) ? (f.ms < f.goalMs ? 'met' : 'MISSED') : '',
  ]);
  const head = ['figure (printed, not asserted)', 'measured', 'goal', ''];
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const fmt = (r) => r.map((v, c) => (c === 1 ? v.padStart(width[c]) : v.padEnd(width[c]))).join('  ').trimEnd();
  console.log(`\nPerformance figures (.artifacts/vscode/figures.jsonl):\n  ${fmt(head)}\n  ${width.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const [i, r] of rows.entries()) {
    console.log(`  ${fmt(r)}`);
    if (figures[i].note) console.log(`    ${figures[i].note}`);
  }
}

function summarize(run, stamps) {
  const r = run.results ?? { passed: 0, failed: 0, pending: 0, total: 0, tests: [] };
  for (const t of r.tests ?? []) {
    if (t.state === 'failed') console.log(`\n  FAILED: ${t.title}\n    ${String(t.error).split('\n').slice(0, 8).join('\n    ')}`);
  }
  // A run that did not finish cleanly must never read as a pass: count it as one failure at least.
  const failed = run.exitCode === 0 ? r.failed : Math.max(r.failed, 1);
  log(`${run.exitCode === 0 ? 'PASS' : 'FAIL'}: ${run.reason}`);
  const figures = readFigures();
  printFigures(figures);
  return {
    ...r,
    failed,
    total: Math.max(r.total, r.passed + failed + r.pending),
    exitCode: run.exitCode,
    verdict: run.reason,
    timings: { sinceStart: stamps, sinceVsCodeStart: run.timings },
    figures,
    screenshots: run.screenshots.map((f) => path.relative(ROOT, f)),
  };
}

function failureSummary(e) {
  console.error(`\n[test:vscode] ${e instanceof HarnessError ? e.message : (e?.stack ?? e)}`);
  return { passed: 0, failed: 1, pending: 0, total: 1, exitCode: e instanceof HarnessError ? e.exitCode : 3, verdict: e?.message ?? String(e) };
}

function finish(summary) {
  summary.seconds = Number(elapsed().toFixed(1));
  writeSummary(summary);
  console.log(`\ntest:vscode: ${summary.passed} passed, ${summary.failed} failed, ${summary.pending} pending (${summary.total} total) in ${summary.seconds} s; exit ${summary.exitCode}; artifacts in ${path.relative(ROOT, OUT) || OUT}/`);
  return summary.exitCode;
}

let exitCode = 3;
try {
  const stamps = {};
  ensureSystemPackages([...BROWSER_PACKAGES, 'git'], log);
  const toolchain = await ensureToolchain(log);
  stamps.toolchainReady = elapsed();
  // One run at a time per checkout: runs share out/ and .artifacts/vscode/ (the summary is written under the lock).
  exitCode = await withLock(RUN_LOCK, log, 'running the VS Code suites', 20 * 60_000, async () => {
    let summary;
    try {
      summary = summarize(await runLocked(toolchain, stamps), stamps);
    } catch (e) {
      summary = failureSummary(e);
    }
    return finish(summary);
  });
} catch (e) {
  exitCode = finish(failureSummary(e));
}
process.exit(exitCode);
