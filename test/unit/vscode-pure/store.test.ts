import assert from 'node:assert/strict';
import { BackendError, type ActionRequest, type ActionResult, type ListReleasesOptions, type ReleaseBackend, type ReleasePage } from '../../../src/backends/types';
import type { Product, ReleaseAction, ReleaseDetail, ReleaseSummary } from '../../../src/core/model';
import { emptyNotes } from '../../../src/core/model';
import { BACKENDS } from '../../../src/backends/registry';
import { silentLogger } from '../../../src/core/log';
import { ReleaseStore } from '../../../src/vscode/pure/releaseStore';

function rel(id: string, minute: number, status: string, envs: [string, string][]): ReleaseSummary {
  return {
    id,
    source: { backend: 'codefresh', kind: 'product-release' },
    productName: 'shop',
    flowName: 'main',
    status,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
    environments: envs.map(([name, s]) => ({ name, status: s })),
  };
}

/** A backend over an in-memory list the test mutates; records the options of every listReleases call. */
class ScriptedBackend implements ReleaseBackend {
  readonly id = 'codefresh';
  readonly capabilities = BACKENDS.codefresh.capabilities;
  readonly description = 'scripted test backend';
  releases: ReleaseSummary[] = [];
  calls: ListReleasesOptions[] = [];
  detailCalls = 0;
  fail: BackendError | undefined;
  async whoAmI() {
    return { user: 'me' };
  }
  async listProducts(): Promise<Product[]> {
    if (this.fail) throw this.fail;
    return [
      { name: 'shop', environments: [], flows: [], flowSource: 'api' },
      { name: 'other', environments: [], flows: [], flowSource: 'api' },
    ];
  }
  async listReleases(product: string, options: ListReleasesOptions = {}): Promise<ReleasePage> {
    this.calls.push(options);
    if (product !== 'shop') return { releases: [], hasMore: false, reachedKnown: false, requests: 1 };
    const size = options.pageSize ?? 50;
    let list = [...this.releases].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (options.after) list = list.slice(Number(options.after));
    const start = options.after ? Number(options.after) : 0;
    let page = list.slice(0, size);
    let reachedKnown = false;
    const cut = page.findIndex((r) => options.knownTerminalIds?.has(r.id));
    if (cut >= 0) {
      page = page.slice(0, cut + 1);
      reachedKnown = true;
    }
    return { releases: page, endCursor: String(start + page.length), hasMore: start + size < this.releases.length, reachedKnown, requests: 1 };
  }
  async getRelease(id: string): Promise<ReleaseDetail> {
    this.detailCalls++;
    const r = this.releases.find((x) => x.id === id);
    if (!r) throw new BackendError('not-found', `no release ${id}`);
    return { ...r, steps: [] };
  }
  async getReleaseNotes(id: string) {
    return emptyNotes(id);
  }
}

