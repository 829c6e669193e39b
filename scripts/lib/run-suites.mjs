// Runs the integration suites inside code-server's real extension host and decides the verdict.
// Verdict = pass only when ALL hold: the workbench reported exit code 0 for run(); the extension-host PROCESS
// exited with code 0 and no signal (a crashed host still makes the workbench report 0); results.json exists with
// failed == 0 and total > 0; no timeout.
// Exit codes: 0 passed | 1 test failures | 2 timeout | 3 infrastructure error or extension-host crash | 130 Ctrl-C.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, HarnessError, sleep } from './util.mjs';
import { loadPlaywright } from './cache.mjs';
import { createProfile, installLanguagePack, launchBrowser, profileSettings, startCodeServer, startDriverEndpoint, workbenchUrl } from './code-server.mjs';

// Tails mocha.log (written by the suite entry point) to our stdout.
function tailer(file, print) {
  let pos = 0;
  let rest = '';
  return () => {
    let size;
    try {
      size = fs.statSync(file).size;
    } catch {
      return false;
    }
    if (size <= pos) return false;
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(size - pos);
    fs.readSync(fd, buf, 0, buf.length, pos);
    fs.closeSync(fd);
    pos = size;
    const lines = (rest + buf.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) print(l);
    return true;
  };
}

/**
 * options: { toolchain, chromium, workspace, extensionPath?, testsPath, outDir, screenshotDir?, extEnv, settings, timeoutMs, log, keep, workspaceTrust?, locale? }
 * Returns { exitCode, results, timings, screenshots, reason }.
 */
export async function runSuitesInCodeServer(o) {
  const { log } = o;
  const timings = {};
  const t0 = Date.now();
  const mark = (k) => (timings[k] = (Date.now() - t0) / 1000);
  const screenshotDir = o.screenshotDir ?? path.join(o.outDir, 'screenshots');
  fs.mkdirSync(screenshotDir, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-vsc-')); // short path: code-server's sockets live here
  const profile = createProfile(runDir, profileSettings(o.settings));
  if (o.locale) installLanguagePack(profile, o.locale); // --locale needs a language pack for it, or VS Code stays in English
  const consoleLog = fs.createWriteStream(path.join(o.outDir, 'browser-console.log'));
  const playwright = await loadPlaywright(o.toolchain);

  let server;
  let browser;
  let page;
  let driver;
  let interrupted = false;
  let finish; // resolves the race below from a signal handler
  const interruptedP = new Promise((resolve) => (finish = resolve));
  const onSignal = (sig) => {
    interrupted = true;
    log(`${sig}: stopping`);
    finish({ code: 'interrupted' });
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);

  const cleanup = async () => {
    try {
      await browser?.close();
    } catch {
      // already closed
    }
    await server?.stop();
    await driver?.close();
    consoleLog.end();
    for (const s of signals) process.off(s, onSignal);
    if (!o.keep) fs.rmSync(runDir, { recursive: true, force: true });
  };

  let exitCode = 3;
  let reason = '';
  let results;
  try {
    driver = await startDriverEndpoint({ getPage: () => page, screenshotDir, log });
    const extEnv = { ...o.extEnv, HARNESS_OUT_DIR: o.outDir, HARNESS_DRIVER_URL: driver.url, HARNESS_DRIVER_TOKEN: driver.token };
    server = await startCodeServer({ toolchain: o.toolchain, profile, workspace: o.workspace, smokeTestDriver: true, logFile: path.join(o.outDir, 'code-server.log'), log, workspaceTrust: o.workspaceTrust === true, locale: o.locale });
    mark('serverListening');
    log(`code-server listening on ${server.base}`);

    browser = await launchBrowser(playwright, o.chromium);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    let resolveExit;
    const exitP = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => consoleLog.write(`[automation.${type}] ${[].concat(args).join(' ')}\n`));
    await page.exposeFunction('codeAutomationExit', (code, logs) => resolveExit({ code, logs }));
    page.on('console', (m) => consoleLog.write(`[console.${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack ?? e}\n`));
    page.on('crash', () => resolveExit({ code: 'browser page crashed' }));
    server.exited.then(({ code, signal }) => resolveExit({ code: `code-server exited (${code ?? signal})` }));

    const url = workbenchUrl(server, o.workspace, { extensionPath: o.extensionPath ?? ROOT, testsPath: o.testsPath, env: extEnv });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    mark('pageLoaded');
    page.waitForSelector('.monaco-workbench', { timeout: 120_000 }).then(() => mark('workbenchRendered'), () => undefined);

    const pump = tailer(path.join(o.outDir, 'mocha.log'), (l) => console.log(`  | ${l}`));
    const pumpTimer = setInterval(() => {
      if (pump() && timings.testsStarted === undefined) mark('testsStarted');
    }, 200);
    const remaining = Math.max(1000, o.timeoutMs - (Date.now() - t0));
    const result = await Promise.race([exitP, interruptedP, sleep(remaining).then(() => ({ code: 'timeout' }))]);
    mark('testsFinished');
    clearInterval(pumpTimer);
    pump();

    if (Array.isArray(result.logs)) {
      for (const l of result.logs) {
        try {
          const dst = path.join(o.outDir, 'vscode-logs', l.relativePath);
          fs.mkdirSync(path.dirname(dst), { recursive: true });
          fs.writeFileSync(dst, l.contents);
        } catch {
          // a log we cannot write is not worth failing the run for
        }
      }
    }
    // The workbench reports 0 even when the host process died: wait briefly for code-server's own exit line.
    let hostExit;
    for (let i = 0; i < 40 && typeof result.code === 'number'; i++) {
      hostExit = server.hostExits().at(-1);
      if (hostExit) break;
      await sleep(100);
    }
    const resultsFile = path.join(o.outDir, 'results.json');
    try {
      results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    } catch {
      results = undefined;
    }
    if (interrupted) [exitCode, reason] = [130, 'interrupted'];
    else if (result.code === 'timeout') [exitCode, reason] = [2, `timed out after ${(o.timeoutMs / 1000).toFixed(0)} s`];
    else if (typeof result.code !== 'number') [exitCode, reason] = [3, String(result.code)];
    else if (hostExit && (hostExit.code !== '0' || hostExit.signal !== 'null')) [exitCode, reason] = [3, `extension host crashed (exit code ${hostExit.code}, signal ${hostExit.signal})`];
    else if (!hostExit) [exitCode, reason] = [3, 'code-server never logged the extension host exiting'];
    else if (!results) [exitCode, reason] = [3, `the suites wrote no results.json (run() exit code ${result.code}); see browser-console.log`];
    else if (result.code !== 0 || results.failed > 0) [exitCode, reason] = [1, `${results.failed} test(s) failed`];
    else if (results.total === 0) [exitCode, reason] = [1, 'no tests ran'];
    else [exitCode, reason] = [0, 'all tests passed'];
  } catch (e) {
    exitCode = interrupted ? 130 : e instanceof HarnessError ? e.exitCode : 3;
    reason = e instanceof HarnessError ? e.message : String(e?.stack ?? e);
  } finally {
    await cleanup();
    mark('cleanedUp');
  }
  return { exitCode, reason, results, timings, screenshots: driver?.screenshots ?? [] };
}
