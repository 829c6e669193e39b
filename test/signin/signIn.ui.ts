// Signing in to GitHub the way a user does, in a real VS Code workbench (code-server, not in extension-test mode, so
// VS Code's own consent dialog is shown and clicked like any other), driven by headless Chromium.
//
// Why not in the integration suites: in extension-test mode VS Code refuses every dialog ("DialogService: refused to
// show dialog in tests"), including the one that asks whether an extension may use an account, so an extension there
// can never be given another provider's session. Here the extension is installed as a user has it (a folder in the
// extensions directory), and VS Code's GitHub Enterprise sign-in (which needs a real server's OAuth pages) is replaced
// by a test provider under the same id (test/signin/authProvider) that hands out the GitHub test engine's token. VS
// Code's own provider (the built-in GitHub Authentication extension registers both GitHub ids whenever it starts) is
// left out with VS Code's VSCODE_SKIP_BUILTIN_EXTENSIONS, since code-server does not pass --disable-extension on.
// The workspace is a checkout whose origin is on the engine's host, as a clone from a GitHub Enterprise Server is.
//
// What a user would notice is what is asserted: the welcome's "Sign In to GitHub", VS Code's consent dialog, the
// notifications, the repository in the Product Releases tree with the account in the view's description, Sign Out,
// and the Accounts menu's own Sign Out. The test provider's call log says which scopes the extension asked for.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import type * as Playwright from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { startFakeGitHub, type FakeGitHub } from '../../src/fakes/github/server';
import { testExtensionBuild } from '../../scripts/lib/bundles.mjs';
import { ensureToolchain, loadPlaywright } from '../../scripts/lib/cache.mjs';
import { createProfile, launchBrowser, profileSettings, startCodeServer } from '../../scripts/lib/code-server.mjs';
import { buildExtension, makeFixture } from '../../scripts/lib/session.mjs';
import { BROWSER_PACKAGES, ensureSystemPackages, findChromium } from '../../scripts/lib/system.mjs';
import { freshArtifactsDir, makeLog, ROOT } from '../../scripts/lib/util.mjs';

const log = makeLog('test:signin');
const OUT = path.join(ROOT, '.artifacts', 'signin');
/** How long a step may take to show on a loaded two-core machine; a wait ends as soon as the state shows. */
const STEP_MS = 60_000;

interface AuthCall {
  call: 'getSessions' | 'createSession' | 'removeSession';
  scopes?: string[];
  sessions?: number;
}

type CodeServer = Awaited<ReturnType<typeof startCodeServer>>;

