// Drives a real VS Code: code-server (VS Code server + web workbench, run by Node 24 from the cache) on a free
// loopback port with a fresh profile, and headless Chromium (playwright-core) showing the workbench.
//
// Why it can run tests: a built workbench ignores the `payload` URL parameter (extensionDevelopmentPath,
// extensionTestsPath, extensionEnvironment) unless the server runs with the smoke-test-driver development option,
// which code-server passes through with `--vscode-option enable-smoke-test-driver`. With it the payload loads the
// extension into the remote Node extension host and runs extensionTestsPath/index.js#run(); when run() settles,
// the workbench calls window.codeAutomationExit(code, logs), which we expose from Playwright.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { HarnessError, sleep } from './util.mjs';

/** User settings for a quiet, deterministic workbench. `extra` (e.g. the extension's settings) wins. */
export function profileSettings(extra = {}) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.colorTheme': 'Default Light Modern',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'git.autofetch': false,
    'git.openRepositoryInParentFolders': 'never',
    'window.restoreWindows': 'none',
    ...extra,
  };
}

/** Creates a fresh profile (user data, extensions, code-server config) under `runDir`. */
export function createProfile(runDir, settings) {
  const profile = {
    userDataDir: path.join(runDir, 'data'),
    extensionsDir: path.join(runDir, 'extensions'),
    configFile: path.join(runDir, 'code-server.yaml'),
  };
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  fs.writeFileSync(profile.configFile, 'auth: none\ncert: false\n'); // never read ~/.config/code-server
  fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return profile;
}

/**
 * Installs a language pack for `locale` (e.g. `qps-ploc`) in the profile, so `--locale` takes effect. VS Code's server
 * resolves `--locale` through `languagepacks.json` in the user data folder (the index it keeps of installed language
 * packs: per language, the pack's hash, its extensions and a translation file per id). With no entry for the locale, or
 * when the entry's `vscode` translation file is missing, it falls back to English silently. With one, it writes the
 * workbench's messages for that language (the pack's translations over the English ones), the workbench runs in that
 * language and so do the extension hosts (`vscode.env.language`), which then load extensions' `bundle.l10n.<locale>.json`
 * and `package.nls.<locale>.json`. The pack written here translates none of VS Code's own strings: the workbench's are
 * English, only the extensions' bundles are localised. A real pack indexed the same way; nothing fetched.
 */
