// Helpers for integration suites running INSIDE the VS Code extension host (code-server's Node host or desktop
// VS Code through @vscode/test-electron). The driver outside VS Code (scripts/test-vscode.mjs) owns the browser
// showing the workbench; suites reach it over loopback HTTP (HARNESS_DRIVER_URL) to take screenshots, check the
// DOM and make real clicks/key presses. Without a driver (desktop runs) those calls resolve { skipped: true }.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import * as vscode from 'vscode';
import type { GitopsReleasesApi } from '../../../src/vscode/api';

/** The extension under test. */
export const EXTENSION_ID = 'gitops-releases.gitops-releases';

/** Activates the extension under test and waits until its backend is set up and has answered once. */
export async function activateExtension(timeoutMs = 120_000): Promise<GitopsReleasesApi> {
  const ext = vscode.extensions.getExtension<GitopsReleasesApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  const api = await ext.activate();
  await api.whenReady(timeoutMs);
  return api;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `pred` every 100 ms until it returns a truthy value (returned), or throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(pred: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await pred();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (e) {
      lastError = e; // a predicate that throws is "not yet"; its last error is reported on timeout
    }
    if (Date.now() > end) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(100);
  }
}

/** Resolves with `promise`, or rejects after `ms` naming `what`. */
export async function withTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A line in the live run output (mocha.log, streamed by the driver). console.log in the extension host is not. */
export function log(...args: unknown[]): void {
  const line = util.format(...args);
  const outDir = process.env.HARNESS_OUT_DIR;
  if (outDir) fs.appendFileSync(path.join(outDir, 'mocha.log'), `      ${line}\n`);
  else console.log(line);
}

/** What the driver should do in the real workbench page, in this order. All optional. */
export interface UiRequest {
  /** Text(s) that must become visible first (a DOM assertion). Case-insensitive substring match. */
  waitForText?: string | string[];
  /** Text that must NOT be visible (checked after waitForText); fails the request if it is. */
  absentText?: string | string[];
  /** Playwright selector to hover, e.g. 'role=treeitem[name="checkout"]'. */
  hover?: string;
  /** Playwright selector to click (a real mouse click). */
  click?: string;
  /** Mouse button / click count for `click`. */
  button?: 'left' | 'right';
  doubleClick?: boolean;
  /** Text typed with the keyboard (into whatever has focus). */
  type?: string;
  /** Key(s) to press, e.g. 'Escape', 'Enter', 'Control+Shift+P'. */
  press?: string | string[];
  /** CSS/Playwright selector whose matches are returned as `texts` / `html` (DOM check). */
  query?: string;
  /** Where text/selectors are looked up: the workbench page (default) or every frame including webviews. */
  scope?: 'page' | 'frames';
  /** Take a PNG afterwards (default true for screenshot(), false for ui()). */
  screenshot?: boolean;
  /** Wait this long before the picture, so animations settle (default 300 ms). */
  settleMs?: number;
  /** Budget for each wait in this request (default 15 s). */
  timeoutMs?: number;
}

export interface UiResult {
  ok: boolean;
  /** True when no driver is attached (desktop VS Code run): nothing was done. */
  skipped?: boolean;
  error?: string;
  /** Absolute path of the PNG, when one was taken. */
  file?: string;
  /** innerText of each `query` match (max 50). */
  texts?: string[];
  /** outerHTML of each `query` match (max 50, each cut at 20,000 characters). */
  html?: string[];
  /** Geometry of each `query` match in CSS px: its box, its visible inner height and the height of its content. */
  boxes?: { width: number; height: number; clientHeight: number; scrollHeight: number }[];
}

/** True when a driver with a browser is attached (code-server run), i.e. ui()/screenshot() really act. */
export function hasDriver(): boolean {
  return Boolean(process.env.HARNESS_DRIVER_URL);
}

/** Sends one request to the driver (DOM checks, real input, optional screenshot named `name`). */
export async function ui(name: string, opts: UiRequest = {}): Promise<UiResult> {
  const base = process.env.HARNESS_DRIVER_URL;
  if (!base) return { ok: false, skipped: true };
  const budget = (opts.timeoutMs ?? 15_000) * 4 + 15_000; // several waits per request, plus the picture
  const res = await withTimeout(
    fetch(`${base}/ui`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-harness-token': process.env.HARNESS_DRIVER_TOKEN ?? '' },
      body: JSON.stringify({ name, screenshot: false, ...opts }),
    }),
    budget,
    `driver answer to "${name}"`,
  );
  if (!res.ok) return { ok: false, error: `driver HTTP ${res.status}: ${await res.text()}` };
  return (await res.json()) as UiResult;
}

