// The extension in real VS Code against a demo server without the guessed `products` and `productRelease` root
// fields (graphql-js rejects queries naming them, as such a platform would): the tree still lists the products the
// releases name, and a release panel opens from the release-list row with a banner saying the details could not be
// loaded, its notes computed from local Git.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startDemoServer, type DemoServer } from '../../../src/fakes/codefresh/server';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { activateExtension, expectUi, fixture, hasDriver, log, screenshot, waitFor } from './helpers';

describe('platform without the guessed queries (VS Code)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
  });

  it('lists products from the releases and opens a release panel from its row, with a banner and local notes', async () => {
    const config = vscode.workspace.getConfiguration('gitopsReleases');
    const original = config.inspect<string>('demo.serverUrl')?.workspaceValue;
    let server: DemoServer | undefined;
    try {
      server = await startDemoServer({ repoPath: fixture().repoPath, stageMs: 0, port: 0, without: ['products', 'productRelease'] });
      const url = server.url;
      await config.update('demo.serverUrl', url, vscode.ConfigurationTarget.Workspace);
      await waitFor(
        () => api.backendState().state === 'ready' && api.backendState().detail.includes(url) && api.storeState().lastSuccessAt,
        30_000,
        'the demo server without products/productRelease to be used',
      );
      assert.equal(api.storeState().lastError, undefined, api.storeState().lastError?.message);
      const data = api.snapshot();
      const known = new Set(server.data.products.map((p) => p.name));
      assert.ok(data.length > 0, 'products are listed although the products query does not exist');
      for (const p of data) {
        assert.ok(known.has(p.product.name), p.product.name);
        assert.equal(p.product.flowSource, 'derived-from-releases');
      }
      const pick = data.flatMap((p) => p.releases.map((r) => ({ product: p.product.name, r }))).sort((a, b) => b.r.environments.length - a.r.environments.length)[0];
      assert.ok(pick, 'a release to open');
      log(`degraded suite: release ${pick.r.id} of ${pick.product} (${pick.r.environments.length} environments)`);

      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('gitopsReleases.openRelease', pick.product, pick.r.id);
      const info = await waitFor(
        () => api.panels().find((p) => p.releaseId === pick.r.id && p.ready && p.warnings.includes('backend-notes-unavailable')),
        60_000,
        'the panel to show the release with its warnings',
      );
      assert.equal(info.lastError, undefined, 'no "Could not load release" error');
      assert.deepEqual(info.warnings, ['details-unavailable', 'backend-notes-unavailable']);
      if (hasDriver()) {
        const banner = expectUi(
          await screenshot('release-panel-degraded', { scope: 'frames', waitForText: 'Details unavailable', query: '#details-unavailable', timeoutMs: 45_000 }),
          'the details banner in the webview',
        );
        assert.match(banner.texts?.[0] ?? '', /the platform has no productRelease query/);
        const envs = expectUi(await screenshot('release-panel-degraded-envs', { scope: 'frames', query: '#flow-summary li' }), 'the environment list');
        assert.equal(envs.texts?.length, pick.r.environments.length);
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await config.update('demo.serverUrl', original, vscode.ConfigurationTarget.Workspace);
      // The next suite must find the run's own demo server in use, with data from it.
      const own = server?.url;
      await waitFor(
        () => api.backendState().state === 'ready' && (!own || !api.backendState().detail.includes(own)) && api.storeState().lastSuccessAt && api.storeState().restoredAt === undefined,
        30_000,
        'the extension to be back on the run\'s demo server',
      );
      await server?.close();
    }
  });
});
