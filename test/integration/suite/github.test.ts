// The GitHub backend inside real VS Code, on the GitHub test engine this suite starts (GitHub's REST description and
// GraphQL schema, over runs made up from this fixture's real commits): the 'github-demo' backend, as
// `npm run demo -- --backend github` wires it, labelled as demo data. The tree lists the repository, its workflow runs
// and their environments; the hover and the status bar say where HEAD is; the panel draws the run's environments and
// opens its notes; the hover and the Commit Deployments view show HEAD's deployment checks (the run's deploy jobs
// and the deployment status) with their Details links; and each action goes through the views' action commands to the engine, the next refresh showing
// the result: approve the deployment waiting for review, re-run the failed jobs, cancel a running run.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';
import { startFakeGitHub, type FakeGitHub } from '../../../src/fakes/github/server';
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

  it("the hover and the Commit Deployments view show HEAD's deployment checks with their Details links", async () => {
    const f = fixture();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: f.repoPath, encoding: 'utf8' });
    // A line HEAD wrote, in a file the fixture leaves as committed.
    const files = git('show', '--format=', '--name-only', 'HEAD').split('\n').filter((x) => x && x !== f.uncommitted.file);
    let at: { file: string; line: number } | undefined;
    for (const file of files) {
      const line = git('blame', '-l', '-s', '--', file).split('\n').findIndex((l) => l.startsWith(f.head));
      if (line >= 0) {
        at = { file, line };
        break;
      }
    }
    assert.ok(at, `a line of HEAD in ${files.join(', ')}`);
    const doc = await vscode.workspace.openTextDocument(path.join(f.repoPath, at.file));
    const editor = await vscode.window.showTextDocument(doc);
    const web = engine.apiUrl.replace(/\/api\/v3$/, '');
    const runs = `${web}/${engine.repository}/actions/runs/`;
    // The first hover starts fetching the checks and does not wait for them; a later one shows them.
    let last = '';
    const markdown = await waitFor(async () => {
      last = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(at.line, 0)));
      return last.includes('Checks:') ? last : undefined;
    }, 60_000, "the hover to show HEAD's checks").catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; the hover says: ${last.slice(0, 800)}`);
    });
    log(`GitHub hover with checks:\n${markdown}`);
    assert.ok(markdown.startsWith('**GitOps Releases** · demo data'), markdown.slice(0, 200));
    const line = markdown.split('\n').find((l) => l.startsWith('Checks:')) ?? '';
    const text = unescaped(line);
    assert.match(text, /\$\(pass-filled\) Deploy \/ staging \(\[Details\]\(/, text);
    assert.match(text, /\$\(debug-pause\) Deploy \/ production \(\[Details\]\(/, text);
    assert.match(text, /deploy\/production \(\[Details\]\(/, text);
    assert.ok(!/\bbuild\b|ci\/lint/.test(text), `only the checks about deployments: ${text}`);
    const links = [...line.matchAll(/\[Details\]\((\S+)/g)].map((m) => m[1]!);
    assert.equal(links.length, 3, line);
    assert.ok(links.slice(0, 2).every((l) => l.startsWith(runs)), `the jobs' Details open their logs: ${links.join(' ')}`);
    assert.equal(links[2], `${web}/${engine.repository}/deployments/activity_log?environments_filter=production`);

    // The view follows the cursor to HEAD's line: the product's Checks node, a row per check that opens its Details.
    editor.selection = new vscode.Selection(at.line, 0, at.line, 0);
    await vscode.commands.executeCommand('gitopsReleases.focusCommitView');
    const rows = await waitFor(() => {
      const v = api.commitView();
      return v.sha === f.head && v.rows.filter((r) => r.id.startsWith('check/')).length === 3 ? v.rows : undefined;
    }, 30_000, "the Commit Deployments view to show HEAD's checks").catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; it shows ${JSON.stringify(api.commitView().rows.map((r) => [r.id, r.description]))}`);
    });
    assert.equal(api.commitViewDescription()?.startsWith('Demo data'), true, api.commitViewDescription());
    const node = rows.find((r) => r.id === `checks/${engine.repository}`);
    assert.ok(node, 'a Checks node under the repository');
    // HEAD's run waits for a review before production, which the signed-in user may give: the row says so, with Approve.
    const production = rows.find((r) => r.label === 'production');
    assert.match(production?.description ?? '', /^Awaiting approval · waiting for your review/, JSON.stringify(production));
    assert.match(production?.contextValue ?? '', /\bcan-approve\b/, JSON.stringify(production));
    const approveLine = unescaped(markdown.split('\n').find((l) => l.includes('Awaiting approval')));
    assert.match(approveLine, /Awaiting approval: production \(.*waiting for your review · \[Approve\]\(command:gitopsReleases\.action\.approve\?/, approveLine);
    assert.equal(node.label, 'Checks');
    assert.equal(node.description, '1 Succeeded · 1 Suspended · 1 Pending');
    const checks = rows.filter((r) => r.id.startsWith('check/'));
    assert.deepEqual(checks.map((r) => [r.label, r.description.split(' · ')[0], r.icon, r.command]), [
      ['Deploy / staging', 'Succeeded', 'pass-filled', 'gitopsReleases.openCheckDetails'],
      ['Deploy / production', 'Suspended', 'debug-pause', 'gitopsReleases.openCheckDetails'],
      ['deploy/production', 'Pending', 'circle-large-outline', 'gitopsReleases.openCheckDetails'],
    ]);
    assert.ok(unescaped(checks[2]!.tooltip).includes('Waiting for review'), checks[2]!.tooltip);
    log(`Commit Deployments checks: ${checks.map((r) => `${r.label} (${r.description})`).join('; ')}`);
    if (hasDriver()) {
      // A picture for the record, not an assertion: the rows may be scrolled out of a short sidebar.
      const shot = await ui('github-commit-checks', { waitForText: 'Deploy / staging', screenshot: true, timeoutMs: 20_000 });
      log(shot.ok ? `Checks rows drawn${shot.file ? `: ${shot.file}` : ''}` : `Checks rows not seen on screen: ${shot.error ?? 'skipped'}`);
    }
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
    assert.match(sb.text, /awaiting approval for production/, sb.text);
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