/** ui() that also takes a PNG named `name` (in the run's screenshot folder). */
export function screenshot(name: string, opts: UiRequest = {}): Promise<UiResult> {
  return ui(name, { screenshot: true, ...opts });
}

/** Asserts a ui()/screenshot() result: throws with the driver's error unless it succeeded or no driver is attached. */
export function expectUi(result: UiResult, what: string): UiResult {
  if (!result.ok && !result.skipped) throw new Error(`${what}: ${result.error ?? 'driver request failed'}`);
  return result;
}

/** One commit of the generated fixture repository (test/fixtures/workspace-gen). */
export interface FixtureCommit {
  sha: string;
  label: string;
  branch: string;
  subject: string;
  author: string;
  email: string;
  date: string;
  merge: boolean;
}

/** Facts about the generated fixture workspace, so suites look commits up by label instead of hard-coding SHAs. */
export interface FixtureManifest {
  repoPath: string;
  head: string;
  branch: string;
  commits: FixtureCommit[];
  byLabel: Record<string, string>;
  hostileText: string;
  uncommitted: { file: string; line: number; text: string };
  openBranch: string;
}

let manifestCache: FixtureManifest | undefined;

/** The fixture manifest written by the runner (HARNESS_FIXTURE_MANIFEST). Throws when the run has none. */
export function fixture(): FixtureManifest {
  if (manifestCache) return manifestCache;
  const file = process.env.HARNESS_FIXTURE_MANIFEST;
  if (!file) throw new Error('HARNESS_FIXTURE_MANIFEST is not set: run the suites through npm run test:vscode / test:electron');
  manifestCache = JSON.parse(fs.readFileSync(file, 'utf8')) as FixtureManifest;
  return manifestCache;
}

/** Base URL of the demo server the run started (GraphQL at `${url}/2.0/api/graphql`), or undefined. */
export function demoServerUrl(): string | undefined {
  return process.env.GITOPS_DEMO_SERVER_URL || undefined;
}

/** An open prompt of the extension: a quick pick or an input box. */
type Prompt = vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox;

/**
 * Runs a release action the way a user does: the action command on an environment, Enter on its confirmation prompt,
 * then the message the extension shows. Shared by the backend suites that drive actions; `extension` gives the
 * activated extension's API (read when a step runs: suites activate it in `before`).
 */
export function actionDriver(extension: () => GitopsReleasesApi) {
  /** The extension's prompt titled like `title`, once it is open. */
  const prompt = async (title: RegExp): Promise<Prompt> =>
    waitFor(() => {
      const p = extension().activePrompt();
      return p && title.test(p.title ?? '') ? p : undefined;
    }, 15_000, `a prompt titled ${title}`);

  /** Enter on the open prompt until it closes (an Enter sent before the workbench shows it is lost). */
  const accept = async (open: Prompt): Promise<void> => {
    const api = extension();
    for (let i = 0; i < 20 && api.activePrompt() === open; i++) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await waitFor(() => api.activePrompt() !== open, 1_000, 'the prompt to close').catch(() => undefined);
    }
    assert.notEqual(api.activePrompt(), open, `the prompt "${open.title ?? ''}" did not accept Enter`);
  };

  /** Run an action command on an environment of a release, confirm it, and wait for what the extension says. */
  const act = async (action: string, releaseId: string, environment: string, title: RegExp, said: RegExp): Promise<string> => {
    const api = extension();
    const before = api.shownMessages().length;
    // Not awaited: after a failure the command waits for the error notification's button.
    void vscode.commands.executeCommand(`gitopsReleases.action.${action}`, { releaseId, environment });
    await accept(await prompt(title));
    const message = await waitFor(() => api.shownMessages().slice(before).find((m) => said.test(m.text)), 30_000, `a message like ${said} (shown: ${JSON.stringify(api.shownMessages().slice(before))})`);
    return message.text;
  };

  return { prompt, accept, act };
}