describe('ReleaseStore', () => {
  let now = 1_000;
  const store = () => new ReleaseStore({ log: silentLogger, now: () => now, pageSize: 3 });

  it('loads products and releases newest first, and pages with load more', async () => {
    const b = new ScriptedBackend();
    b.releases = [1, 2, 3, 4, 5].map((i) => rel(`r${i}`, i, 'SUCCEEDED', [['dev', 'SUCCEEDED']]));
    const s = store();
    s.setBackend(b);
    await s.refresh();
    assert.deepEqual(s.productStates().map((p) => p.product.name), ['shop', 'other']);
    assert.deepEqual(s.productState('shop')!.releases.map((r) => r.id), ['r5', 'r4', 'r3']);
    assert.equal(s.productState('shop')!.hasMore, true);
    await s.loadMore('shop');
    assert.deepEqual(s.productState('shop')!.releases.map((r) => r.id), ['r5', 'r4', 'r3', 'r2', 'r1']);
    assert.equal(s.productState('shop')!.hasMore, false);
  });

  it('refreshes incrementally: passes known terminal ids and picks up a release that advanced', async () => {
    const b = new ScriptedBackend();
    b.releases = [rel('r1', 1, 'SUCCEEDED', [['dev', 'SUCCEEDED']]), rel('r2', 2, 'RUNNING', [['dev', 'RUNNING']])];
    const s = store();
    s.setBackend(b);
    await s.refresh();
    assert.equal(s.anyActive(), true);
    const changes: string[][] = [];
    s.onDidChange((c) => changes.push(c.releaseIds));
    b.releases[1] = rel('r2', 2, 'SUCCEEDED', [['dev', 'SUCCEEDED']]);
    b.releases.push(rel('r3', 3, 'RUNNING', [['dev', 'RUNNING']]));
    await s.refresh();
    const last = b.calls.filter((c) => c.knownTerminalIds).at(-1)!;
    assert.deepEqual([...last.knownTerminalIds!], ['r1']);
    assert.deepEqual(s.productState('shop')!.releases.map((r) => [r.id, r.status]), [
      ['r3', 'RUNNING'],
      ['r2', 'SUCCEEDED'],
      ['r1', 'SUCCEEDED'],
    ]);
    assert.deepEqual(changes.at(-1)!.sort(), ['r2', 'r3']);
  });

  it('a refresh asked for during one that is running returns data as of the request, not the older run', async () => {
    // Regression: "Refresh" pressed right after a release moved joined a refresh that had already fetched, so the
    // view kept the old statuses until the next poll.
    const b = new ScriptedBackend();
    b.releases = [rel('r1', 1, 'RUNNING', [['dev', 'SUCCEEDED'], ['prod', 'RUNNING']])];
    const s = store();
    s.setBackend(b);
    await s.refresh();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const list = b.listReleases.bind(b);
    let first = true;
    b.listReleases = async (product, options) => {
      const page = await list(product, options); // fetched before the release moves...
      if (first && product === 'shop') {
        first = false;
        await gate; // ...and held until after the second request
      }
      return page;
    };
    const running = s.refresh();
    await new Promise((r) => setTimeout(r, 10));
    b.releases = [rel('r1', 1, 'SUCCEEDED', [['dev', 'SUCCEEDED'], ['prod', 'SUCCEEDED']])];
    const asked = s.refresh();
    release();
    await Promise.all([running, asked]);
    assert.equal(s.productState('shop')!.releases[0]!.status, 'SUCCEEDED');
    assert.deepEqual(s.productState('shop')!.releases[0]!.environments.map((e) => e.status), ['SUCCEEDED', 'SUCCEEDED']);
  });

  it('orders by createdAt, else updatedAt, else keeps the API order (rows without dates stay where the API put them)', async () => {
    const b = new ScriptedBackend();
    const dated = (id: string, minute: number) => rel(id, minute, 'SUCCEEDED', [['dev', 'SUCCEEDED']]);
    const updatedOnly = { ...dated('u3', 0), createdAt: '', updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 3)).toISOString() };
    const bare = (id: string) => ({ ...dated(id, 0), createdAt: '', createdAtFallback: 'none' as const });
    // The API order, newest first: r5, x1 (no date), u3 (updatedAt only), x2 (no date), r1.
    const apiOrder = [dated('r5', 5), bare('x1'), updatedOnly, bare('x2'), dated('r1', 1)];
    b.listReleases = async () => ({ releases: apiOrder, hasMore: false, reachedKnown: false, requests: 1 });
    const s = store();
    s.setBackend(b);
    await s.refresh();
    assert.deepEqual(s.productState('shop')!.releases.map((r) => r.id), ['r5', 'x1', 'u3', 'x2', 'r1']);
    // Shuffled input with dates still sorts by date, and the undated row stays after the row the API put it after.
    apiOrder.splice(0, apiOrder.length, dated('r1', 1), dated('r5', 5), bare('x1'));
    await s.refresh();
    assert.deepEqual(s.productState('shop')!.releases.map((r) => r.id), ['r5', 'x1', 'r1']);
  });

  it('says how many releases of a product could not be read, and why, and shows warnings; a clean refresh clears it', async () => {
    const b = new ScriptedBackend();
    const ok = rel('r1', 1, 'SUCCEEDED', [['dev', 'SUCCEEDED']]);
    let page: ReleasePage = {
      releases: [ok],
      hasMore: false,
      reachedKnown: false,
      requests: 1,
      skipped: { count: 2, reasons: ['data.promotions.edges[1].node.id: expected string, got missing', 'data.promotions.edges[2].node.__typename: unknown __typename "Deployment"'] },
      warnings: ['Codefresh reported an error along with the releases of shop (what it sent is shown): environment prod: not allowed'],
    };
    b.listReleases = async (product) =>
      product === 'shop' ? page : { releases: [], hasMore: false, reachedKnown: false, requests: 1 };
    const s = store();
    s.setBackend(b);
    await s.refresh();
    assert.deepEqual(s.productState('shop')!.releases.map((r) => r.id), ['r1']);
    assert.deepEqual(s.notices(), [
      '2 releases of shop could not be read: data.promotions.edges[1].node.id: expected string, got missing; data.promotions.edges[2].node.__typename: unknown __typename "Deployment"',
      'Codefresh reported an error along with the releases of shop (what it sent is shown): environment prod: not allowed',
    ]);
    assert.equal(s.lastError, undefined);
    page = { releases: [ok], hasMore: false, reachedKnown: false, requests: 1 };
    await s.refresh();
    assert.deepEqual(s.notices(), []);
  });

  it('an incremental refresh that reads its page cleanly clears the report of that page; rows from load more stay reported', async () => {
    // Regression (found in real VS Code): after a bad row in the newest page read well again, the tree kept saying
    // "1 release of … could not be read", because an incremental refresh never cleared the report.
    const b = new ScriptedBackend();
    b.releases = [rel('r1', 1, 'SUCCEEDED', [['dev', 'SUCCEEDED']]), rel('r2', 2, 'SUCCEEDED', [['dev', 'SUCCEEDED']]), rel('r3', 3, 'SUCCEEDED', [['dev', 'SUCCEEDED']]), rel('r4', 4, 'SUCCEEDED', [['dev', 'SUCCEEDED']])];
    const list = b.listReleases.bind(b);
    let bad: 'first' | 'more' | undefined = 'first';
    b.listReleases = async (product, options) => {
      const page = await list(product, options);
      const isMore = options?.after !== undefined;
      if (product === 'shop' && ((bad === 'first' && !isMore) || (bad === 'more' && isMore))) {
        return { ...page, skipped: { count: 1, reasons: ['data.promotions.edges[1].node.status: expected string, got missing'] } };
      }
      return page;
    };
    const s = store();
    s.setBackend(b);
    await s.refresh();
    assert.equal(s.notices().length, 1);
    bad = undefined;
    const callsBefore = b.calls.length;
    await s.refresh();
    assert.ok(b.calls.slice(callsBefore).some((c) => (c.knownTerminalIds?.size ?? 0) > 0), 'the second refresh was incremental');
    assert.deepEqual(s.notices(), [], 'the newest page read cleanly');
    bad = 'more';
    await s.loadMore('shop');
    assert.equal(s.notices().length, 1, 'an unreadable row of an older page');
    bad = undefined;
    await s.refresh();
    assert.equal(s.notices().length, 1, 'an incremental refresh does not re-read older pages, so that report stays');
  });

  it('keeps the last good data and records the error when a refresh fails', async () => {
    const b = new ScriptedBackend();
    b.releases = [rel('r1', 1, 'SUCCEEDED', [])];
    const s = store();
    s.setBackend(b);
    now = 5_000;
    await s.refresh();
    b.fail = new BackendError('network', 'connect ECONNREFUSED 127.0.0.1:1');
    now = 9_000;
    await s.refresh();
    assert.equal(s.productState('shop')!.releases.length, 1);
    assert.equal(s.lastError?.kind, 'network');
    assert.equal(s.consecutiveErrors, 1);
    assert.equal(s.lastSuccessAt, 5_000);
    b.fail = undefined;
    await s.refresh();
    assert.equal(s.lastError, undefined);
    assert.equal(s.consecutiveErrors, 0);
  });

  it('caches details until the release row changes, and deduplicates concurrent loads', async () => {
    const b = new ScriptedBackend();
    b.releases = [rel('r1', 1, 'RUNNING', [['dev', 'RUNNING']])];
    const s = store();
    s.setBackend(b);
    await s.refresh();
    await Promise.all([s.getDetail('r1'), s.getDetail('r1')]);
    await s.getDetail('r1');
    assert.equal(b.detailCalls, 1);
    b.releases[0] = rel('r1', 1, 'SUCCEEDED', [['dev', 'SUCCEEDED']]);
    await s.refresh();
    assert.equal(s.detailIsFresh('r1'), false);
    assert.equal((await s.getDetail('r1')).status, 'SUCCEEDED');
    assert.equal(b.detailCalls, 2);
  });

  it('finds a release by id in the list as it is now: after a refresh replaced it, and on pages loaded with "load more"', async () => {
    const b = new ScriptedBackend();
    b.releases = [1, 2, 3, 4, 5].map((m) => rel(`r${m}`, m, 'SUCCEEDED', [['dev', 'SUCCEEDED']]));
    const s = store();
    s.setBackend(b);
    await s.refresh();
    assert.equal(s.findRelease('r5')?.release, b.releases[4]);
    assert.equal(s.findRelease('r1'), undefined, 'not loaded yet (page size 3)');
    await s.loadMore('shop');
    assert.equal(s.findRelease('r1')?.productName, 'shop');
    b.releases[4] = rel('r5', 5, 'FAILED', [['dev', 'FAILED']]);
    await s.refresh();
    assert.equal(s.findRelease('r5')?.release.status, 'FAILED');
    assert.equal(s.currentRelease('r5')?.status, 'FAILED');
    assert.equal(s.findRelease('nope'), undefined);
  });

  it('after a refresh, the snapshot shows the release as the list has it now, not a detail fetched before it moved', async () => {
    // Regression: an open release panel had cached the moving release's detail; after it advanced, Refresh returned
    // (and the tree, hover and resolver showed) the detail's old statuses until the detail happened to be re-fetched.
    const b = new ScriptedBackend();
    b.releases = [rel('r1', 1, 'RUNNING', [['dev', 'SUCCEEDED'], ['prod', 'RUNNING']])];
    const s = store();
    s.setBackend(b);
    await s.refresh();
    await s.getDetail('r1');
    assert.deepEqual(s.snapshot()[0]!.releases[0]!.environments.map((e) => e.status), ['SUCCEEDED', 'RUNNING']);
    b.releases[0] = rel('r1', 1, 'SUCCEEDED', [['dev', 'SUCCEEDED'], ['prod', 'SUCCEEDED']]);
    await s.refresh();
    const now = s.snapshot()[0]!.releases[0]!;
    assert.equal(now.status, 'SUCCEEDED');
    assert.deepEqual(now.environments.map((e) => e.status), ['SUCCEEDED', 'SUCCEEDED']);
    assert.equal(s.currentRelease('r1')?.status, 'SUCCEEDED');
    // Once the detail is fetched again it is current and replaces the summary again.
    const fresh = await s.getDetail('r1');
    assert.equal(s.snapshot()[0]!.releases[0], fresh);
  });

  it('a refresh that the backend changed under answers with the new backend\'s data, not an empty store', async () => {
    // Regression: when the backend was rebuilt (a settings change) while a Refresh ran, the Refresh resolved as soon
    // as the abandoned run ended, with the store emptied and the new backend's data not fetched yet.
    const old = new ScriptedBackend();
    old.releases = [rel('r1', 1, 'RUNNING', [['dev', 'RUNNING']])];
    const s = store();
    s.setBackend(old);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const list = old.listReleases.bind(old);
    old.listReleases = async (product, options) => {
      await gate;
      return list(product, options);
    };
    const asked = s.refresh();
    const next = new ScriptedBackend();
    next.releases = [rel('r1', 1, 'SUCCEEDED', [['dev', 'SUCCEEDED']])];
    s.setBackend(next);
    release();
    await asked;
    assert.equal(s.backendId, 'codefresh');
    assert.deepEqual(s.productState('shop')?.releases.map((r) => r.status), ['SUCCEEDED']);
    assert.ok(s.lastSuccessAt !== undefined, 'the new backend was refreshed');
  });

  it('filters products by the products setting and drops data when the backend changes', async () => {
    const b = new ScriptedBackend();
    const s = store();
    s.setBackend(b);
    s.setProductFilter(['other']);
    await s.refresh();
    assert.deepEqual(s.productStates().map((p) => p.product.name), ['other']);
    assert.ok(b.calls.length === 1, 'only the wanted product is fetched');
    s.setBackend(undefined);
    assert.equal(s.productStates().length, 0);
  });
});