describe('Sign in to GitHub Enterprise through VS Code (a real workbench, VS Code\'s own consent dialog)', function () {
  this.timeout(180_000);
  let engine: FakeGitHub;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let runDir: string;
  let fixture: ReturnType<typeof makeFixture> | undefined;
  let authLog: string;
  let login: string;
  /** Where the extension keeps its saved answers (its global storage in the server's user data). */
  let storageDir: string;

  const authCalls = (): AuthCall[] =>
    fs.existsSync(authLog)
      ? fs
          .readFileSync(authLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as AuthCall)
      : [];
  const created = () => authCalls().filter((c) => c.call === 'createSession');
  const savedAnswers = (): string[] => (fs.existsSync(storageDir) ? fs.readdirSync(storageDir).filter((n) => /^releases-.*\.json$/.test(n)) : []);

  /** Polls `ok` until it holds, failing with `what` after STEP_MS. */
  async function until(ok: () => boolean, what: string): Promise<void> {
    const end = Date.now() + STEP_MS;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`not within ${STEP_MS} ms: ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The Product Releases pane: its header (title, description) and its body (welcome or tree). */
  const releasesPane = (): Locator => page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: 'Product Releases' }) });
  const welcome = (): Locator => releasesPane().locator('.welcome-view-content');
  const toast = (text: string | RegExp): Locator => page.locator('.notifications-toasts .notification-list-item-message', { hasText: text });
  const consentDialog = (): Locator => page.locator('.monaco-dialog-box');
  const productRow = (): Locator => releasesPane().locator('.monaco-list-row', { hasText: engine.repository });

  async function signInFromWelcome(): Promise<void> {
    await welcome().getByRole('button', { name: 'Sign In to GitHub' }).click();
  }

  async function runCommand(title: string): Promise<void> {
    await page.locator('.monaco-workbench').focus();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor({ state: 'visible', timeout: STEP_MS });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: STEP_MS });
    await page.keyboard.press('Enter');
  }

  async function dismissToasts(): Promise<void> {
    // Old notifications would otherwise answer the next step's wait for a toast.
    await runCommand('Notifications: Clear All Notifications');
    await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached', timeout: STEP_MS });
  }

  before(async function () {
    // A fresh machine installs code-server and Node 24 first (about 3 minutes, more under load).
    this.timeout(900_000);
    ensureSystemPackages([...BROWSER_PACKAGES, 'git'], log);
    const toolchain = await ensureToolchain(log);
    freshArtifactsDir(OUT);
    await buildExtension(log);
    fixture = makeFixture(OUT, log);
    engine = await startFakeGitHub({ repoPath: fixture.dir });
    login = (engine.store.user() as { login: string }).login;
    const web = engine.apiUrl.replace(/\/api\/v3$/, '');
    // A clone from the Enterprise Server: the repository is the workspace's own remote, with its workflow files.
    execFileSync('git', ['-C', fixture.dir, 'remote', 'add', 'origin', `${web}/${engine.repository}.git`]);
    log(`GitHub test engine at ${web}, repository ${engine.repository}, user ${login}`);

    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-signin-'));
    authLog = path.join(runDir, 'auth-calls.jsonl');
    const profile = createProfile(runDir, profileSettings({ 'gitopsReleases.github.enterprise': true, 'github-enterprise.uri': web }));
    // The extension as a user has it: a folder in the extensions directory (this checkout, linked).
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    storageDir = path.join(profile.userDataDir, 'User', 'globalStorage', `${manifest.publisher}.${manifest.name}`);
    fs.symlinkSync(ROOT, path.join(profile.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
    const providerDir = path.join(profile.extensionsDir, 'gitops-releases-tests.test-github-enterprise-sign-in-0.0.1');
    fs.mkdirSync(providerDir);
    fs.copyFileSync(path.join(ROOT, 'test', 'signin', 'authProvider', 'package.json'), path.join(providerDir, 'package.json'));
    await build(testExtensionBuild('test/signin/authProvider/extension.ts', path.join(providerDir, 'extension.js')));

    server = await startCodeServer({
      toolchain,
      profile,
      workspace: fixture.dir,
      smokeTestDriver: false,
      logFile: path.join(OUT, 'code-server.log'),
      log,
      env: { VSCODE_SKIP_BUILTIN_EXTENSIONS: 'vscode.github-authentication', GITOPS_TEST_AUTH_TOKEN: engine.token, GITOPS_TEST_AUTH_LOGIN: login, GITOPS_TEST_AUTH_LOG: authLog },
    });
    const playwright = (await loadPlaywright()) as typeof Playwright;
    const chromium: Browser = await launchBrowser(playwright, findChromium());
    browser = chromium;
    page = await (await chromium.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const console = fs.createWriteStream(path.join(OUT, 'browser-console.log'));
    page.on('console', (m) => console.write(`[console.${m.type()}] ${m.text()}\n`));
    await page.goto(`${server.base}/?folder=${encodeURIComponent(fixture.dir)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    log(`workbench up at ${server.base}`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const file = path.join(OUT, `failed-${(this.currentTest.title || 'test').replace(/[^\w.-]+/g, '_').slice(0, 80)}.png`);
      await page.screenshot({ path: file }).catch(() => undefined);
      log(`screenshot ${path.relative(ROOT, file)}`);
    }
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await engine?.close();
    fixture?.remove();
    if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
    assert.deepEqual(engine?.violations ?? [], [], "every answer of the test engine fits GitHub's REST description");
  });

  it('a new user finds "Sign In to GitHub" in the GitOps Releases view', async () => {
    await page.locator('.part.activitybar [aria-label^="GitOps Releases"]').first().click();
    await welcome().getByText('No release backend is configured').waitFor({ timeout: STEP_MS });
    await welcome().getByRole('button', { name: 'Sign In to GitHub' }).waitFor({ timeout: STEP_MS });
    assert.deepEqual(created(), [], 'nothing asked the provider for a session yet');
  });

  it('declining VS Code\'s consent changes nothing, and the notification says the sign-in was cancelled', async () => {
    await signInFromWelcome();
    const dialog = consentDialog();
    await dialog.getByText(/The extension 'GitOps Releases' wants to sign in using/).waitFor({ timeout: STEP_MS });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await toast('Sign-in to GitHub Enterprise was cancelled; nothing changed.').waitFor({ timeout: STEP_MS });
    await welcome().getByText('No release backend is configured').waitFor({ timeout: STEP_MS });
    assert.deepEqual(created(), [], 'no session was created');
    await dismissToasts();
  });

  it('allowing it: the extension asks only for the repo scope, says who signed in, and lists the repository', async () => {
    await signInFromWelcome();
    await consentDialog().getByRole('button', { name: 'Allow' }).click();
    await toast(`signed in to GitHub Enterprise as ${login}`).waitFor({ timeout: STEP_MS });
    assert.deepEqual(created().map((c) => c.scopes), [['repo']], 'one session, with the one scope the README names');
    await productRow().waitFor({ timeout: STEP_MS });
    // A real backend: the view names the account, and nothing calls this demo data.
    const header = releasesPane().locator('.pane-header');
    await header.getByText(`signed in as ${login}`).waitFor({ timeout: STEP_MS });
    assert.ok(!(await header.innerText()).includes('Demo data'), `the header does not call it demo data: ${await header.innerText()}`);
    // The repository's workflow runs, from the engine, under it.
    // A lone product starts expanded; otherwise the user opens it.
    if ((await productRow().getAttribute('aria-expanded')) !== 'true') await productRow().locator('.monaco-tl-twistie').click();
    const runs = releasesPane().locator('.monaco-list-row[aria-level="2"]');
    // Until the first answer the product holds one "Loading releases…" row: wait for the runs themselves.
    await runs.nth(1).waitFor({ timeout: STEP_MS });
    const listed = await runs.allInnerTexts();
    assert.ok(listed.length >= 2 && !listed.some((t) => /Loading releases/.test(t)), `the runs are listed: ${listed.join(' | ')}`);
    // The answer is saved for the next start, under this account.
    await until(() => savedAnswers().length > 0, `a saved answer in ${storageDir}`);
    await dismissToasts();
  });

  it('Sign Out stops using the session, says where the account itself is signed out, and shows the welcome again', async () => {
    // The palette offers Sign Out only when signed in: with a GitHub session that was never so before.
    await runCommand('GitOps Releases: Sign Out');
    await toast(/no longer uses GitHub Enterprise .*Accounts menu/).waitFor({ timeout: STEP_MS });
    await welcome().getByRole('button', { name: 'Sign In to GitHub' }).waitFor({ timeout: STEP_MS });
    assert.equal(authCalls().filter((c) => c.call === 'removeSession').length, 0, "VS Code's session is left to VS Code");
    assert.deepEqual(savedAnswers(), [], 'the saved answer of that account is deleted');
    await dismissToasts();
  });

  it('signing in again uses the account VS Code already allowed, without asking twice', async () => {
    await signInFromWelcome();
    await toast(`signed in to GitHub Enterprise as ${login}`).waitFor({ timeout: STEP_MS });
    await productRow().waitFor({ timeout: STEP_MS });
    assert.equal(created().length, 1, 'the existing session was reused, no second one created');
    await dismissToasts();
  });

  it('signing out of the account in the Accounts menu takes the view back to its welcome', async () => {
    await page.locator('.part.activitybar [aria-label^="Accounts"]').first().click();
    const account = page.locator('.monaco-menu .action-item', { hasText: login }).first();
    await account.waitFor({ timeout: STEP_MS });
    await account.hover();
    const signOut = page.locator('.monaco-menu .action-item', { hasText: /^Sign Out$/ }).first();
    await signOut.hover();
    await page.keyboard.press('Enter');
    const dialog = consentDialog();
    await dialog.getByText(new RegExp(`'${login}' has been used by`)).waitFor({ timeout: STEP_MS });
    await dialog.getByRole('button', { name: 'Sign Out' }).click();
    await welcome().getByRole('button', { name: 'Sign In to GitHub' }).waitFor({ timeout: STEP_MS });
    assert.equal(authCalls().filter((c) => c.call === 'removeSession').length, 1, 'the provider was asked to remove the session');
  });
});