export function installLanguagePack(profile, locale) {
  const id = `harness.language-pack-${locale}`;
  const version = '1.0.0';
  const dir = path.join(profile.extensionsDir, `${id}-${version}`);
  const translation = path.join(dir, 'translations', 'main.i18n.json');
  fs.mkdirSync(path.dirname(translation), { recursive: true });
  const manifest = {
    name: `language-pack-${locale}`,
    publisher: 'harness',
    version,
    displayName: `Language pack ${locale} (test harness)`,
    engines: { vscode: '*' },
    categories: ['Language Packs'],
    contributes: { localizations: [{ languageId: locale, languageName: locale, localizedLanguageName: locale, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // The translation file format of VS Code's language packs: per module, its keys and their translated text.
  fs.writeFileSync(translation, `${JSON.stringify({ version: '1.0.0', contents: {} })}\n`);
  // The entry VS Code's own language-pack cache would write for this extension (hash: md5 of id and version).
  const hash = crypto.createHash('md5').update(id).update(version).digest('hex');
  const packs = { [locale]: { hash, extensions: [{ extensionIdentifier: { id }, version }], translations: { vscode: translation }, label: locale } };
  fs.writeFileSync(path.join(profile.userDataDir, 'languagepacks.json'), `${JSON.stringify(packs, null, 2)}\n`);
}

function serverEnv(extra = {}) {
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}' }; // no marketplace queries (offline anyway)
  for (const k of Object.keys(env)) {
    // Variables that would attach us to another VS Code / code-server instance, or reuse its port or password.
    if (k.startsWith('VSCODE_') || k.startsWith('CODE_SERVER_') || ['ELECTRON_RUN_AS_NODE', 'PORT', 'PASSWORD', 'HASHED_PASSWORD'].includes(k)) delete env[k];
  }
  return { ...env, ...extra }; // what the caller asks for on purpose (e.g. VSCODE_SKIP_BUILTIN_EXTENSIONS)
}

/**
 * Starts code-server in its own process group on 127.0.0.1:<free port>. Resolves once it listens. `vscodeOptions`
 * are VS Code server flags passed through (`disable-extension=ID`); `env` is added to the server's environment, which
 * its extension host inherits.
 * Returns { base, authority, child, output(), hostExits(), exited, stop() }.
 * @param {{ toolchain: { nodeBin: string, codeServerEntry: string }, profile: { configFile: string, userDataDir: string, extensionsDir: string }, workspace: string, smokeTestDriver: boolean, logFile: string, log: (...args: unknown[]) => void, vscodeOptions?: string[], env?: Record<string, string> }} options
 */
export async function startCodeServer({ toolchain, profile, workspace, smokeTestDriver, logFile, log, vscodeOptions = [], env = {}, workspaceTrust = false, locale }) {
  const args = [
    toolchain.codeServerEntry,
    '--config', profile.configFile,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0', // port 0: the kernel picks a free port, no race
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry', '--disable-update-check',
    // Workspace trust is off unless a run asks for Restricted Mode (the workspace then opens untrusted).
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(locale ? ['--locale', locale] : []),
    '--disable-getting-started-override', '--ignore-last-opened',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...vscodeOptions.flatMap((o) => ['--vscode-option', o]),
    workspace,
  ];
  const out = fs.createWriteStream(logFile);
  let text = '';
  const child = spawn(toolchain.nodeBin, args, { env: serverEnv(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.pid && groupAlive()) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        for (let i = 0; i < 50 && groupAlive(); i++) await sleep(100);
        if (groupAlive()) {
          log('code-server did not stop within 5 s: SIGKILL');
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      out.end();
    })());
  // Last resort if this process exits without awaiting stop(): never leave the group behind.
  process.once('exit', () => {
    if (child.pid && groupAlive()) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new HarnessError(`code-server did not listen within 60 s; see ${logFile}`)), 60_000);
    const onData = (chunk) => {
      out.write(chunk);
      text += chunk.toString();
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (e) => reject(new HarnessError(`code-server could not start: ${e.message}`)));
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new HarnessError(`code-server exited early (code ${code}, signal ${signal}); see ${logFile}`));
    });
  });
  return {
    base,
    authority: new URL(base).host,
    child,
    exited,
    stop,
    output: () => text,
    /** Every "Extension Host Process exited" line code-server logged so far: [{ code, signal }]. */
    hostExits: () => [...text.matchAll(/Extension Host Process exited with code: (\S+?),? signal: (\S+?)\.?$/gm)].map((m) => ({ code: m[1], signal: m[2] })),
  };
}

