// The release panel inside real VS Code: opened from the demo backend through the extension's commands, the webview
// renders the flow (one node per environment) and the notes, one panel per release, and pictures in a light and a
// dark theme go to the run's screenshots.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { isReleaseDetail, type ReleaseDetail } from '../../../src/core/model';
import { flowOrder } from '../../../src/core/flow';
import { PANEL_VIEW_TYPE } from '../../../webview/protocol';
import { recordFigure } from './figures';
import { activateExtension, expectUi, hasDriver, log, screenshot, ui, waitFor } from './helpers';

function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes(PANEL_VIEW_TYPE));
}

describe('release panel (VS Code)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;
  let productName = '';
  let release: ReleaseDetail;

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
    const data = await waitFor(() => (api.snapshot().some((p) => p.releases.length) ? api.snapshot() : undefined), 60_000, 'demo releases');
    // Prefer a failed release (it shows the failure flag), else one with several environments.
    const candidates = data.flatMap((p) => p.releases.map((r) => ({ p: p.product.name, r })));
    const pick = candidates.find((c) => c.r.status === 'FAILED') ?? candidates.sort((a, b) => b.r.environments.length - a.r.environments.length)[0];
    assert.ok(pick, 'a release to open');
    productName = pick.p;
    await api.loadRelease(pick.r.id);
    const loaded = api.snapshot().find((p) => p.product.name === productName)?.releases.find((r) => r.id === pick.r.id);
    assert.ok(loaded && isReleaseDetail(loaded), 'release detail loaded');
    release = loaded;
    log(`panel suite: release ${release.id} of ${productName} (${release.status}, ${release.steps.length} environments)`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a demo release: the webview renders one node per environment and the notes, one panel per release', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const opened = Date.now();
    await vscode.commands.executeCommand('gitopsReleases.openRelease', productName, release.id);
    const info = await waitFor(() => api.panels().find((p) => p.releaseId === release.id && p.ready && p.posts > 0), 60_000, 'the panel to load its model');
    assert.equal(info.productName, productName);
    assert.equal(info.lastError, undefined);
    assert.equal(panelTabs().length, 1);
    // The webview tells the host when Mermaid's graph is on screen: a printed figure, never a timed assertion.
    const drawn = await waitFor(() => api.panels().find((p) => p.releaseId === release.id && p.graphsDrawn > 0), 60_000, 'the webview to report the flow graph drawn');
    recordFigure({ name: 'release panel: command → graph drawn', ms: drawn.firstGraphDrawnAt! - opened, goalMs: 800, note: `${release.steps.length} environments, a new panel` });

    if (hasDriver()) {
      const envs = release.steps.map((s) => s.environment);
      // The webview counts the environment nodes of the SVG it drew (data-env-nodes on the canvas).
      const tag = await waitFor(async () => {
        const canvas = expectUi(await ui('panel-graph', { scope: 'frames', waitForText: 'Release notes', query: '#flow-canvas[data-env-nodes]', timeoutMs: 45_000 }), 'the flow graph in the webview');
        return /^<div[^>]*>/.exec(canvas.html?.[0] ?? '')?.[0];
      }, 60_000, 'the webview to draw the flow');
      assert.match(tag, new RegExp(`data-env-nodes="${envs.length}"`), `canvas: ${tag}`);
      const listed = expectUi(await ui('panel-envs', { scope: 'frames', query: '#flow-summary li' }), 'the environment list');
      assert.deepEqual(listed.texts?.map((t) => t.split(':')[0]), flowOrder(release.steps.map((st) => ({ name: st.environment, dependsOn: st.dependsOn }))).map((n) => n.name));
    }

    // Opening the same release again (notes tab) reveals the panel instead of creating another.
    await vscode.commands.executeCommand('gitopsReleases.openReleaseNotes', productName, release.id);
    await waitFor(() => api.panels().find((p) => p.releaseId === release.id && p.tab === 'notes'), 10_000, 'the panel to switch to its notes tab');
    assert.equal(api.panels().filter((p) => p.releaseId === release.id).length, 1);
    assert.equal(panelTabs().length, 1);
    if (hasDriver()) {
      const notes = expectUi(
        await ui('panel-notes', { scope: 'frames', waitForText: 'Code commits', query: 'section.notes-section', timeoutMs: 45_000 }),
        'the notes tab in the webview',
      );
      // The sections with something in them (empty ones are left out, named in one line below them).
      assert.ok(notes.texts?.length && notes.texts.length <= 6, `${notes.texts?.length} notes sections`);
    }
  });

  it('opens a commit of the release notes: its changes in the multi-file diff editor', async function () {
    if (!hasDriver()) this.skip();
    await vscode.commands.executeCommand('gitopsReleases.openReleaseNotes', productName, release.id);
    await waitFor(() => api.panels().find((p) => p.releaseId === release.id && p.ready && p.tab === 'notes'), 60_000, 'the notes tab');
    const link = 'section[data-section="commits"] .commit-link';
    const clicked = expectUi(
      await ui('panel-open-commit', { scope: 'frames', waitForText: 'Code commits', query: link, click: `${link} >> nth=0`, timeoutMs: 45_000 }),
      'a commit of the release notes',
    );
    const opened = await waitFor(() => api.panels().find((p) => p.releaseId === release.id)?.openedCommits[0], 30_000, 'the commit to be opened');
    assert.match(opened.sha, /^[0-9a-f]{40}$/);
    const short = opened.sha.slice(0, 7);
    // The text was read when the element was found, which can be before the notes tab is laid out (then it is empty).
    const text = clicked.texts?.[0]?.trim();
    if (text) assert.equal(text, short, 'the link clicked names the commit opened');
    assert.equal(opened.via, 'diff', 'the demo commits are in the workspace repository, so their diff opens');
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.startsWith(short)), 30_000, 'the diff editor');
    log(`panel suite: commit ${short} opened in "${tab.label}"`);
  });

  it('survives hide and show: the re-created webview restores its state and asks for fresh data', async () => {
    await vscode.commands.executeCommand('gitopsReleases.openRelease', productName, release.id);
    const before = await waitFor(() => api.panels().find((p) => p.releaseId === release.id && p.ready && p.posts > 0), 60_000, 'the panel');
    // Another editor in the same group hides the panel (its webview is not retained while hidden).
    const doc = await vscode.workspace.openTextDocument({ content: 'hide the panel', language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Active });
    await waitFor(() => api.panels().find((p) => p.releaseId === release.id && !p.visible), 15_000, 'the panel to be hidden');
    await vscode.commands.executeCommand('gitopsReleases.openRelease', productName, release.id);
    const after = await waitFor(() => api.panels().find((p) => p.releaseId === release.id && p.visible && p.posts > before.posts), 60_000, 'the shown panel to load again');
    assert.equal(after.lastError, undefined);
    assert.equal(panelTabs().length, 1);
    if (hasDriver()) {
      const listed = await waitFor(async () => {
        const r = expectUi(await ui('panel-shown-again', { scope: 'frames', waitForText: 'Release notes', query: '#flow-summary li' }), 'the environment list');
        return r.texts?.length ? r.texts : undefined;
      }, 45_000, 'the environments after show');
      assert.equal(listed.length, release.steps.length);
    }
  });

  it('follows the theme: pictures of the panel in a light and a dark theme', async () => {
    const config = vscode.workspace.getConfiguration('workbench');
    const original = config.get<string>('colorTheme');
    try {
      for (const [id, theme] of [['light', 'Default Light Modern'], ['dark', 'Default Dark Modern']] as const) {
        await config.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await vscode.commands.executeCommand('gitopsReleases.openRelease', productName, release.id);
        const info = await waitFor(() => api.panels().find((p) => p.releaseId === release.id && p.ready), 30_000, 'the panel');
        assert.equal(info.lastError, undefined);
        const first = release.steps[0]?.environment ?? '';
        if (!hasDriver()) continue;
        expectUi(await screenshot(`release-panel-${id}`, { scope: 'frames', waitForText: first, settleMs: 1500, timeoutMs: 45_000 }), `panel ${id} screenshot`);
      }
    } finally {
      await config.update('colorTheme', original, vscode.ConfigurationTarget.Global);
    }
  });
});
