// Demo data is labelled as demo in a real VS Code: the status bar, the Product Releases and Commit Deployments view
// descriptions, the hover title, the release panel banner; "Open in Codefresh" and links to invented hosts are not
// offered. Without a backend setting the extension has no backend and its welcome offers sign-in and the demo.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { DEMO_NOTICE } from '../../../src/present/demoPanel';
import { releaseName } from '../../../src/present/releaseLabel';
import { activateExtension, expectUi, fixture, hasDriver, log, ui, waitFor } from './helpers';

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Our hover at a position, once it has settled (the first answer may be a time-boxed "loading"). */
async function settledHover(uri: vscode.Uri, line: number): Promise<string> {
  return waitFor(
    async () => {
      const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 0)));
      return text.includes('GitOps Releases') && !/loading/i.test(text) ? text : undefined;
    },
    30_000,
    `a settled hover at ${path.basename(uri.fsPath)}:${line + 1}`,
  );
}

describe('demo label (VS Code)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
    await waitFor(() => api.backendState().backendId === 'demo' && api.storeState().lastSuccessAt, 60_000, 'the demo backend to have answered');
    await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the Product Releases view says "Demo data" in its title bar', async () => {
    await waitFor(() => api.treeDescription() === 'Demo data', 15_000, `the tree description (it is ${JSON.stringify(api.treeDescription())})`);
    if (hasDriver()) {
      const headers = await waitFor(async () => {
        const r = expectUi(await ui('demo-tree-description', { waitForText: 'Product Releases', query: '.pane-header' }), 'the view headers');
        return r.texts?.find((t) => t.includes('Product Releases') && t.includes('Demo data'));
      }, 30_000, 'the Product Releases header to show "Demo data"');
      log(`Product Releases header: ${headers.replace(/\s+/g, ' ')}`);
    }
  });

  it('the status bar item starts with the demo label, in its text, tooltip and accessible label', async () => {
    const f = fixture();
    const sb = await waitFor(() => {
      const s = api.statusBar();
      return s && s.text.includes(f.head.slice(0, 7)) && s.tooltip?.includes('GitOps Releases') ? s : undefined;
    }, 30_000, 'the status bar item with its tooltip');
    assert.match(sb.text, /^\$\([a-z~-]+\) Demo · [0-9a-f]{7}/, sb.text);
    assert.ok(sb.tooltip?.startsWith('**GitOps Releases** · demo data'), sb.tooltip);
    assert.match(sb.accessibilityLabel ?? '', /^GitOps Releases \(demo data\), commit [0-9a-f]{7}[.:] /);
    if (hasDriver()) {
      const items = await waitFor(async () => {
        const r = expectUi(await ui('demo-status-bar', { query: '#workbench\\.parts\\.statusbar .statusbar-item' }), 'the status bar items');
        const i = r.texts?.findIndex((t) => t.includes(`Demo · `) && t.includes(f.head.slice(0, 7))) ?? -1;
        return i >= 0 ? { text: r.texts?.[i] ?? '', html: r.html?.[i] ?? '' } : undefined;
      }, 30_000, 'the status bar item to show "Demo ·"');
      assert.match(items.html, /aria-label="GitOps Releases \(demo data\), commit [0-9a-f]{7}/, items.html.slice(0, 500));
    }
  });

  it('the hover title says "demo data"', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(fixture().repoPath, 'README.md'));
    await vscode.window.showTextDocument(doc);
    const text = await settledHover(doc.uri, 0);
    assert.ok(text.startsWith('**GitOps Releases** · demo data · [Copy sha]'), text.slice(0, 200));
  });

  it('the Commit Deployments view says "Demo data" before the commit it shows', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(fixture().repoPath, 'README.md'));
    const ed = await vscode.window.showTextDocument(doc);
    ed.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('gitopsReleases.focusCommitView');
    const description = await waitFor(() => {
      const d = api.commitViewDescription();
      return d && /^Demo data · [0-9a-f]{7}$/.test(d) ? d : undefined;
    }, 30_000, `the Commit Deployments description (it is ${JSON.stringify(api.commitViewDescription())})`);
    assert.ok(description.includes(api.commitView().sha?.slice(0, 7) ?? '?'), description);
    if (hasDriver()) {
      await waitFor(async () => {
        const r = expectUi(await ui('demo-commit-description', { waitForText: 'Commit Deployments', query: '.pane-header' }), 'the view headers');
        return r.texts?.some((t) => t.includes('Commit Deployments') && t.includes(description));
      }, 30_000, 'the Commit Deployments header to show the demo label');
    }
  });

  it('the release panel shows the demo banner and no link to an invented host', async () => {
    const data = api.snapshot();
    const p = data.find((x) => x.releases.length > 0);
    assert.ok(p, 'a product with releases');
    const rel = p.releases[0]!;
    await vscode.commands.executeCommand('gitopsReleases.openReleaseNotes', p.product.name, rel.id);
    const info = await waitFor(() => api.panels().find((x) => x.releaseId === rel.id && x.ready && x.posts > 0 && x.demoNotice), 60_000, 'the panel to post a model with the demo notice');
    assert.equal(info.demoNotice, DEMO_NOTICE);
    if (hasDriver()) {
      const banner = await waitFor(async () => {
        const r = expectUi(await ui('demo-panel-banner', { scope: 'frames', waitForText: 'Demo data: made up', query: '#demo-notice', screenshot: true, timeoutMs: 45_000 }), 'the demo banner in the webview');
        return r.texts?.find((t) => t.trim() === DEMO_NOTICE);
      }, 60_000, 'the demo banner text');
      assert.equal(banner.trim(), DEMO_NOTICE);
      // The notes tab lists the demo's Jira issues and image workflows; none of them is a link to a made-up host.
      // Sections with something in them are drawn (empty ones are left out): the demo's notes have code commits.
      await waitFor(async () => (await ui('demo-panel-notes', { scope: 'frames', query: 'section.notes-section' })).texts?.some((t) => t.includes('Code commits')), 45_000, 'the notes sections');
      const links = expectUi(await ui('demo-panel-links', { scope: 'frames', query: '#app a[href]' }), 'the panel links');
      const hrefs = (links.html ?? []).map((h) => /href="([^"]*)"/.exec(h)?.[1] ?? '');
      log(`panel links: ${hrefs.length} (${hrefs.slice(0, 5).join(', ')})`);
      assert.deepEqual(hrefs.filter((h) => /\.invalid([/:?#]|$)/i.test(h)), []);
    }
  });

  it('"Open in Codefresh" is not offered for a demo release', async () => {
    const data = api.snapshot();
    const p = data.find((x) => x.releases.length > 0)!;
    const rel = p.releases[0]!;
    const before = api.shownMessages().length;
    // Run anyway (from a keybinding, say), it says why instead of opening the demo server's JSON 404.
    await vscode.commands.executeCommand('gitopsReleases.openInCodefresh', p.product.name, rel.id);
    const said = api.shownMessages().slice(before);
    assert.ok(said.some((m) => /no Codefresh page/.test(m.text)), JSON.stringify(said));
    if (hasDriver()) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
      const sidebar = '#workbench\\.parts\\.sidebar';
      const productRow = `${sidebar} [role=treeitem][aria-level="1"]:has-text(${JSON.stringify(p.product.name)})`;
      // A release row reads by its version; its accessible label starts with the product and the version.
      const releaseRows = `${sidebar} [role=treeitem][aria-level="2"][aria-label^=${JSON.stringify(`${p.product.name} release ${releaseName(rel)},`)}]`;
      const shown = await ui('demo-release-rows', { waitForText: p.product.name, query: releaseRows });
      if (!shown.texts?.length) {
        // Expand the product with a real click on its row (product rows run no command).
        expectUi(await ui('demo-expand-product', { click: `${productRow} >> nth=0` }), 'expanding the product');
        await waitFor(async () => ((await ui('demo-release-rows-after', { query: releaseRows })).texts?.length ?? 0) > 0, 30_000, 'the release row');
      }
      // A real right-click opens the row's context menu: "Copy Release Id" is there, "Open in Codefresh" is not.
      const menu = await ui('demo-release-menu', { click: `${releaseRows} >> nth=0`, button: 'right', screenshot: true });
      try {
        expectUi(menu, 'the context menu of a release row');
        expectUi(await ui('demo-release-menu-items', { waitForText: 'Copy Release Id', absentText: 'Open in Codefresh' }), 'the menu items');
      } finally {
        await ui('demo-release-menu-close', { press: 'Escape' });
      }
    }
  });

  it('the context keys say what the demo backend can do: no web page to open', () => {
    const keys = api.capabilityKeys();
    assert.equal(keys['gitopsReleases.can.openWebPage'], false);
    assert.equal(keys['gitopsReleases.can.workflows'], true);
    assert.equal(keys['gitopsReleases.can.updates'], 'poll');
    assert.equal(keys['gitopsReleases.can.approve'], false);
  });

  it('with gitopsReleases.backend unset there is no backend, and the welcome offers sign-in and the demo', async () => {
    const config = vscode.workspace.getConfiguration('gitopsReleases');
    const inspected = config.inspect<string>('backend');
    assert.equal(inspected?.defaultValue, 'none');
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    const original = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
    try {
      await config.update('backend', undefined, target);
      await waitFor(() => api.backendState().state === 'no-backend', 30_000, `the no-backend state (it is ${api.backendState().state})`);
      assert.equal(api.backendState().backendId, undefined);
      // No backend, nothing to offer.
      for (const [key, value] of Object.entries(api.capabilityKeys())) assert.ok(value === false || value === '', `${key} is ${String(value)}`);
      assert.equal(api.treeDescription(), undefined);
      await waitFor(() => api.statusBar() === undefined, 15_000, 'the status bar item to hide');
      if (hasDriver()) {
        await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
        expectUi(
          await ui('demo-welcome', { waitForText: ['No release backend is configured', 'Sign In to Codefresh', 'Try the Demo Backend'], absentText: 'Demo data', screenshot: true, timeoutMs: 30_000 }),
          'the welcome view',
        );
      }
    } finally {
      await config.update('backend', original, target);
      await waitFor(() => api.backendState().state === 'ready' && api.backendState().backendId === 'demo', 60_000, 'back to the demo backend');
      await waitFor(() => api.storeState().lastSuccessAt, 60_000, 'the demo data again');
    }
  });
});