/** vscode-remote URI of an absolute path on the server, as the workbench loaded from `authority` expects it. */
export function remoteUri(authority, absPath) {
  return `vscode-remote://${authority}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/** The workbench URL that opens `workspace` with our extension (and optionally the tests) through the payload. */
export function workbenchUrl(server, workspace, { extensionPath, testsPath, env }) {
  const payload = [['extensionDevelopmentPath', remoteUri(server.authority, extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(server.authority, testsPath)]);
  if (env) payload.push(['extensionEnvironment', JSON.stringify(env)]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  return `${server.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Launches headless Chromium. Our own signal handlers close it (after cleanup), not Playwright's. */
export function launchBrowser(playwright, executablePath) {
  return playwright.chromium.launch({
    executablePath,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-extensions'],
  });
}

const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// Finds the first visible match of `make(frame)` in the page or, for scope 'frames', in any frame (webviews are
// nested iframes), polling until `timeoutMs`.
async function findVisible(page, scope, make, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const frames = scope === 'frames' ? page.frames() : [page.mainFrame()];
    for (const frame of frames) {
      try {
        const loc = make(frame).first();
        if (await loc.isVisible()) return loc;
      } catch {
        // frame detached while we looked: try the others
      }
    }
    if (Date.now() > end) throw new Error(`not visible after ${timeoutMs} ms: ${what}`);
    await sleep(150);
  }
}

async function isVisibleAnywhere(page, scope, make) {
  const frames = scope === 'frames' ? page.frames() : [page.mainFrame()];
  for (const frame of frames) {
    try {
      if (await make(frame).first().isVisible()) return true;
    } catch {
      // detached
    }
  }
  return false;
}

/** Runs one UI request from a suite (see UiRequest in test/integration/suite/helpers.ts) against the page. */
export async function performUi(page, req, screenshotDir) {
  const timeout = req.timeoutMs ?? 15_000;
  const scope = req.scope ?? 'page';
  const res = { ok: true };
  for (const text of asList(req.waitForText)) await findVisible(page, scope, (f) => f.getByText(text, { exact: false }), timeout, `text "${text}"`);
  for (const text of asList(req.absentText)) {
    if (await isVisibleAnywhere(page, scope, (f) => f.getByText(text, { exact: false }))) throw new Error(`text "${text}" is visible but must not be`);
  }
  if (req.hover) await (await findVisible(page, scope, (f) => f.locator(req.hover), timeout, req.hover)).hover({ timeout });
  if (req.click) {
    const loc = await findVisible(page, scope, (f) => f.locator(req.click), timeout, req.click);
    if (req.doubleClick) await loc.dblclick({ timeout, button: req.button ?? 'left' });
    else await loc.click({ timeout, button: req.button ?? 'left' });
  }
  if (req.type) await page.keyboard.type(req.type, { delay: 10 });
  for (const key of asList(req.press)) await page.keyboard.press(key);
  if (req.query) {
    res.texts = [];
    res.html = [];
    res.boxes = [];
    const frames = scope === 'frames' ? page.frames() : [page.mainFrame()];
    for (const frame of frames) {
      try {
        const loc = frame.locator(req.query);
        for (let i = 0, n = Math.min(await loc.count(), 50 - res.texts.length); i < n; i++) {
          res.texts.push(await loc.nth(i).innerText({ timeout: 2000 }));
          res.html.push((await loc.nth(i).evaluate((el) => el.outerHTML)).slice(0, 20_000));
          // What a reader can see of the element and how much it holds (scrollHeight > clientHeight: it scrolls).
          res.boxes.push(await loc.nth(i).evaluate((el) => {
            const r = el.getBoundingClientRect();
            return { width: r.width, height: r.height, clientHeight: el.clientHeight, scrollHeight: el.scrollHeight };
          }));
        }
      } catch {
        // detached frame
      }
    }
  }
  if (req.screenshot) {
    await page.waitForTimeout(req.settleMs ?? 300);
    const file = path.join(screenshotDir, `${String(req.name).replace(/[^\w.-]+/g, '_')}.png`);
    await page.screenshot({ path: file });
    res.file = file;
  }
  return res;
}

/**
 * A loopback HTTP endpoint the suites call (helpers.ts ui()/screenshot()) to act on the page. Requests run one at
 * a time, in arrival order. Guarded by a random token so nothing else on the machine can drive the browser.
 */
export async function startDriverEndpoint({ getPage, screenshotDir, log }) {
  const token = crypto.randomBytes(16).toString('hex');
  const screenshots = [];
  let queue = Promise.resolve();
  const server = http.createServer((req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/ui') return reply(404, { ok: false, error: 'not found' });
    if (req.headers['x-harness-token'] !== token) return reply(403, { ok: false, error: 'bad token' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      queue = queue.then(async () => {
        let request;
        try {
          request = JSON.parse(body);
        } catch {
          return reply(400, { ok: false, error: 'body is not JSON' });
        }
        const page = getPage();
        if (!page) return reply(503, { ok: false, error: 'no page yet' });
        try {
          const result = await performUi(page, request, screenshotDir);
          if (result.file) {
            screenshots.push(result.file);
            log(`screenshot ${path.relative(process.cwd(), result.file)}`);
          }
          reply(200, result);
        } catch (e) {
          const error = String(e?.message ?? e).split('\n')[0];
          log(`ui request "${request.name}" failed: ${error}`);
          let file;
          try {
            file = path.join(screenshotDir, `${String(request.name).replace(/[^\w.-]+/g, '_')}-error.png`);
            await page.screenshot({ path: file });
          } catch {
            file = undefined;
          }
          reply(200, { ok: false, error, file });
        }
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    screenshots,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
