// The release panel's notes on the GitHub backend: a real store over the GitHub backend on its test engine, and the
// real release-notes code over the repository the engine made its data up from. The pull requests of the range come
// from GitHub (merged with those the messages name), the deployments carry their links, and a second look at the same
// notes asks GitHub nothing about pull requests again.

import { strict as assert } from 'node:assert';
import { type GitHubBackend } from '../../../src/backends/github/backend';
import type { FakeGitHub } from '../../../src/fakes/github/server';
import { silentLogger } from '../../../src/core/log';
import { buildPanelModel } from '../../../src/present/panelModel';
import * as notesModule from '../../../src/resolve/notes';
import { loadPanelNotes, type PanelDataDeps } from '../../../src/vscode/panel/data';
import { ReleaseStore } from '../../../src/vscode/pure/releaseStore';
import { makeRepo, removeRepo } from '../backends/demo/helpers';
import { type EngineBackend, startEngineBackend } from '../backends/github/helpers';

describe('release panel notes on the GitHub backend', function () {
  this.timeout(60_000);
  let repo: string;
  let fake: FakeGitHub;
  let backend: GitHubBackend;
  let engine: EngineBackend | undefined;

  before(async () => {
    repo = makeRepo(['init', 'Add cart totals (#5)', 'fix: rounding', 'SHOP-7 Search the catalogue (#8)', 'chore: deps', 'Faster checkout (#9)', 'docs', 'Retry charges (#11)']);
    engine = await startEngineBackend(repo);
    ({ fake, backend } = engine);
  });
  after(async () => {
    await engine?.close();
    removeRepo(repo);
  });

  it('lists GitHub\'s pull requests of the range with their links, and the deployments; asks once per range', async () => {
    const store = new ReleaseStore({ log: silentLogger });
    store.setBackend(backend);
    await store.refresh();
    assert.equal(store.lastError, undefined, store.lastError?.message);
    const deps: PanelDataDeps = { store, repoRoot: () => Promise.resolve(repo), notes: () => Promise.resolve(notesModule), log: silentLogger };
    const releases = store.productState(fake.repository)!.releases;
    const run = releases.find((r) => r.source.kind === 'workflow-run' && r.triggerCommit?.message?.startsWith('Retry charges'))!;
    assert.ok(run, JSON.stringify(releases.map((r) => r.triggerCommit?.message)));

    const graphql = () => engine!.graphqlCalls();
    const before = graphql();
    const { notes, warning } = await loadPanelNotes(deps, fake.repository, run.id);
    assert.equal(warning, undefined);
    const web = fake.apiUrl.replace(/\/api\/v3$/, '');
    assert.deepEqual(notes.pullRequests.map((p) => [p.key, p.title, p.url, p.author, p.source]), [
      ['#11', 'Retry charges', `${web}/${fake.repository}/pull/11`, 'ada-lovelace', 'backend'],
      ['#9', 'Faster checkout', `${web}/${fake.repository}/pull/9`, 'ada-lovelace', 'backend'],
    ]);
    assert.equal(notes.notices, undefined);
    assert.deepEqual(notes.deployments?.map((d) => d.environment), ['staging', 'production']);
    assert.equal(graphql() - before, 1, 'one query for the range\'s pull requests');

    await loadPanelNotes(deps, fake.repository, run.id);
    assert.equal(graphql() - before, 1, 'merged pull requests are kept: nothing asked again');

    const model = buildPanelModel(await store.getDetail(run.id), notes, { demo: true });
    const prItems = model.notes!.sections.find((s) => s.id === 'pullRequests')!.items;
    assert.deepEqual(prItems.map((i) => [i.key, i.title, i.local, i.url]), [['#11', 'Retry charges', false, undefined], ['#9', 'Faster checkout', false, undefined]], 'the demo banner withholds the made-up links');
    assert.ok(model.notes!.sections.some((s) => s.id === 'deployments'));
  });
});
