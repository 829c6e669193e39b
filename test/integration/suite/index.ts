// The ONE entry point both runners load in the extension host (code-server payload `extensionTestsPath`, and
// @vscode/test-electron's extensionTestsPath). VS Code calls run(); resolving means the host exits 0, rejecting 1.
// It runs every *.test.js next to it with mocha (or the files named in HARNESS_SUITES), filters by HARNESS_GREP,
// tees the spec reporter into $HARNESS_OUT_DIR/mocha.log, screenshots the workbench when a test fails, and writes
// $HARNESS_OUT_DIR/results.json = { passed, failed, pending, total, tests: [...], ... }.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { screenshot } from './helpers';

interface TestRecord {
  title: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  ms?: number;
  error?: string;
}

interface Results {
  passed: number;
  failed: number;
  pending: number;
  total: number;
  tests: TestRecord[];
  host: { appName: string; version: string; uiKind: string; node: string };
  startedAt: string;
  durationMs?: number;
}

function suiteFiles(dir: string): string[] {
  const only = (process.env.HARNESS_SUITES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (only.length) {
    return only.map((name) => {
      const file = path.join(dir, name.endsWith('.js') ? name : `${name}.js`);
      if (!fs.existsSync(file)) throw new Error(`HARNESS_SUITES names ${name}, but ${file} does not exist`);
      return file;
    });
  }
  // restricted.test and pseudoLocale.test run alone, each in its own session (npm run test:vscode -- --restricted,
  // -- --pseudo-locale): one needs workspace trust on, the other VS Code started in the pseudo-locale.
  return fs.readdirSync(dir).filter((f) => f.endsWith('.test.js') && !['restricted.test.js', 'pseudoLocale.test.js'].includes(f)).sort().map((f) => path.join(dir, f));
}

export async function run(): Promise<void> {
  const outDir = process.env.HARNESS_OUT_DIR;
  const logFile = outDir ? path.join(outDir, 'mocha.log') : undefined;
  if (outDir) fs.mkdirSync(outDir, { recursive: true });

  // The extension host replaces console.* with setters that ignore assignment, so tee at the reporter instead.
  const Base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const originalConsoleLog = Base.consoleLog;
  Base.consoleLog = (...args: unknown[]) => {
    if (logFile) fs.appendFileSync(logFile, `${util.format(...args)}\n`);
    originalConsoleLog(...args);
  };

  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: Number(process.env.HARNESS_TEST_TIMEOUT_MS) || 30_000 });
  if (process.env.HARNESS_GREP) mocha.grep(new RegExp(process.env.HARNESS_GREP));
  for (const file of suiteFiles(__dirname)) mocha.addFile(file);

  if (process.env.HARNESS_DEMO_FAILURE === 'crash') {
    // Proves an extension-host crash fails the run even though the workbench then reports exit code 0.
    mocha.suite.addTest(
      new Mocha.Test('harness: deliberate extension-host crash (HARNESS_DEMO_FAILURE=crash)', () => {
        process.kill(process.pid, 'SIGKILL');
      }),
    );
  }
  if (process.env.HARNESS_DEMO_FAILURE === '1') {
    // Proves a failing test makes the whole run fail (exit code, results.json, screenshot).
    mocha.suite.addTest(
      new Mocha.Test('harness: deliberate failure (HARNESS_DEMO_FAILURE=1)', () => {
        assert.equal(1 + 1, 3, 'this test fails on purpose to check that failures are reported');
      }),
    );
  }

  mocha.suite.afterEach(async function () {
    const test = this.currentTest;
    if (test?.state === 'failed') {
      const name = `failed-${test.fullTitle()}`.replace(/[^\w.-]+/g, '_').slice(0, 100);
      await screenshot(name, { timeoutMs: 5000 }).catch(() => undefined);
    }
  });

  const results: Results = {
    passed: 0,
    failed: 0,
    pending: 0,
    total: 0,
    tests: [],
    host: { appName: vscode.env.appName, version: vscode.version, uiKind: vscode.UIKind[vscode.env.uiKind], node: process.version },
    startedAt: new Date().toISOString(),
  };
  const started = Date.now();
  const rel = (file?: string) => (file ? path.basename(file) : undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      let runner: Mocha.Runner;
      try {
        runner = mocha.run(() => resolve());
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      runner.on('pass', (t) => {
        results.passed += 1;
        results.tests.push({ title: t.fullTitle(), file: rel(t.file), state: 'passed', ms: t.duration });
      });
      runner.on('pending', (t) => {
        results.pending += 1;
        results.tests.push({ title: t.fullTitle(), file: rel(t.file), state: 'pending' });
      });
      runner.on('fail', (t, err: unknown) => {
        results.failed += 1;
        const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
        results.tests.push({ title: t.fullTitle(), file: rel(t.file), state: 'failed', ms: t.duration, error });
      });
    });
  } finally {
    Base.consoleLog = originalConsoleLog;
    results.total = results.passed + results.failed + results.pending;
    results.durationMs = Date.now() - started;
    if (outDir) fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  }
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
  if (results.total === 0) throw new Error('no integration tests ran (check HARNESS_GREP / HARNESS_SUITES)');
}
