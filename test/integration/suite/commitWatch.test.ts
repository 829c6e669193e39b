// Watching a commit in a real VS Code: the extension is pointed at a demo server of its own whose moving release
// only moves when the test says so; the moving release's trigger commit is watched for an environment it has not
// reached yet; the release is moved on until it gets there. The user is told once, with the release, and the watch
// ends; further refreshes tell nothing more.
// The suite points the demo.serverUrl setting at its own server, so it must run before the UI suite's "Try the Demo
// Backend", which wins over that setting for the rest of the session (suites run in file-name order).

import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { startDemoServer, type DemoServer } from '../../../src/fakes/codefresh/server';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { activateExtension, fixture, log, waitFor } from './helpers';

describe('watch a commit (VS Code)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
  });

  it('tells once when the watched commit reaches the environment, then stops watching', async () => {
    const config = vscode.workspace.getConfiguration('gitopsReleases');
    const original = config.inspect<string>('demo.serverUrl')?.workspaceValue;
    let server: DemoServer | undefined;
    try {
      server = await startDemoServer({ repoPath: fixture().repoPath, stageMs: 0, port: 0 });
      const moving = server.data.moving;
      assert.ok(moving, 'the demo has a moving release');
      const url = server.url;
      await config.update('demo.serverUrl', url, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.backendState().state === 'ready' && api.backendState().detail.includes(url) && api.storeState().lastSuccessAt && !api.storeState().restoredAt, 30_000, 'the own demo server to answer');
      const sha = moving.trigger.sha;
      const file = path.join(fixture().repoPath, 'README.md');
      const answer = await waitFor(() => api.whereDeployed(file, sha), 30_000, 'the answer for the moving release commit');
      const product = answer.products.find((p) => p.product === moving.product.name);
      const env = product?.environments.find((e) => e.state !== 'deployed');
      assert.ok(product && env, `an environment of ${moving.product.name} the commit has not reached`);
      log(`watch suite: watching ${sha.slice(0, 7)} for ${env.environment} of ${product.product} (now ${env.state})`);

      await vscode.commands.executeCommand('gitopsReleases.watchCommit', sha, { product: product.product, environment: env.environment });
      assert.ok(api.watches().some((w) => w.sha === sha), 'the watch is listed');
      assert.deepEqual(api.watchNotifications(), [], 'nothing told before the release moves');

      const told = await waitFor(
        async () => {
          const hit = api.watchNotifications().filter((n) => n.key.startsWith('reached|') && n.key.includes(sha) && n.key.endsWith(`|${env.environment}`));
          if (hit.length > 0) return hit;
          server!.advance();
          await api.refresh();
          return undefined;
        },
        90_000,
        `a notification that ${sha.slice(0, 7)} reached ${env.environment}`,
      );
      assert.equal(told.length, 1);
      assert.match(told[0]!.text, new RegExp(`reached ${env.environment} of ${product.product} with release`));
      assert.equal(api.shownMessages().filter((m) => m.text === told[0]!.text).length, 1, 'shown as a notification once');
      await waitFor(() => !api.watches().some((w) => w.sha === sha), 10_000, 'the watch to end by itself');

      // More refreshes, the release moving on: the same event is not told again.
      server.advance();
      await api.refresh();
      await api.refresh();
      assert.equal(api.shownMessages().filter((m) => m.text === told[0]!.text).length, 1, 'not told twice');
      // Watching it again finds the target already reached: the event was told, so nothing is shown again.
      await vscode.commands.executeCommand('gitopsReleases.watchCommit', sha, { product: product.product, environment: env.environment });
      assert.equal(api.shownMessages().filter((m) => m.text === told[0]!.text).length, 1, 'not told again after watching anew');
    } finally {
      await config.update('demo.serverUrl', original, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.backendState().state === 'ready' && api.storeState().lastSuccessAt && !api.storeState().lastError && api.storeState().restoredAt === undefined, 30_000, "the extension to be back on the run's demo server");
      await server?.close();
    }
  });
});
