// Test harness for the release panel in real Chromium: builds the webview bundle as it ships (scripts/lib/bundles.mjs),
// serves it from a local HTTP server inside the panel's real HTML shell and CSP
// (src/vscode/panel/html.ts) with a host stub injected before the bundle, and launches Debian's Chromium through
// playwright-core. Every request that does not go to the test server is recorded and aborted.

import * as esbuild from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { contentSecurityPolicy, createNonce, panelHtml } from '../../src/vscode/panel/html';
import type { HostMessage } from '../../webview/protocol';
import { webviewTestBuild } from '../../scripts/lib/bundles.mjs';

const ROOT = path.resolve(__dirname, '../..');

export interface Harness {
  url: string;
  browser: Browser;
  /** Requests that tried to leave the test server. */
  foreignRequests: string[];
  newPage(options?: { theme?: 'light' | 'dark' | 'hc'; width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

async function buildBundles(outdir: string): Promise<void> {
  // WV_NOMINIFY=1 keeps function names readable when profiling the page.
  await esbuild.build(webviewTestBuild(outdir, { hostStub: path.join(ROOT, 'test/webview/page/hostStub.ts') }, { minify: !process.env.WV_NOMINIFY }));
}

export async function startHarness(): Promise<Harness> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-webview-'));
  await buildBundles(outdir);
  const files: Record<string, { body: Buffer; type: string }> = {
    '/dist/webview.js': { body: fs.readFileSync(path.join(outdir, 'webview.js')), type: 'text/javascript' },
    '/dist/webview.css': { body: fs.readFileSync(path.join(outdir, 'webview.css')), type: 'text/css' },
    '/test/hostStub.js': { body: fs.readFileSync(path.join(outdir, 'hostStub.js')), type: 'text/javascript' },
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/panel.html') {
      const nonce = createNonce();
      const origin = `http://${req.headers.host ?? 'localhost'}`;
      const html = panelHtml({ cspSource: origin, nonce, scriptUri: '/dist/webview.js', styleUri: '/dist/webview.css' }).replace(
        '<script nonce=',
        `<script nonce="${nonce}" src="/test/hostStub.js"></script>\n<script nonce=`,
      );
      // The same policy as a header too, so it also binds anything the page might create before the meta tag.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy(origin, nonce) });
      res.end(html);
      return;
    }
    const f = files[url.pathname];
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f.type });
    res.end(f.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: 30_000,
  });
  const foreignRequests: string[] = [];
  const origin = new URL(url).origin;
  return {
    url,
    browser,
    foreignRequests,
    async newPage(options = {}) {
      const context = await browser.newContext({ viewport: { width: options.width ?? 1200, height: options.height ?? 800 } });
      await context.route('**/*', (route) => {
        const u = route.request().url();
        if (u.startsWith(`${origin}/`)) return route.continue();
        foreignRequests.push(u);
        return route.abort();
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.addInitScript((theme) => sessionStorage.setItem('theme', theme), options.theme ?? 'light');
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __host?: { posted: { type: string }[] } }).__host?.posted.some((m) => m.type === 'ready'));
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(outdir, { recursive: true, force: true });
    },
  };
}

/** Post a host message into the page (as VS Code's postMessage would). */
export async function send(page: Page, message: HostMessage): Promise<void> {
  await page.evaluate((m) => (window as unknown as { __host: { send(m: unknown): void } }).__host.send(m), message);
}

/** Wait until the flow graph has rendered at least `count` times; returns the page's own render time (ms). */
export async function waitForRender(page: Page, count: number): Promise<number> {
  await page.waitForFunction((n) => Number(document.getElementById('flow-canvas')?.dataset.renderCount ?? 0) >= n, count);
  return Number(await page.evaluate(() => document.getElementById('flow-canvas')?.dataset.renderMs ?? 'NaN'));
}

export interface HostRecord {
  posted: { type: string; [k: string]: unknown }[];
  violations: { directive: string; blocked: string; sample: string }[];
  pwned: number;
}

export function hostRecord(page: Page): Promise<HostRecord> {
  return page.evaluate(() => {
    const h = (window as unknown as { __host: HostRecord }).__host;
    return { posted: h.posted, violations: h.violations, pwned: h.pwned };
  });
}

/**
 * The lifecycle every Chromium suite shares, declared inside its `describe`: one harness (bundles, server, browser)
 * for the suite, and the page a test opened is closed after it. Tests open pages with `newPage()`.
 */
export function useHarness(): { harness(): Harness; newPage(options?: Parameters<Harness['newPage']>[0]): Promise<Page> } {
  let harness: Harness | undefined;
  let page: Page | undefined;
  before(async function () {
    this.timeout(180_000);
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
  });
  const get = (): Harness => {
    if (!harness) throw new Error('the webview harness is not started (useHarness() belongs inside a describe)');
    return harness;
  };
  return {
    harness: get,
    newPage: async (options) => (page = await get().newPage(options)),
  };
}

