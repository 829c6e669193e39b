// The release panel's data on a platform without the `productRelease` query: a real store over the real Codefresh
// client and the demo server with that root field removed, and the real release-notes code over the Git repository
// the demo is seeded from. The panel still shows the release (from its release-list row, with a banner saying why)
// and still shows the release notes computed from local Git (with a note that the backend's are missing).

import { strict as assert } from 'node:assert';
import { type CodefreshBackend, createCodefreshBackend, forgetApiGeneration, forgetMissingQueries } from '../../../src/backends/codefresh';
import { type DemoServer, startDemoServer } from '../../../src/fakes/codefresh/server';
import { silentLogger } from '../../../src/core/log';
import type { Product, ReleaseSummary } from '../../../src/core/model';
import * as notesModule from '../../../src/resolve/notes';
import { failureReason, loadPanelNotes, loadPanelRelease, type PanelDataDeps, releaseFromSummary } from '../../../src/vscode/panel/data';
import { ReleaseStore } from '../../../src/vscode/pure/releaseStore';
import { buildPanelModel } from '../../../src/present/panelModel';
import { BackendError } from '../../../src/backends/types';
import { makeRepo, removeRepo } from '../backends/codefresh/helpers';

describe('release panel data when the backend cannot give the details', function () {
  this.timeout(20_000);
  let repo: string;
  let server: DemoServer | undefined;
  let backend: CodefreshBackend | undefined;

  before(() => {
    repo = makeRepo(60);
  });
  after(() => removeRepo(repo));
  afterEach(async () => {
    await backend?.dispose();
    await server?.close();
    backend = undefined;
    server = undefined;
  });

  async function storeWithout(without: ('productRelease' | 'products' | 'promotionFlows')[]): Promise<{ store: ReleaseStore; deps: PanelDataDeps }> {
    server = await startDemoServer({ repoPath: repo, stageMs: 0, without });
    forgetApiGeneration(server.url);
    forgetMissingQueries(server.url);
    backend = createCodefreshBackend({ baseUrl: server.url, apiKey: server.apiKey, id: 'demo', retries: 0 });
    const store = new ReleaseStore({ log: silentLogger });
    store.setBackend(backend);
    await store.refresh();
    assert.equal(store.lastError, undefined, store.lastError?.message);
    const deps: PanelDataDeps = { store, repoRoot: () => Promise.resolve(repo), notes: () => Promise.resolve(notesModule), log: silentLogger };
    return { store, deps };
  }

  /** The newest release of the first product that has an older one (so local notes have a range). */
  function pick(store: ReleaseStore): { product: Product; release: ReleaseSummary } {
    const state = store.productStates().find((s) => s.releases.length > 1);
    assert.ok(state, 'a product with releases');
    return { product: state.product, release: state.releases[0]! };
  }

  it('shows the release from its list row: environments, statuses, the flow\'s dependencies, and a banner saying why', async () => {
    const { store, deps } = await storeWithout(['productRelease']);
    const { product, release } = pick(store);
    const loaded = await loadPanelRelease(deps, product.name, release.id);
    assert.equal(loaded.warning?.kind, 'details-unavailable');
    assert.equal(
      loaded.warning?.message,
      `The release details could not be loaded: ${server!.url} cannot show release details: the platform has no productRelease query. ` +
        'Shown here is what the release list knows: environments, statuses and dependencies. Workflows, applications and issues are not available.',
    );

    const model = buildPanelModel(loaded.release, undefined, { warnings: loaded.warning ? [loaded.warning] : [] });
    assert.deepEqual(model.warnings?.map((w) => w.kind), ['details-unavailable']);
    const view = model.release;
    assert.equal(view.id, release.id);
    assert.equal(view.status.raw, release.status);
    // Every environment of the row, with the row's status, trigger first.
    assert.deepEqual(
      view.environments.map((e) => [e.name, e.status.raw]).sort(),
      release.environments.map((e) => [e.name, e.status]).sort(),
    );
    const flow = product.flows.find((f) => f.name === release.flowName);
    assert.ok(flow && flow.steps.length > 0, 'the product knows the flow');
    assert.equal(view.environments[0]?.name, flow.triggerEnvironment);
    assert.ok(view.environments[0]?.isTrigger);
    // Dependencies from the product's flow, as edges between the environments.
    const nameOf = new Map(view.environments.map((e) => [e.id, e.name]));
    const edges = view.edges.map((e) => `${nameOf.get(e.from)}->${nameOf.get(e.to)}`).sort();
    const expected = flow.steps.flatMap((s) => s.dependsOn.map((d) => `${d}->${s.environment}`)).sort();
    assert.deepEqual(edges, expected);
    assert.ok(view.environments.every((e) => e.workflows.length === 0 && e.applications.length === 0));
  });

  it('still shows the notes from local Git, saying the backend\'s notes could not be loaded', async () => {
    const { store, deps } = await storeWithout(['productRelease']);
    const { product, release } = pick(store);
    const loaded = await loadPanelNotes(deps, product.name, release.id);
    assert.ok(loaded.notes.commits.length > 0, 'local commits listed');
    assert.ok(loaded.notes.commits.every((c) => c.source === 'local-git'));
    assert.equal(loaded.warning?.kind, 'backend-notes-unavailable');
    assert.equal(
      loaded.warning?.message,
      `Release notes from the backend could not be loaded: ${server!.url} cannot show release notes: the platform has no productRelease query. ` +
        'The notes below come from the local Git history only.',
    );
    const model = buildPanelModel(releaseFromSummary(release, product), loaded.notes, { warnings: [loaded.warning] });
    assert.ok((model.notes?.sections.find((s) => s.id === 'commits')?.items.length ?? 0) > 0);

    // Without a repository open there is nothing local to add, and the warning says so.
    const bare = await loadPanelNotes({ ...deps, repoRoot: () => Promise.resolve(undefined) }, product.name, release.id);
    assert.equal(bare.notes.commits.length, 0);
    assert.match(bare.warning?.message ?? '', /No local Git repository is open to compute notes from\.$/);
  });

  it('with every guessed query missing, the panel still has its release and local notes', async () => {
    const { store, deps } = await storeWithout(['productRelease', 'products', 'promotionFlows']);
    const { product, release } = pick(store);
    assert.equal(product.flowSource, 'derived-from-releases');
    const loaded = await loadPanelRelease(deps, product.name, release.id);
    assert.equal(loaded.warning?.kind, 'details-unavailable');
    assert.equal(loaded.release.steps.length, release.environments.length);
    const notes = await loadPanelNotes(deps, product.name, release.id);
    assert.ok(notes.notes.commits.length > 0);
  });

  it('with the detail available there is no warning, and a cancelled or unknown release still fails', async () => {
    const { store, deps } = await storeWithout([]);
    const { product, release } = pick(store);
    const loaded = await loadPanelRelease(deps, product.name, release.id);
    assert.equal(loaded.warning, undefined);
    assert.ok(loaded.release.steps.some((s) => s.preWorkflows.length + s.postWorkflows.length > 0), 'the real detail');
    const notes = await loadPanelNotes(deps, product.name, release.id);
    assert.equal(notes.warning, undefined);

    const unknown = await loadPanelRelease(deps, product.name, '000000000000000000000000').then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(unknown instanceof BackendError && unknown.kind === 'not-found');
    const ac = new AbortController();
    ac.abort();
    const fresh = store.productStates().flatMap((s) => s.releases).find((r) => !store.peekDetail(r.id));
    assert.ok(fresh);
    await assert.rejects(loadPanelRelease(deps, product.name, fresh.id, ac.signal));
  });

  it('turns backend errors into plain sentences without the query prefix', () => {
    assert.equal(failureReason(new BackendError('graphql', 'productRelease: Internal error', { query: 'productRelease' })), 'Internal error.');
    assert.equal(failureReason(new BackendError('network', 'cannot reach x: connection refused (ECONNREFUSED)')), 'cannot reach x: connection refused (ECONNREFUSED)');
    assert.equal(failureReason(new Error('Release r was not found at u.')), 'Release r was not found at u.');
    assert.equal(failureReason('boom'), 'boom.');
  });

  it('builds a detail from a row: the row\'s own dependencies first, else the flow\'s', () => {
    const row: ReleaseSummary = {
      id: 'r1',
      source: { backend: 'codefresh', kind: 'promotion' },
      productName: 'shop',
      flowName: 'f',
      status: 'RUNNING',
      createdAt: '2025-01-01T00:00:00.000Z',
      environments: [
        { name: 'dev', status: 'SUCCEEDED' },
        { name: 'qa', status: 'RUNNING', dependsOn: ['dev'] },
        { name: 'prod', status: 'PENDING' },
      ],
    };
    const product: Product = {
      name: 'shop',
      environments: [{ name: 'prod', kind: 'PROD', position: 2 }],
      flows: [{ name: 'f', triggerEnvironment: 'dev', steps: [{ environment: 'qa', dependsOn: ['other'] }, { environment: 'prod', dependsOn: ['qa'] }] }],
      flowSource: 'api',
    };
    const d = releaseFromSummary(row, product);
    assert.deepEqual(d.steps.map((s) => [s.environment, s.dependsOn, s.status, s.kind]), [
      ['dev', [], 'SUCCEEDED', undefined],
      ['qa', ['dev'], 'RUNNING', undefined],
      ['prod', ['qa'], 'PENDING', 'PROD'],
    ]);
    assert.equal(d.triggerEnvironment, 'dev');
    assert.deepEqual(releaseFromSummary(row).steps.map((s) => s.dependsOn), [[], ['dev'], []]);
  });
});
