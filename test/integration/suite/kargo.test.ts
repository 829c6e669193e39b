// The Kargo backend inside real VS Code, on the fake Kargo server (made-up Freight over this fixture's real commits):
// the demo backend speaking Kargo's API, labelled as demo data; the tree shows Freight per Stage, the hover says how
// the commit is linked, the panel draws the Stages and the notes list the Freight's commit and image.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';
import { startFakeKargo, type FakeKargo } from '../../../src/fakes/kargo/server';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { isReleaseDetail } from '../../../src/core/model';
import { actionDriver, activateExtension, expectUi, fixture, hasDriver, log, ui, waitFor } from './helpers';


function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('Kargo backend (VS Code, on the fake Kargo server)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;
  let fake: FakeKargo;
  const config = () => vscode.workspace.getConfiguration('gitopsReleases');
  let original: { api?: string; url?: string; backend?: string } = {};

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
    fake = await startFakeKargo({ repoPath: fixture().repoPath });
    original = {
      api: config().inspect<string>('demo.api')?.workspaceValue,
      url: config().inspect<string>('demo.serverUrl')?.workspaceValue,
      backend: config().inspect<string>('backend')?.workspaceValue,
    };
    await config().update('backend', 'demo', vscode.ConfigurationTarget.Workspace);
    await config().update('demo.api', 'kargo', vscode.ConfigurationTarget.Workspace);
    await config().update('demo.serverUrl', fake.url, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.backendState().state === 'ready' && api.backendState().detail.includes(fake.url), 30_000, 'the Kargo fake to be the backend');
    await api.refresh();
    await waitFor(() => api.snapshot().some((p) => p.product.name === 'kargo-demo' && p.releases.length > 0), 30_000, 'Freight from the fake');
    await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config().update('demo.serverUrl', original.url, vscode.ConfigurationTarget.Workspace);
    await config().update('demo.api', original.api, vscode.ConfigurationTarget.Workspace);
    await config().update('backend', original.backend ?? 'demo', vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.backendState().state === 'ready' && !api.backendState().detail.includes(fake.url), 30_000, 'the extension to leave the Kargo fake');
    await fake.close();
  });

  it('is labelled demo data, offers what Kargo can do, and follows the watch streams', async () => {
    assert.equal(api.backendState().backendId, 'demo');
    assert.equal(api.treeDescription(), 'Demo data');
    const keys = api.capabilityKeys();
    assert.equal(keys['gitopsReleases.can.updates'], 'stream');
    for (const a of ['promote', 'approve', 'abort', 'verify']) assert.equal(keys[`gitopsReleases.can.${a}`], true, a);
    const releases = () => api.snapshot().find((p) => p.product.name === 'kargo-demo')?.releases ?? [];
    const newest = releases()[0];
    assert.ok(newest);
    assert.equal(newest.environments.find((e) => e.name === 'dev')?.status, 'RUNNING');
    // The promotion into dev finishes on the server: the stream tells the extension, which refreshes by itself.
    for (let i = 0; i < 6; i++) fake.advance();
    await waitFor(() => releases()[0]?.environments.find((e) => e.name === 'dev')?.status === 'SUCCEEDED', 30_000, 'the pushed change to show');
  });

  it('the tree: the project, its Freight newest first, one row per Stage with its status', async () => {
    const top = api.treeChildren();
    const product = top.find((r) => r.label === 'kargo-demo');
    assert.ok(product, JSON.stringify(top.map((r) => r.label)));
    const rows = api.treeChildren(product.id).filter((r) => r.id.startsWith('r/'));
    const releases = api.snapshot().find((p) => p.product.name === 'kargo-demo')?.releases ?? [];
    assert.ok(rows.length > 0);
    // A Freight is named by its alias (the model's version); its id stays in the row's id and tooltip.
    assert.equal(rows[0]?.label, releases[0]?.version);
    assert.equal(rows[0]?.id, `r/kargo-demo/${releases[0]?.id}`);
    // The tooltip is Markdown: the id in it is escaped.
    assert.ok(rows[0]?.tooltip?.replace(/\\/g, '').includes(releases[0]?.id ?? '?'), `${rows[0]?.tooltip} names the id ${releases[0]?.id}`);
    const stages = api.treeChildren(rows[0]?.id).map((r) => r.label);
    for (const s of ['dev', 'qa', 'staging', 'prod']) assert.ok(stages.includes(s), `${s} in ${JSON.stringify(stages)}`);
  });

  it('the hover says where HEAD is and that the Freight names it by its exact commit', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(fixture().repoPath, 'README.md'));
    await vscode.window.showTextDocument(doc);
    const text = await waitFor(async () => {
      const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 0)));
      return t.includes('kargo-demo') && !/loading/i.test(t) ? t : undefined;
    }, 60_000, 'a settled hover naming kargo-demo');
    assert.ok(text.startsWith('**GitOps Releases** · demo data'), text.slice(0, 200));
    assert.match(text, /linked by exact sha/);
    for (const s of ['dev', 'prod']) assert.ok(text.includes(s), `${s} in the hover`);
  });

  it('HEAD, carried by the newest Freight only through its image, is linked by the revision annotation', async () => {
    const newest = fake.data.freight[0];
    assert.ok(newest?.imageOnly, 'the newest Freight has only an image');
    const sha = newest.commits[0]?.sha ?? '';
    assert.equal(sha, fixture().head);
    const answer = await api.whereDeployed(path.join(fixture().repoPath, 'README.md'), sha);
    const envs = answer?.products.find((p) => p.product === 'kargo-demo')?.environments ?? [];
    const linked = envs.filter((e) => e.link !== undefined);
    assert.ok(linked.length > 0, JSON.stringify(envs));
    assert.deepEqual(
      linked.filter((e) => e.environment === 'dev').map((e) => [e.containment, e.link]),
      [['trigger', 'image-revision']],
      JSON.stringify(linked.map((e) => [e.environment, e.containment, e.link])),
    );
  });

  it('HEAD\'s Freight, verified in dev and promoted nowhere else, is not yet downstream: hover, status bar, Commit Deployments', async () => {
    const f = fixture();
    const newest = () => api.snapshot().find((p) => p.product.name === 'kargo-demo')?.releases[0];
    // The first test finished its promotion into dev; wait until the Freight is verified there.
    await waitFor(() => newest()?.environments.find((e) => e.name === 'dev')?.status === 'SUCCEEDED', 30_000, 'HEAD\'s Freight verified in dev');
    const answer = await api.whereDeployed(path.join(f.repoPath, 'README.md'), f.head);
    const envs = answer?.products.find((p) => p.product === 'kargo-demo')?.environments ?? [];
    assert.equal(envs.find((e) => e.environment === 'dev')?.state, 'deployed', JSON.stringify(envs));
    for (const s of ['qa', 'staging', 'prod']) assert.equal(envs.find((e) => e.environment === s)?.state, 'not-yet', `${s}: ${JSON.stringify(envs)}`);
    // A line HEAD wrote, with the cursor on it, so the status bar and Commit Deployments follow it.
    const git = (...args: string[]) => execFileSync('git', args, { cwd: f.repoPath, encoding: 'utf8' });
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
    editor.selection = new vscode.Selection(at.line, 0, at.line, 0);
    let hover = '';
    await waitFor(async () => {
      hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(at.line, 0))).replace(/\\(.)/g, '$1');
      return hover.includes('kargo-demo') && !/loading/i.test(hover) ? hover : undefined;
    }, 60_000, 'a settled hover for HEAD').catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; the hover says: ${hover.slice(0, 600)}`);
    });
    assert.match(hover, /Not yet: qa, staging, prod/, hover);
    assert.doesNotMatch(hover, /On its way: (qa|staging|prod)/, hover);
    const head = f.head.slice(0, 7);
    const sb = await waitFor(() => {
      const v = api.statusBar();
      return v?.text.includes(head) ? v : undefined;
    }, 30_000, `the status bar for ${head}`);
    assert.match(sb.text, /kargo-demo in dev/, sb.text);
    assert.doesNotMatch(sb.text, /going to/, sb.text);
    await vscode.commands.executeCommand('gitopsReleases.focusCommitView');
    const rows = await waitFor(() => {
      const v = api.commitView();
      return v.sha === f.head && v.rows.some((r) => r.label === 'prod') ? v.rows : undefined;
    }, 30_000, 'Commit Deployments for HEAD');
    for (const s of ['qa', 'staging', 'prod']) assert.match(rows.find((r) => r.label === s)?.description ?? '', /^Not yet/, s);
    log(`Kargo HEAD: ${sb.text}; ${rows.map((r) => `${r.label}: ${r.description}`).join('; ')}`);
  });

  it('the panel draws the Stages of a Freight and its notes list the commit and the image', async () => {
    const release = api.snapshot().find((p) => p.product.name === 'kargo-demo')?.releases.find((r) => r.triggerCommit?.link === 'exact-sha' && r.environments.some((e) => e.name === 'prod' && e.status === 'SUCCEEDED'));
    assert.ok(release, 'a Freight promoted to prod');
    await api.loadRelease(release.id);
    const loaded = api.snapshot().find((p) => p.product.name === 'kargo-demo')?.releases.find((r) => r.id === release.id);
    assert.ok(loaded && isReleaseDetail(loaded));
    assert.deepEqual(loaded.steps.find((s) => s.environment === 'prod')?.preWorkflows.map((w) => w.templateName), ['git-clone', 'kustomize-set-image', 'git-open-pr', 'wait-for-approval', 'argocd-update']);
    await vscode.commands.executeCommand('gitopsReleases.openRelease', 'kargo-demo', release.id);
    const info = await waitFor(() => api.panels().find((p) => p.releaseId === release.id && p.ready && p.posts > 0), 60_000, 'the panel to load');
    assert.equal(info.lastError, undefined);
    assert.ok(info.demoNotice, 'the panel carries the demo banner');
    await vscode.commands.executeCommand('gitopsReleases.openReleaseNotes', 'kargo-demo', release.id);
    await waitFor(() => api.panels().find((p) => p.releaseId === release.id && p.tab === 'notes'), 10_000, 'the notes tab');
    if (hasDriver()) {
      const canvas = await waitFor(async () => {
        const r = expectUi(await ui('kargo-panel-notes', { scope: 'frames', waitForText: 'Code commits', query: 'section.notes-section', timeoutMs: 45_000 }), 'the notes');
        return r.texts?.join('\n');
      }, 60_000, 'the notes to render');
      assert.ok(canvas.includes(release.triggerCommit?.sha.slice(0, 7) ?? '?'), 'the Freight commit is listed');
      assert.match(canvas, /ghcr\.io\/example\//, 'the image is listed');
      log('Kargo notes rendered');
    }
  });

  describe('actions, through the views\' commands', () => {
    const releases = () => api.snapshot().find((p) => p.product.name === 'kargo-demo')?.releases ?? [];
    const env = (id: string, stage: string) => releases().find((r) => r.id === id)?.environments.find((e) => e.name === stage);

    const { act } = actionDriver(() => api);

    it('promote and abort: the Stage row offers them, the promotion starts and stops', async () => {
      const r = releases().find((x) => env(x.id, 'qa')?.actions?.includes('promote') && env(x.id, 'dev')?.active);
      assert.ok(r, 'a Freight in dev that may go to qa');
      api.treeChildren();
      api.treeChildren('p/kargo-demo');
      const row = api.treeChildren(`r/kargo-demo/${r.id}`).find((x) => x.label === 'qa');
      assert.match(row?.contextValue ?? '', /can-promote/);
      await act('promote', r.id, 'qa', /^Promote kargo-demo .+ to qa\?$/, /^Promoting .+ to qa \(Promotion .+\)\.$/);
      await waitFor(() => env(r.id, 'qa')?.status === 'RUNNING', 30_000, 'qa to show the promotion running');
      await act('abort', r.id, 'qa', /^Abort kargo-demo .+ in qa\?$/, /^Aborted the promotion of .+ to qa\.$/);
      await waitFor(() => env(r.id, 'qa')?.status === 'TERMINATED', 30_000, 'qa to show the promotion aborted');
    });

    it('approve: a Freight not verified upstream may then be promoted to prod', async () => {
      const r = releases().find((x) => env(x.id, 'prod')?.actions?.includes('approve'));
      assert.ok(r, 'a Freight prod cannot take yet');
      await act('approve', r.id, 'prod', /^Approve kargo-demo .+ for prod\?$/, /^Approved .+ for prod\.$/);
      await waitFor(() => env(r.id, 'prod')?.actions?.includes('promote'), 30_000, 'prod to offer promote');
    });

    it('verify: the verification of the Freight in prod runs again', async () => {
      const r = releases().find((x) => env(x.id, 'prod')?.actions?.includes('verify'));
      assert.ok(r, 'the Freight in prod');
      await act('verify', r.id, 'prod', /^Re-run the verification of kargo-demo .+ in prod\?$/, /^Re-running the verification of .+ in prod\.$/);
      await waitFor(() => env(r.id, 'prod')?.status === 'RUNNING', 30_000, 'prod to show the verification running');
    });

    it('a refused action is said plainly: 403 from the role, 409 from a conflict', async () => {
      const r = releases().find((x) => env(x.id, 'staging')?.actions?.includes('promote'));
      assert.ok(r);
      fake.setFaults([{ kind: 'status', status: 403, operation: 'PromoteToStage', message: 'promotions is forbidden for role viewer' }]);
      const denied = await act('promote', r.id, 'staging', /^Promote kargo-demo .+ to staging\?$/, /^Could not promote/);
      assert.match(denied, /your Kargo role does not allow this \(HTTP 403: promotions is forbidden for role viewer\)/);
      fake.setFaults([{ kind: 'status', status: 409, operation: 'PromoteToStage', message: 'a promotion to Stage "staging" is already running' }]);
      const conflict = await act('promote', r.id, 'staging', /^Promote kargo-demo .+ to staging\?$/, /^Could not promote/);
      assert.match(conflict, /Kargo refused because of a conflict \(HTTP 409: a promotion to Stage "staging" is already running\)/);
      fake.setFaults([]);
    });
  });
});
