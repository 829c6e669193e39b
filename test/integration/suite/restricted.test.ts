// Restricted Mode in a real VS Code (`npm run test:vscode -- --restricted`: workspace trust on, the fixture workspace
// not trusted, and its .vscode/settings.json pointing the restricted settings somewhere else: a demo server URL that
// answers nothing, a CA file and a web URL template). The extension activates, answers from the user's own settings
// (the harness's demo server) in the views and the hover, takes none of the workspace's restricted values, and both
// answer views say so. Only this suite runs in that session; the other suites run with trust off.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { activateExtension, demoServerUrl, fixture, log, waitFor } from './helpers';

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('Restricted Mode (VS Code, untrusted workspace)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;
  let workspaceSettings: Record<string, string>;

  before(async function () {
    this.timeout(180_000);
    const file = path.join(fixture().repoPath, '.vscode', 'settings.json');
    workspaceSettings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    api = await activateExtension();
  });

  it('the workspace is not trusted and the extension is active in it', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs only in an untrusted workspace (npm run test:vscode -- --restricted)');
    assert.ok(vscode.extensions.getExtension('gitops-releases.gitops-releases')?.isActive, 'the extension activated in Restricted Mode');
  });

  it("takes none of the workspace's restricted settings: the releases come from the user's demo server", async () => {
    const userUrl = demoServerUrl();
    assert.ok(userUrl, 'the harness set the demo server URL in the user settings');
    const state = await waitFor(() => (api.backendState().state === 'ready' && api.storeState().lastSuccessAt ? api.backendState() : undefined), 60_000, 'the demo backend to answer');
    assert.ok(state.detail.includes(userUrl), `the backend in use is the user's demo server (${state.detail})`);
    const s = api.settings();
    assert.equal(s.demoServerUrl, userUrl);
    assert.notEqual(s.demoServerUrl, workspaceSettings['gitopsReleases.demo.serverUrl']);
    assert.equal(s.caFile, '', "the workspace's CA file is not read");
    assert.notEqual(s.webUrlTemplate, workspaceSettings['gitopsReleases.webUrlTemplate'], "the workspace's web URL template is not used");
    assert.ok(api.treeChildren().length > 0, 'the Product Releases view lists the products');
  });

  it('both answer views say that Restricted Mode leaves the workspace settings out, and why', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.gitopsReleases');
    const tree = await waitFor(() => api.treeMessage(), 15_000, 'the Product Releases message');
    const commits = api.commitViewMessage();
    log(`Restricted Mode message: ${tree}`);
    for (const m of [tree, commits]) {
      assert.match(m ?? '', /Restricted Mode/);
      assert.match(m ?? '', /server URLs, CA files|servers, CA files|a server, a CA file/, 'it says what kind of setting is left out');
      assert.match(m ?? '', /trust/, 'it says how to lift it');
    }
  });

  it('the hover answers from local Git history in Restricted Mode', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(fixture().repoPath, 'README.md'));
    await vscode.window.showTextDocument(doc);
    const text = await waitFor(
      async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 0)));
        return t.includes('GitOps Releases') && !/loading/i.test(t) ? t : undefined;
      },
      30_000,
      'a settled hover on README.md:1',
    );
    log(`hover: ${text.split('\n')[0]}`);
    const named = fixture().commits.find((c) => text.includes(c.sha.slice(0, 7)));
    assert.ok(named, `the hover names the line's commit, one of the fixture's (it reads ${JSON.stringify(text.slice(0, 300))})`);
    const products = api.treeChildren().map((r) => r.label);
    assert.ok(products.some((p) => text.includes(p)), `and where it is deployed, by product (${products.join(', ')})`);
  });
});
