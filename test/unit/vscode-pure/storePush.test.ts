// A backend that pushes changes (Kargo's watch streams) makes the store refresh by itself.
import assert from 'node:assert/strict';
import { KargoBackend } from '../../../src/backends/kargo/backend';
import { startFakeKargo } from '../../../src/fakes/kargo/server';
import { silentLogger } from '../../../src/core/log';
import { ReleaseStore } from '../../../src/vscode/pure/releaseStore';
import { lifelikeMessages, makeRepo, removeRepo } from '../backends/demo/helpers';

describe('ReleaseStore with a pushing backend', function () {
  this.timeout(30_000);
  it('refreshes when the backend says something changed, without being asked', async () => {
    const repo = makeRepo(lifelikeMessages(20), 'shop');
    const fake = await startFakeKargo({ repoPath: repo });
    const backend = new KargoBackend({ baseUrl: fake.url, token: fake.token, watchBackoff: { baseMs: 5, maxMs: 20 } });
    const store = new ReleaseStore({ log: silentLogger });
    try {
      store.setBackend(backend);
      await store.refresh();
      const dev = () => store.snapshot()[0]?.releases[0]?.environments.find((e) => e.name === 'dev')?.status;
      assert.equal(dev(), 'RUNNING');
      const count = store.refreshCount;
      // Wait for the streams, then let the server move: nobody calls refresh, the push does.
      while (fake.openStreams < 2 || backend.watchState('kargo-demo')?.promotions.snapshot() === undefined) await new Promise((r) => setImmediate(r));
      for (let i = 0; i < 3; i++) fake.advance();
      while (dev() !== 'SUCCEEDED') await new Promise((r) => setImmediate(r));
      assert.ok(store.refreshCount > count);
    } finally {
      await backend.dispose();
      await fake.close();
      removeRepo(repo);
    }
  });
});
