import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { readHistory, DemoSeedError } from '../../../../src/fakes/history';
import { issueKeys, pullRequestNumber, seedFromHistory } from '../../../../src/fakes/codefresh/seed';
import { startDemoServer } from '../../../../src/fakes/codefresh/server';
import { DETAIL_QUERY, gql, lifelikeMessages, makeRepo, PROMOTIONS_QUERY, removeRepo, repoShas } from './helpers';

describe('demo seed: from a repository history', function () {
  this.timeout(30_000);
  const repos: string[] = [];
  const repo = (messages: string[], name?: string) => {
    const r = makeRepo(messages, name);
    repos.push(r);
    return r;
  };
  after(() => repos.forEach(removeRepo));

  it('reads the first-parent history oldest first, with author, committer and fixed dates', async () => {
    const r = repo(['one', 'two\n\nbody line', 'three']);
    const h = await readHistory(r, 100);
    assert.deepEqual(h.commits.map((c) => c.message), ['one', 'two\n\nbody line', 'three']);
    assert.deepEqual(h.commits.map((c) => c.sha), repoShas(r));
    assert.equal(h.commits[0]!.authorName, 'Ada Lovelace');
    assert.equal(Date.parse(h.commits[1]!.committerDate), Date.parse('2024-03-01T10:00:00Z'));
    assert.equal(h.branch, 'main');
    assert.equal(h.repoURL, 'https://github.com/demo-org/demo-repo.git');
  });

  it('finds PR numbers and Jira keys in merge and squash messages', () => {
    assert.equal(pullRequestNumber('Merge pull request #42 from a/b\n\nTitle'), 42);
    assert.equal(pullRequestNumber('fix: thing (#7)'), 7);
    assert.equal(pullRequestNumber('no pr here #7 mentioned'), undefined);
    assert.deepEqual(issueKeys('ABC-12 and OPS-3: fix ABC-12 again, not abc-1'), ['ABC-12', 'OPS-3']);
  });

  it('gives a sensible small dataset for a 5-commit repository', async () => {
    const r = repo(['init', 'feat: add cart', 'fix: typo (#2)', 'ABC-1 docs', 'chore: tidy']);
    const s = await startDemoServer({ repoPath: r, clock: () => 0, stageMs: 0 });
    try {
      assert.deepEqual(s.data.products.map((p) => p.name), ['storefront', 'payments']);
      const counts = s.data.products.map((p) => s.data.releases.get(p.name)!.length);
      assert.ok(counts.every((n) => n >= 1 && n <= 3), String(counts));
      const res = await gql(s.url, PROMOTIONS_QUERY, { pagination: { first: 50 } });
      const nodes = (res.json().data?.promotions as { edges: { node: { status: string } }[] }).edges.map((e) => e.node);
      assert.equal(nodes.length, counts.reduce((a, b) => a + b, 0));
      assert.ok(nodes.some((n) => n.status === 'RUNNING'));
      assert.ok(nodes.some((n) => n.status === 'SUSPENDED' || n.status === 'QUEUED'));
      // Ranges: together the storefront releases cover the history up to HEAD, each commit once.
      const sf = [...s.data.releases.get('storefront')!].reverse();
      const covered = sf.flatMap((x) => x.commits.map((c) => c.sha));
      assert.deepEqual(covered, repoShas(r).slice(0, covered.length));
      assert.equal(sf[sf.length - 1]!.trigger.sha, repoShas(r)[4]);
    } finally {
      await s.close();
    }
  });

  it('serves products but no releases for a repository without commits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-demo-empty-'));
    repos.push(path.join(dir, 'x'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const s = await startDemoServer({ repoPath: dir });
    try {
      const res = await gql(s.url, PROMOTIONS_QUERY, {});
      assert.equal(res.status, 200);
      assert.deepEqual((res.json().data?.promotions as { edges: unknown[] }).edges, []);
      const p = await gql(s.url, '{ products { edges { node { name latestRelease { releaseId } } } } }');
      assert.deepEqual(p.json().data, {
        products: { edges: [{ node: { name: 'storefront', latestRelease: null } }, { node: { name: 'payments', latestRelease: null } }] },
      });
    } finally {
      await s.close();
    }
  });

  it('refuses a folder that is not a Git repository', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-demo-norepo-'));
    repos.push(path.join(dir, 'x'));
    await assert.rejects(startDemoServer({ repoPath: dir }), (e: unknown) => e instanceof DemoSeedError && /not a Git repository/.test(e.message));
  });

  it('is deterministic: the same repository gives the same answers; another gives different ids', async () => {
    const msgs = lifelikeMessages(40);
    const r1 = repo(msgs);
    const answers = async (r: string) => {
      const s = await startDemoServer({ repoPath: r, clock: () => 0, stageMs: 0 });
      try {
        const list = (await gql(s.url, PROMOTIONS_QUERY, { pagination: { first: 50 } })).text;
        const id = [...s.data.byId.keys()][3]!;
        const detail = (await gql(s.url, DETAIL_QUERY, { id })).text;
        return { list, detail };
      } finally {
        await s.close();
      }
    };
    const a = await answers(r1);
    const b = await answers(r1);
    assert.deepEqual(a, b);
    const other = await answers(repo(msgs.map((m) => `${m} again`)));
    assert.notEqual(other.list, a.list);
  });

  it('caps the default release count for long histories and honours releasesPerProduct', async () => {
    const shas = Array.from({ length: 1200 }, (_, i) => i.toString(16).padStart(40, '0'));
    const history = {
      commits: shas.map((sha, i) => ({
        sha,
        authorName: 'A',
        authorEmail: 'a@x.invalid',
        authorDate: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
        committerName: 'A',
        committerEmail: 'a@x.invalid',
        committerDate: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
        message: `change ${i}`,
      })),
      repoURL: 'https://example.invalid/r.git',
      branch: 'main',
      name: 'r',
    };
    const capped = seedFromHistory(history);
    assert.ok([...capped.releases.values()].every((l) => l.length === 150));
    const big = seedFromHistory({ ...history, commits: history.commits.slice(0, 300) }, { releasesPerProduct: 2500 });
    const sf = big.releases.get('storefront')!;
    assert.equal(sf.length, 2500);
    // Newest first, strictly by time, trigger commits in history order (repeating when releases outnumber commits).
    for (let i = 1; i < sf.length; i++) {
      assert.ok(sf[i - 1]!.createdAtMs > sf[i]!.createdAtMs);
      assert.ok(shas.indexOf(sf[i - 1]!.trigger.sha) >= shas.indexOf(sf[i]!.trigger.sha));
    }
  });

  it('pages through 2,000 releases of one product over HTTP in 40 requests', async () => {
    const r = repo(lifelikeMessages(50));
    const s = await startDemoServer({ repoPath: r, releasesPerProduct: 2000, clock: () => 0, stageMs: 0 });
    try {
      const ids = new Set<string>();
      let after: string | undefined;
      let requests = 0;
      for (;;) {
        const res = await gql(s.url, PROMOTIONS_QUERY, { filters: { productNames: ['payments'] }, pagination: { first: 50, after } });
        requests++;
        const p = res.json().data?.promotions as { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id?: string; releaseId?: string } }[] };
        for (const e of p.edges) ids.add(e.node.id ?? e.node.releaseId ?? '');
        if (!p.pageInfo.hasNextPage) break;
        after = p.pageInfo.endCursor;
      }
      assert.equal(ids.size, 2000);
      assert.equal(requests, 40);
    } finally {
      await s.close();
    }
  });
});
