// The GitHub backend inside real VS Code, on the GitHub test engine this suite starts (GitHub's REST description and
// GraphQL schema, over runs made up from this fixture's real commits): the 'github-demo' backend, as
// `npm run demo -- --backend github` wires it, labelled as demo data. The tree lists the repository, its workflow runs
// and their environments; the hover and the status bar say where HEAD is; the panel draws the run's environments and
// opens its notes; and each action goes through the views' action commands to the engine, the next refresh showing
// the result: approve the deployment waiting for review, re-run the failed jobs, cancel a running run.

import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { startFakeGitHub, type FakeGitHub } from '../../../src/backends/github/fake/server';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { isReleaseDetail, type ReleaseSummary } from '../../../src/core/model';
import { actionDriver, activateExtension, expectUi, fixture, hasDriver, log, ui, waitFor } from './helpers';


function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Markdown as a reader sees it: without the backslashes that escape its punctuation. */
const unescaped = (markdown: string | undefined): string => (markdown ?? '').replace(/\\(.)/g, '$1');

describe('GitHub backend (VS Code, on the GitHub test engine)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;
  let engine: FakeGitHub;
  const config = () => vscode.workspace.getConfiguration('gitopsReleases');
  let original: { backend?: string; url?: string } = {};
  const releases = (): ReleaseSummary[] => api.snapshot().find((p) => p.product.name === engine.repository)?.releases ?? [];
  const release = (id: string) => releases().find((r) => r.id === id);
  const env = (id: string, name: string) => release(id)?.environments.find((e) => e.name === name);
  /** The workflow run on HEAD (the newest run; a lone deployment may be listed beside it). */
  const headRun = () => releases().find((r) => r.id.includes('/runs/') && r.triggerCommit?.sha === fixture().head);

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
    engine = await startFakeGitHub({ repoPath: fixture().repoPath });
    original = {
      backend: config().inspect<string>('backend')?.workspaceValue,
      url: config().inspect<string>('github.demoServerUrl')?.workspaceValue,
    };
    await config().update('github.demoServerUrl', engine.apiUrl, vscode.ConfigurationTarget.Workspace);
    await config().update('backend', 'github-demo', vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.backendState().backendId === 'github-demo' && api.backendState().state === 'ready', 60_000, 'the GitHub test engine to be the backend');
    await api.refresh();
    await waitFor(() => releases().length > 0, 60_000, `runs of ${engine.repository} from the engine`);
    log(`GitHub backend: ${api.backendState().detail}; ${releases().length} runs of ${engine.repository}`);
    await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config().update('github.demoServerUrl', original.url, vscode.ConfigurationTarget.Workspace);
    await config().update('backend', original.backend ?? 'demo', vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.backendState().state === 'ready' && api.backendState().backendId !== 'github-demo', 30_000, 'the extension to leave the GitHub test engine');
    await engine.close();
    assert.deepEqual(engine.violations, [], "every answer of the test engine fits GitHub's REST description");
  });

  it('is labelled demo data and offers what GitHub can do', () => {
    assert.equal(api.treeDescription(), 'Demo data');
    const keys = api.capabilityKeys();
    for (const a of ['approve', 'reject', 'retry', 'abort']) assert.equal(keys[`gitopsReleases.can.${a}`], true, a);
    for (const a of ['promote', 'verify']) assert.equal(keys[`gitopsReleases.can.${a}`], false, a);
  });

  it('the tree: the repository, its runs newest first, one row per environment with its status', () => {
    const product = api.treeChildren().find((r) => r.label === engine.repository);
    assert.ok(product, `a row for ${engine.repository} in ${JSON.stringify(api.treeChildren().map((r) => r.label))}`);
    const rows = api.treeChildren(product.id).filter((r) => r.id.startsWith('r/'));
    const runs = releases();
    assert.ok(rows.length >= 3, `the runs are listed: ${JSON.stringify(rows.map((r) => r.label))}`);
    assert.deepEqual(rows.map((r) => r.id), runs.slice(0, rows.length).map((r) => `r/${engine.repository}/${r.id}`), 'the rows follow the runs, newest first');
    // The run on HEAD, its production deployment waiting for a reviewer.
    const head = headRun();
    assert.ok(head, `a run on HEAD among ${JSON.stringify(runs.map((r) => [r.id, r.triggerCommit?.sha.slice(0, 7)]))}`);
    assert.equal(head.status, 'SUSPENDED');
    const envRows = api.treeChildren(`r/${engine.repository}/${head.id}`);
    const staging = envRows.find((r) => r.label === 'staging');
    const production = envRows.find((r) => r.label === 'production');
    assert.ok(staging && production, JSON.stringify(envRows.map((r) => r.label)));
    assert.match(production.contextValue ?? '', /can-approve/);
    assert.doesNotMatch(staging.contextValue ?? '', /can-approve/);
    assert.ok(runs.some((r) => r.status === 'FAILED'), 'a failed run is listed');
  });

  it('the hover says where HEAD is deployed: staging yes, production waiting for review', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(fixture().repoPath, 'README.md'));
    await vscode.window.showTextDocument(doc);
    let last = '';
    const text = await waitFor(async () => {
      last = unescaped(hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 0))));
      return last.includes(engine.repository) && !/loading/i.test(last) ? last : undefined;
    }, 60_000, `a settled hover naming ${engine.repository}`).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; the hover says: ${last.slice(0, 600)}`);
    });
    assert.ok(text.startsWith('**GitOps Releases** · demo data'), text.slice(0, 200));
    for (const s of ['staging', 'production']) assert.ok(text.includes(s), `${s} in the hover: ${text.slice(0, 600)}`);
    const answer = await api.whereDeployed(path.join(fixture().repoPath, 'README.md'), fixture().head);
    const envs = answer?.products.find((p) => p.product === engine.repository)?.environments ?? [];
    assert.equal(envs.find((e) => e.environment === 'staging')?.state, 'deployed', JSON.stringify(envs));
    assert.notEqual(envs.find((e) => e.environment === 'production')?.state, 'deployed', JSON.stringify(envs));
  });

  it('the status bar shows HEAD on GitHub data, labelled demo', async () => {
    const head = fixture().head.slice(0, 7);
    const sb = await waitFor(() => {
      const s = api.statusBar();
      return s && s.text.includes(head) && unescaped(s.tooltip).includes(engine.repository) ? s : undefined;
    }, 30_000, `the status bar item for ${head} naming ${engine.repository}`).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; it shows ${JSON.stringify(api.statusBar())}`);
    });
    assert.match(sb.text, /^\$\([a-z~-]+\) Demo · [0-9a-f]{7}/, sb.text);
    assert.ok(sb.tooltip?.startsWith('**GitOps Releases** · demo data'), sb.tooltip);
    assert.ok(sb.tooltip?.includes('staging'), sb.tooltip);
  });

  it('the panel draws the run\'s environments and opens its notes', async () => {
    const run = headRun();
    assert.ok(run, 'the run on HEAD');
    await api.loadRelease(run.id);
    const loaded = release(run.id);
    assert.ok(loaded && isReleaseDetail(loaded), 'the run loads in detail');
    assert.deepEqual(loaded.steps.map((s) => s.environment), ['staging', 'production']);
    await vscode.commands.executeCommand('gitopsReleases.openRelease', engine.repository, run.id);
    const info = await waitFor(() => api.panels().find((p) => p.releaseId === run.id && p.ready && p.posts > 0), 60_000, 'the panel to load');
    assert.equal(info.lastError, undefined);
    assert.ok(info.demoNotice, 'the panel carries the demo banner');
    if (hasDriver()) {
      const flow = expectUi(await ui('github-panel-flow', { scope: 'frames', waitForText: ['staging', 'production'], screenshot: true, timeoutMs: 45_000 }), 'the flow');
      log(`GitHub flow rendered${flow.file ? `: ${flow.file}` : ''}`);
    }
    await vscode.commands.executeCommand('gitopsReleases.openReleaseNotes', engine.repository, run.id);
    await waitFor(() => api.panels().find((p) => p.releaseId === run.id && p.tab === 'notes'), 10_000, 'the notes tab');
    if (hasDriver()) {
      const notes = await waitFor(async () => {
        const r = expectUi(await ui('github-panel-notes', { scope: 'frames', waitForText: 'Code commits', query: 'section.notes-section', screenshot: true, timeoutMs: 45_000 }), 'the notes');
        return r.texts?.join('\n');
      }, 60_000, 'the notes to render');
      assert.match(notes, /Code commits/);
      assert.ok(notes.includes(fixture().head.slice(0, 7)), 'the run\'s commit is in its notes');
      log(`GitHub notes: ${notes.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    // HEAD is "SHOP-171: Release 1.4 notes (#44)": GitHub names its pull request, with GitHub's title and link.
    const web = engine.apiUrl.replace(/\/api\/v3$/, '');
    const pr44 = { key: '#44', title: 'SHOP-171: Release 1.4 notes', url: `${web}/${engine.repository}/pull/44`, source: 'backend' };
    const withPr = await waitFor(() => api.panels().find((p) => p.releaseId === run.id && p.notePullRequests.some((x) => x.key === '#44' && x.source === 'backend')), 60_000, 'the notes to list GitHub\'s pull request #44').catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; the notes list ${JSON.stringify(api.panels().find((p) => p.releaseId === run.id)?.notePullRequests)}`);
    });
    assert.deepEqual(withPr.notePullRequests.find((x) => x.key === '#44'), pr44);
    if (hasDriver()) {
      const rows = expectUi(await ui('github-panel-notes-prs', { scope: 'frames', waitForText: '#44', query: 'section.notes-section[data-section="pullRequests"] li', timeoutMs: 45_000 }), 'the pull requests');
      const row = rows.texts?.find((t) => t.includes('#44'));
      assert.ok(row?.includes(pr44.title), `#44 with GitHub's title: ${JSON.stringify(rows.texts)}`);
      assert.ok(!row?.includes('local git'), `#44 comes from GitHub, not the local history: ${row}`);
      log(`GitHub pull requests in the notes: ${JSON.stringify(rows.texts)}`);
    }
    assert.equal(api.panels().find((p) => p.releaseId === run.id)?.lastError, undefined);
  });

  describe('actions, through the views\' commands', () => {
    const { act } = actionDriver(() => api);

    /** Refresh until `done` holds: the change is on GitHub, the next refresh shows it. */
    const shows = async (done: () => boolean, what: string): Promise<void> => {
      await waitFor(async () => {
        if (done()) return true;
        await api.refresh();
        return done();
      }, 30_000, what);
    };

    it('approve: the deployment waiting for review in production goes ahead', async () => {
      const r = releases().find((x) => env(x.id, 'production')?.actions?.includes('approve'));
      assert.ok(r, 'a run waiting for review in production');
      await act('approve', r.id, 'production', /^Approve .+ for production\?$/, /^Approved the deployment of .+ to production$/);
      await shows(() => env(r.id, 'production')?.status === 'SUCCEEDED' && release(r.id)?.status === 'SUCCEEDED', 'production to show the approved deployment');
      assert.ok(!env(r.id, 'production')?.actions?.includes('approve'), 'nothing is left to approve');
      const production = api.treeChildren(`r/${engine.repository}/${r.id}`).find((x) => x.label === 'production');
      assert.doesNotMatch(production?.contextValue ?? '', /can-approve/);
    });

    it('retry: the failed jobs of a failed run run again and succeed', async () => {
      const r = releases().find((x) => x.status === 'FAILED' && env(x.id, 'production')?.actions?.includes('retry'));
      assert.ok(r, 'a run that failed in production');
      await act('retry', r.id, 'production', /^Re-run what failed of .+ in production\?$/, /^Re-running the failed jobs of .+$/);
      await shows(() => release(r.id)?.status === 'SUCCEEDED' && env(r.id, 'production')?.status === 'SUCCEEDED', 'the re-run to show as succeeded');
    });

    it('abort: a running run is cancelled', async () => {
      // A run that is deploying to production right now, on the engine: the run, its job and its deployment.
      const run = engine.store.runs.at(-2);
      assert.ok(run);
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      Object.assign(run, { status: 'in_progress', conclusion: null, updatedAt: now });
      const job = run.jobs.find((j) => j.environment === 'production');
      assert.ok(job);
      Object.assign(job, { status: 'in_progress', conclusion: null, completedAt: null });
      const deployment = engine.store.deployments.filter((d) => d.runId === run.id && d.environment === 'production').at(-1);
      assert.ok(deployment);
      deployment.statuses.push({ state: 'in_progress', createdAt: now, description: '' });
      deployment.updatedAt = now;
      const id = releases().find((r) => r.id.endsWith(`/runs/${run.id}`))?.id;
      assert.ok(id, `run ${run.id} is listed: ${JSON.stringify(releases().map((r) => [r.id, r.version]))}`);
      await shows(() => env(id, 'production')?.status === 'RUNNING' && Boolean(env(id, 'production')?.actions?.includes('abort')), 'production to show the run deploying');
      await act('abort', id, 'production', /^Abort .+ in production\?$/, /^Cancelling .+$/);
      await shows(() => release(id)?.status === 'TERMINATED' && env(id, 'production')?.status !== 'RUNNING', 'the run to show as cancelled');
      assert.equal(run.conclusion, 'cancelled', 'the engine cancelled the run');
    });
  });
});
