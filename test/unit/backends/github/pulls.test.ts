// The pull requests of commits from GitHub's GraphQL API: the batch query executed against GitHub's own schema on the
// test engine (whose made-up PRs come from the history's merge and squash messages), what it costs, and how an
// answer in a shape this version cannot read is handled.

import { strict as assert } from 'node:assert';
import { type GitHubBackend } from '../../../../src/backends/github/backend';
import type { FakeGitHub } from '../../../../src/fakes/github/server';
import type { GitHubHttp } from '../../../../src/backends/github/transport';
import { pullRequestsOfCommits, pullRequestsQuery } from '../../../../src/backends/github/pulls';
import { buildRepo, tempDir } from '../../../fixtures/repos/fastImport';
import { type EngineBackend, startEngineBackend } from './helpers';

const ANN = { name: 'Ann Example', email: 'ann@example.com' };
const BOB = { name: 'Bob Builder', email: 'bob@example.com' };

describe('GitHub: pull requests of commits', function () {
  this.timeout(60_000);
  let dir: string;
  let sha: Record<string, string>;
  let fake: FakeGitHub;
  let backend: GitHubBackend;
  let engine: EngineBackend | undefined;

  before(async () => {
    dir = tempDir('gh-pulls');
    const filler = Array.from({ length: 60 }, (_, i) => ({ label: `n${i}`, parents: [i === 0 ? 's' : `n${i - 1}`], message: `chore: step ${i}`, files: { c: String(i) } }));
    sha = buildRepo(dir, [
      { label: 'base', files: { a: '0' } },
      { label: 'f1', parents: ['base'], message: 'SHOP-1 add basket', files: { b: '1' }, author: BOB },
      { label: 'f2', parents: ['f1'], message: 'basket tests', files: { b: '2' }, author: BOB },
      { label: 'main1', parents: ['base'], message: 'docs', files: { d: '1' }, author: ANN },
      { label: 'm', parents: ['main1', 'f2'], message: 'Merge pull request #5 from acme/basket\n\nBasket: add and remove lines', author: ANN },
      { label: 's', parents: ['m'], message: 'Faster checkout (#6)', files: { a: '1' }, author: ANN },
      ...filler,
    ]);
    engine = await startEngineBackend(dir);
    ({ fake, backend } = engine);
  });
  after(() => engine?.close());

  it('asks in one aliased query per 50 commits, executed against GitHub\'s schema: merge PRs with their side commits, squash PRs', async () => {
    const all = Object.values(sha);
    const graphqlBefore = fake.log.filter((l) => l.startsWith('POST /api/graphql')).length;
    const points = backend.stats.points;
    const answer = await backend.pullRequestsOf(fake.repository, all);
    const graphql = fake.log.filter((l) => l.startsWith('POST /api/graphql')).slice(graphqlBefore);
    assert.deepEqual(graphql, ['POST /api/graphql -> 200', 'POST /api/graphql -> 200'], `${all.length} commits are two batches`);
    assert.equal(backend.stats.points - points, 2, 'one point per query (rateLimit.cost)');
    assert.equal(answer.skipped, undefined);
    assert.equal(answer.warnings, undefined);
    const byNumber = new Map(answer.pullRequests.map((p) => [p.number, p]));
    assert.deepEqual([...byNumber.keys()].sort(), [5, 6]);
    const five = byNumber.get(5)!;
    assert.equal(five.key, '#5');
    assert.equal(five.title, 'Basket: add and remove lines');
    assert.equal(five.url, `${fake.apiUrl.replace(/\/api\/v3$/, '')}/${fake.repository}/pull/5`);
    assert.equal(five.author, 'bob-builder', 'the author of its first commit');
    assert.equal(five.state, 'MERGED');
    assert.match(five.mergedAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(five.source, 'backend');
    assert.deepEqual(new Set(five.commits!.map((c) => c.sha)), new Set([sha.m, sha.f1, sha.f2]), 'the merge and the commits it brought in');
    const six = byNumber.get(6)!;
    assert.equal(six.title, 'Faster checkout');
    assert.equal(six.author, 'ann-example');
    assert.deepEqual(six.commits!.map((c) => c.sha), [sha.s]);
  });

  it('the notes of a run name its deployments with their environment_url and log_url', async () => {
    const page = await backend.listReleases(fake.repository);
    const run = page.releases.find((r) => r.source.kind === 'workflow-run' && r.environments.some((e) => e.name === 'production' && e.status === 'SUCCEEDED'))!;
    const notes = await backend.getReleaseNotes(run.id);
    const web = fake.apiUrl.replace(/\/api\/v3$/, '');
    const runId = run.id.split('/').pop();
    assert.deepEqual(notes.deployments?.map((d) => [d.environment, d.status, d.url]), [['staging', 'SUCCEEDED', undefined], ['production', 'SUCCEEDED', 'https://example.com']]);
    for (const d of notes.deployments ?? []) assert.match(d.logUrl ?? '', new RegExp(`^${web}/${fake.repository}/actions/runs/${runId}/job/\\d+$`));
    const lone = page.releases.find((r) => r.source.kind === 'deployment')!;
    assert.deepEqual((await backend.getReleaseNotes(lone.id)).deployments?.map((d) => [d.environment, d.status, d.logUrl]), [['preview', 'SUCCEEDED', undefined]]);
  });

  it('sends the shas as variables only; a sha that is not a full hex id, or one GitHub does not have, finds nothing', async () => {
    const text = pullRequestsQuery(2);
    assert.match(text, /\$c0: GitObjectID!, \$c1: GitObjectID!/);
    assert.match(text, /c1: object\(oid: \$c1\)/);
    const before = fake.log.length;
    assert.deepEqual((await backend.pullRequestsOf(fake.repository, ['HEAD', 'abc") { x }', sha.s!.slice(0, 7)])).pullRequests, []);
    assert.equal(fake.log.length, before, 'nothing to ask: no request');
    assert.deepEqual((await backend.pullRequestsOf(fake.repository, ['f'.repeat(40), sha.main1!])).pullRequests, [], 'unknown commit and a commit of no PR');
  });

  it('leaves out a pull request it cannot read and says why, keeping the rest; counts the query\'s cost', async () => {
    const good = { number: 12, title: 'Good one', url: 'https://github.com/acme/shop/pull/12', state: 'MERGED', mergedAt: '2025-01-02T03:04:05Z', author: { login: 'ann' } };
    let points = 0;
    let sent: { query: string; variables: Record<string, unknown> } | undefined;
    const http = {
      graphql: async (query: string, variables: Record<string, unknown>) => {
        sent = { query, variables };
        return {
          data: {
            rateLimit: { cost: 1 },
            repository: {
              c0: { associatedPullRequests: { nodes: [good, { number: 'thirteen', title: 'Bad one', url: 'https://github.com/acme/shop/pull/13', state: 'MERGED' }] } },
              c1: { associatedPullRequests: { nodes: [{ ...good, number: 14, title: 'Open, beside a merged one', state: 'OPEN', mergedAt: null }, { ...good, commits: 'ignored' }] } },
              c2: null,
            },
          },
        };
      },
      addPoints: (n: number) => (points += n),
    } as unknown as GitHubHttp;
    const shas = ['1'.repeat(40), '2'.repeat(40), '3'.repeat(40)];
    const answer = await pullRequestsOfCommits(http, { owner: 'acme', name: 'shop' }, shas);
    assert.deepEqual(sent?.variables, { owner: 'acme', name: 'shop', c0: shas[0], c1: shas[1], c2: shas[2] });
    for (const s of shas) assert.ok(!sent?.query.includes(s), 'no sha in the query text');
    assert.equal(points, 1);
    assert.deepEqual(answer.pullRequests.map((p) => [p.number, p.title, p.author, p.commits?.map((c) => c.sha[0])]), [[12, 'Good one', 'ann', ['1', '2']]], 'the open PR of a commit with a merged one is not its PR');
    assert.equal(answer.skipped?.count, 1);
    assert.match(answer.skipped!.reasons[0]!, /^repository\.c0\.associatedPullRequests\.nodes\[1\]\.number/);
  });
});
