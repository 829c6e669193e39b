#!/usr/bin/env node
// `npm test`: every suite, in order of speed: unit tests (plain Node), webview tests (real Chromium), the GitHub
// sign-in as a user does it (a real workbench driven by Chromium), integration tests (real VS Code via code-server), the same workbench in Restricted Mode and in the pseudo-locale, then the packaged VSIX installed into code-server with the activation suite
// run against that installed copy (it packages first when dist/gitops-releases.vsix is missing or stale). Prints each suite's counts and, last, one line `N passed, N failed` summing
// them all. Exits non-zero when any suite fails or cannot run. `--only unit,webview` picks suites.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? (process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined);
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;

/** Runs a command, streaming its output, and resolves with its exit code and full text. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let text = '';
    const onData = (stream) => (d) => {
      text += d.toString();
      stream.write(d);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', (e) => resolve({ code: 127, text: `${text}\n${e.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), text }));
  });
}

/** Counts from mocha's spec reporter summary. */
function mochaCounts(text) {
  const n = (re) => Number(text.match(re)?.[1] ?? 0);
  return { passed: n(/^\s*(\d+) passing/m), failed: n(/^\s*(\d+) failing/m), pending: n(/^\s*(\d+) pending/m) };
}

/** A suite run by one of the code-server harness scripts, counted from the results.json it writes. */
function harnessSuite(name, script, results, args = []) {
  return {
    name,
    async run() {
      const resultsFile = path.join(root, results);
      fs.rmSync(resultsFile, { force: true });
      const r = await run(process.execPath, [path.join(root, script), ...args]);
      let counts = { passed: 0, failed: 0, pending: 0 };
      try {
        const j = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
        counts = { passed: j.passed ?? 0, failed: j.failed ?? 0, pending: j.pending ?? 0 };
      } catch {
        // No results: the counts stay zero, and the summary below counts a suite that ran no test as failed.
      }
      return { ...counts, code: r.code };
    },
  };
}

const suites = [
  {
    name: 'unit',
    async run() {
      const r = await run(process.execPath, [path.join(root, 'node_modules/mocha/bin/mocha.js')]);
      return { ...mochaCounts(r.text), code: r.code };
    },
  },
  {
    name: 'webview',
    async run() {
      const r = await run(process.execPath, [path.join(root, 'node_modules/mocha/bin/mocha.js'), '--config', 'test/webview/.mocharc.json']);
      return { ...mochaCounts(r.text), code: r.code };
    },
  },
  // Signing in to GitHub as a user does, in a workbench outside extension-test mode (where VS Code shows its own
  // consent dialog), driven by Chromium (test/signin).
  {
    name: 'signin',
    async run() {
      const r = await run(process.execPath, [path.join(root, 'node_modules/mocha/bin/mocha.js'), '--config', 'test/signin/.mocharc.json']);
      return { ...mochaCounts(r.text), code: r.code };
    },
  },
  // Both harness runs write a results.json; no results means the harness could not run the suites (install, crash,
  // timeout, or for the VSIX: packaging or installing failed), which counts as a failure.
  harnessSuite('vscode', 'scripts/test-vscode.mjs', '.artifacts/vscode/results.json'),
  // The same workbench in Restricted Mode: workspace trust on, the fixture untrusted, its settings naming other servers.
  harnessSuite('restricted', 'scripts/test-vscode.mjs', '.artifacts/restricted/results.json', ['--restricted', '--artifacts', '.artifacts/restricted']),
  // The workbench in the pseudo-locale (qps-ploc, a language pack the harness writes): no extension string in English.
  harnessSuite('pseudo', 'scripts/test-vscode.mjs', '.artifacts/pseudo/results.json', ['--pseudo-locale', '--artifacts', '.artifacts/pseudo']),
  harnessSuite('vsix', 'scripts/test-vsix.mjs', '.artifacts/vsix/results.json'),
];

const summary = [];
let ok = true;
for (const s of suites) {
  if (only && !only.has(s.name)) continue;
  console.log(`\n=== ${s.name} tests`);
  const t0 = Date.now();
  const r = await s.run();
  // A suite that exits non-zero counts at least one failure, even if it could not report counts (crash, timeout).
  if (r.code !== 0 && r.failed === 0) r.failed = 1;
  if (r.code === 0 && r.passed === 0) {
    r.failed += 1;
    console.log(`${s.name}: ran no test`);
  }
  if (r.failed > 0) ok = false;
  summary.push({ name: s.name, ...r, seconds: (Date.now() - t0) / 1000 });
}

console.log('\n=== summary');
for (const s of summary) {
  console.log(`${s.name.padEnd(8)} ${String(s.passed).padStart(4)} passed, ${String(s.failed).padStart(3)} failed, ${String(s.pending).padStart(3)} pending  (${s.seconds.toFixed(1)} s, exit ${s.code})`);
}
const total = summary.reduce((a, s) => ({ passed: a.passed + s.passed, failed: a.failed + s.failed }), { passed: 0, failed: 0 });
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(ok ? 0 : 1);