/** The scripted backend with actions: a release waits for approval in prod; approving it makes prod succeed. */
class ActingBackend extends ScriptedBackend {
  override readonly capabilities = { ...BACKENDS.codefresh.capabilities, actions: ['approve', 'abort'] as ReleaseAction[] };
  requests: ActionRequest[] = [];
  actFailure: BackendError | undefined;
  async act(request: ActionRequest): Promise<ActionResult> {
    this.requests.push(request);
    if (this.actFailure) throw this.actFailure;
    const r = this.releases.find((x) => x.id === request.releaseId)!;
    r.environments = r.environments.map((e) => (e.name === request.environment ? { name: e.name, status: 'SUCCEEDED' } : e));
    r.status = 'SUCCEEDED';
    return { message: `Approved ${r.id} for ${request.environment}` };
  }
}

function waiting(): ReleaseSummary {
  const r = rel('r1', 1, 'SUSPENDED', [['dev', 'SUCCEEDED'], ['prod', 'SUSPENDED']]);
  r.environments[1]!.actions = ['approve'];
  return r;
}

describe('ReleaseStore actions', () => {
  const request: ActionRequest = { action: 'approve', releaseId: 'r1', productName: 'shop', environment: 'prod', comment: 'ship it' };

  it('passes an allowed action to the backend, then drops the stale detail and refreshes to show what it did', async () => {
    const b = new ActingBackend();
    b.releases = [waiting()];
    const s = new ReleaseStore({ log: silentLogger, pageSize: 3 });
    s.setBackend(b);
    await s.refresh();
    await s.getDetail('r1');
    const detailCalls = b.detailCalls;
    const refreshes = s.refreshCount;
    const result = await s.act(request);
    assert.equal(result.message, 'Approved r1 for prod');
    assert.deepEqual(b.requests, [request]);
    assert.equal(s.peekDetail('r1'), undefined, 'the detail from before the action is gone');
    await s.refresh();
    assert.ok(s.refreshCount > refreshes);
    assert.equal(s.currentRelease('r1')!.environments[1]!.status, 'SUCCEEDED');
    await s.getDetail('r1');
    assert.equal(b.detailCalls, detailCalls + 1, 'the detail is fetched again');
  });

  it('refuses an action the release does not allow there now, without asking the backend', async () => {
    const b = new ActingBackend();
    b.releases = [waiting()];
    const s = new ReleaseStore({ log: silentLogger, pageSize: 3 });
    s.setBackend(b);
    await s.refresh();
    await assert.rejects(s.act({ ...request, environment: 'dev' }), /Approve is not possible for r1 in dev any more/);
    await assert.rejects(s.act({ ...request, action: 'abort' }), /Abort is not possible/);
    await assert.rejects(s.act({ ...request, releaseId: 'gone' }), /no longer listed/);
    assert.deepEqual(b.requests, []);
  });

  it('refuses when the backend cannot act at all, and passes a backend failure through unchanged', async () => {
    const plain = new ScriptedBackend();
    plain.releases = [waiting()];
    const s = new ReleaseStore({ log: silentLogger, pageSize: 3 });
    s.setBackend(plain);
    await s.refresh();
    await assert.rejects(s.act(request), /scripted test backend does not let the editor approve releases/);

    const b = new ActingBackend();
    b.releases = [waiting()];
    b.actFailure = new BackendError('auth', 'Your token may not review deployments to prod.');
    s.setBackend(b);
    await s.refresh();
    await assert.rejects(s.act(request), (e: unknown) => e instanceof BackendError && e.kind === 'auth' && /may not review/.test(e.message));
    assert.equal(b.requests.length, 1);
  });
});
