import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CommitDeployments } from '../../../src/core/deployment';
import { BACKEND_IDS, type ReleasesFile } from '../../../src/core/model';
import { EXIT, runCli } from '../../../src/cli/run';
import { buildRepo, gitSync, tempDir } from '../../fixtures/repos/fastImport';
import { product, release } from '../resolve/releases';

async function cli(args: string[], cwd: string, stdin?: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), cwd, env: {}, home: cwd, stdin: async () => stdin ?? '' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli: where and notes from a releases file', function () {
  this.timeout(30_000);
  let dir: string;
  let sha: Record<string, string>;
  let file: string;
  before(() => {
    dir = tempDir('cli');
    sha = buildRepo(path.join(dir, 'repo'), [
      { label: 'c0', message: 'init', files: { a: '0' } },
      { label: 'c1', parents: ['c0'], message: 'Add cart totals (#12)', files: { a: '1' }, author: { name: 'Ann', email: 'ann@example.com' } },
      { label: 'c2', parents: ['c1'], message: 'AP-7 fix rounding', files: { a: '2' } },
    ]);
    const data: ReleasesFile = {
      version: 1,
      products: [
        {
          product: product('shop', ['dev', 'prod']),
          releases: [
            release('shop', 'r2', 20, sha.c2, { dev: 'SUCCEEDED', prod: 'FAILED' }, { status: 'FAILED', version: '1.1.0', error: { message: 'prod sync failed' } }),
            release('shop', 'r1', 10, sha.c0, { dev: 'SUCCEEDED', prod: 'SUCCEEDED' }, { version: '1.0.0' }),
          ],
        },
      ],
    };
    file = path.join(dir, 'releases.json');
    fs.writeFileSync(file, JSON.stringify(data));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('where prints each environment with its state and release', async () => {
    const r = await cli(['where', 'HEAD~1', '--repo', 'repo', '--releases', 'releases.json'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    assert.match(r.out, /^commit [0-9a-f]{12} {2}Add cart totals \(#12\) \(Ann, 2023-11-14\)/);
    assert.match(r.out, /\n {2}dev +Deployed +r2 \(1\.1\.0\) Succeeded; here since \S+/);
    assert.match(r.out, /\n {2}prod +Blocked +r2 \(1\.1\.0\) Failed: prod sync failed/);
  });

  it('reads a releases file written from any backend (a GitHub workflow run), and names every backend it can ask', async () => {
    const gh: ReleasesFile = JSON.parse(fs.readFileSync(file, 'utf8')) as ReleasesFile;
    for (const p of gh.products) for (const r of p.releases) r.source = { backend: 'github', kind: 'workflow-run' };
    fs.writeFileSync(path.join(dir, 'github.json'), JSON.stringify(gh));
    const r = await cli(['where', 'HEAD~1', '--repo', 'repo', '--releases', 'github.json'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    assert.match(r.out, /\n {2}dev +Deployed +r2/);
    const unknown = await cli(['where', 'HEAD', '--repo', 'repo', '--backend', 'gitlab'], dir);
    assert.equal(unknown.code, EXIT.usage);
    assert.match(unknown.err, new RegExp(`unknown backend "gitlab" \\(${BACKEND_IDS.join(', ')}\\)`));
  });

  it('where --json gives the resolver answer', async () => {
    const r = await cli(['where', sha.c0!.slice(0, 8), '--repo', path.join(dir, 'repo'), '--releases', file, '--json'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    const answer = JSON.parse(r.out) as { sha: string; products: { environments: { environment: string; state: string; release?: { id: string }; firstRelease?: { id: string } }[] }[] };
    assert.equal(answer.sha, sha.c0);
    assert.deepEqual(
      answer.products[0]!.environments.map((e) => [e.environment, e.state, e.release?.id, e.firstRelease?.id]),
      [
        ['dev', 'deployed', 'r2', 'r1'],
        ['prod', 'deployed', 'r1', 'r1'],
      ],
    );
  });

  it('where answers several commits from one load: JSON Lines in the order asked, an unknown one on its own line', async () => {
    const r = await cli(['where', 'HEAD', sha.c0!.slice(0, 8), 'no-such-ref', 'HEAD~1', '--repo', 'repo', '--releases', 'releases.json', '--json'], dir);
    assert.equal(r.code, EXIT.unknownCommit, r.err);
    const lines = r.out.split('\n').map((l) => JSON.parse(l) as { input: string; sha?: string; error?: string; products?: { environments: { environment: string; state: string }[] }[] });
    assert.deepEqual(
      lines.map((l) => [l.input, l.sha]),
      [
        ['HEAD', sha.c2],
        [sha.c0!.slice(0, 8), sha.c0],
        ['no-such-ref', undefined],
        ['HEAD~1', sha.c1],
      ],
    );
    assert.match(lines[2]!.error!, /^unknown commit "no-such-ref" in /);
    assert.deepEqual(lines[0]!.products![0]!.environments.map((e) => [e.environment, e.state]), [['dev', 'deployed'], ['prod', 'blocked']]);
    // Each line is the same answer the one-commit form gives.
    const one = await cli(['where', 'HEAD~1', '--repo', 'repo', '--releases', 'releases.json', '--json'], dir);
    const { dataAsOf: _a, ...single } = JSON.parse(one.out) as { dataAsOf?: string };
    const { dataAsOf: _b, ...fourth } = lines[3] as { dataAsOf?: string };
    assert.deepEqual({ input: 'HEAD~1', ...single }, fourth);
  });

  it('where --stdin reads one commit-ish per line, after any arguments', async () => {
    const r = await cli(['where', '--stdin', 'HEAD~2', '--repo', 'repo', '--releases', 'releases.json', '--json'], dir, `${sha.c1}\n\n  HEAD  \n`);
    assert.equal(r.code, EXIT.ok, r.err);
    assert.deepEqual(r.out.split('\n').map((l) => (JSON.parse(l) as { input: string; sha: string }).sha), [sha.c0, sha.c1, sha.c2]);
    const empty = await cli(['where', '--stdin', '--repo', 'repo', '--releases', 'releases.json'], dir, '\n');
    assert.equal(empty.code, EXIT.usage);
    assert.match(empty.err, /where needs a commit \(none on standard input\)/);
  });

  it('where with several commits in text prints one block per commit, with its subject', async () => {
    const r = await cli(['where', 'HEAD~1', 'HEAD', '--repo', 'repo', '--releases', 'releases.json'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    const blocks = r.out.split('\n\n');
    assert.equal(blocks.length, 2);
    assert.match(blocks[0]!, /^commit [0-9a-f]{12} {2}Add cart totals \(#12\) \(Ann, 2023-11-14\)/);
    assert.match(blocks[1]!, /^commit [0-9a-f]{12} {2}AP-7 fix rounding/);
  });

  it('notes lists local commits, the squash PR and Jira keys since the previous live release', async () => {
    const r = await cli(['notes', 'r2', '--repo', 'repo', '--releases', 'releases.json', '--json'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    const n = JSON.parse(r.out) as { commits: { sha: string; source: string }[]; pullRequests: { key: string }[]; issues: { key: string }[] };
    assert.deepEqual(n.commits.map((c) => c.sha), [sha.c2, sha.c1]);
    assert.ok(n.commits.every((c) => c.source === 'local-git'));
    assert.deepEqual(n.pullRequests.map((p) => p.key), ['#12']);
    assert.deepEqual(n.issues.map((i) => i.key), ['AP-7']);
    const text = await cli(['notes', 'r2', '--repo', 'repo', '--releases', 'releases.json'], dir);
    assert.match(text.out, /release r2 \(1\.1\.0\) since r1/);
  });

  it('distinct exit codes: usage, not a repo, unknown commit, unreadable/invalid file, unknown release', async () => {
    assert.equal((await cli([], dir)).code, EXIT.usage);
    assert.equal((await cli(['where', 'HEAD'], dir)).code, EXIT.usage, 'no data source');
    const notRepo = await cli(['where', 'HEAD', '--repo', '.', '--releases', 'releases.json'], dir);
    assert.equal(notRepo.code, EXIT.notARepo);
    assert.match(notRepo.err, /not a git repository/);
    const unknown = await cli(['where', 'deadbeef', '--repo', 'repo', '--releases', 'releases.json'], dir);
    assert.equal(unknown.code, EXIT.unknownCommit);
    assert.match(unknown.err, /unknown commit "deadbeef"/);
    const missing = await cli(['where', 'HEAD', '--repo', 'repo', '--releases', 'nope.json'], dir);
    assert.equal(missing.code, EXIT.releasesFile);
    assert.match(missing.err, /cannot read releases file .*nope\.json: ENOENT/);
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ version: 1, products: [{ product: product('shop', ['dev']), releases: [{ id: 'x', createdAt: 5 }] }] }));
    const invalid = await cli(['where', 'HEAD', '--repo', 'repo', '--releases', 'bad.json'], dir);
    assert.equal(invalid.code, EXIT.releasesFile);
    assert.match(invalid.err, /products\[0\]\.releases\[0\]\.source/);
    assert.match(invalid.err, /products\[0\]\.releases\[0\]\.createdAt/);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"version": 1, "products": [');
    const broken = await cli(['where', 'HEAD', '--repo', 'repo', '--releases', 'broken.json'], dir);
    assert.equal(broken.code, EXIT.releasesFile);
    assert.match(broken.err, /not valid JSON/);
    const noRel = await cli(['notes', 'r9', '--repo', 'repo', '--releases', 'releases.json'], dir);
    assert.equal(noRel.code, EXIT.releaseNotFound);
    const noKey = await cli(['where', 'HEAD', '--repo', 'repo', '--backend', 'codefresh'], dir);
    assert.ok(noKey.code === EXIT.backend, noKey.err);
  });
});

describe('cli: rollbacks and releases that cannot change the answer', function () {
  this.timeout(30_000);
  it('says a rolled-back commit is no longer deployed, and notes a release it ignored', async () => {
    const dir = tempDir('cli-rollback');
    try {
      const sha = buildRepo(path.join(dir, 'repo'), [
        { label: 'c0', files: { a: '0' } },
        { label: 'c1', parents: ['c0'], files: { a: '1' } },
      ]);
      const data: ReleasesFile = {
        version: 1,
        products: [
          {
            product: product('shop', ['prod']),
            releases: [
              release('shop', 'r3', 30, sha.c0, { prod: 'SUCCEEDED' }, { version: '1.0.1' }),
              release('shop', 'r2', 20, sha.c1, { prod: 'SUCCEEDED' }, { version: '1.1.0' }),
              release('shop', 'r1', 10, 'e'.repeat(40), { prod: 'SUCCEEDED' }),
            ],
          },
        ],
      };
      fs.writeFileSync(path.join(dir, 'releases.json'), JSON.stringify(data));
      const text = await cli(['where', sha.c1!, '--repo', 'repo', '--releases', 'releases.json'], dir);
      assert.equal(text.code, EXIT.ok, text.err);
      assert.match(text.out, /\n {2}prod +No longer deployed +r2 \(1\.1\.0\) Succeeded; live now r3 \(1\.0\.1\) since \S+/);
      const old = await cli(['where', sha.c0!, '--repo', 'repo', '--releases', 'releases.json'], dir);
      assert.match(old.out, /\n {2}prod +Deployed +r3/);
      assert.match(old.out, /\n {2}not counted \(cannot change the answer\): release r1: its commit is not in the local repository \(prod\)/);
      const json = await cli(['where', sha.c1!, '--repo', 'repo', '--releases', 'releases.json', '--json'], dir);
      const env = (JSON.parse(json.out) as CommitDeployments).products[0]!.environments[0]!;
      assert.deepEqual([env.state, env.release?.id, env.liveRelease?.id], ['no-longer-deployed', 'r2', 'r3']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cli: abbreviated, ambiguous and out-of-reach commits', function () {
  this.timeout(60_000);
  let dir: string;
  let shas: string[];
  let shared: string[];
  before(() => {
    dir = tempDir('cli-prefix');
    const commits = Array.from({ length: 700 }, (_, i) => ({ label: `c${i}`, parents: i ? [`c${i - 1}`] : [], files: { a: `${i}\n` } }));
    shas = Object.values(buildRepo(path.join(dir, 'repo'), commits));
    const byPrefix = new Map<string, string[]>();
    for (const s of shas) byPrefix.set(s.slice(0, 4), [...(byPrefix.get(s.slice(0, 4)) ?? []), s]);
    shared = [...byPrefix.values()].find((l) => l.length === 2)!;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, sha: string) => {
    const data: ReleasesFile = {
      version: 1,
      products: [
        {
          product: product('shop', ['dev']),
          releases: [
            release('shop', 'r2', 20, sha, { dev: 'FAILED' }, { status: 'FAILED', error: { message: 'sync failed' } }),
            release('shop', 'r1', 10, shas[0], { dev: 'SUCCEEDED' }),
          ],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, name), JSON.stringify(data));
  };

  it('a 12-digit sha in a releases file names its commit: a failed release of it reads blocked', async () => {
    write('short.json', shas[600]!.slice(0, 12));
    const r = await cli(['where', shas[500]!, '--repo', 'repo', '--releases', 'short.json'], dir);
    assert.equal(r.code, EXIT.ok, r.err);
    assert.match(r.out, /\n {2}dev +Blocked +r2 Failed: sync failed/);
  });

  it('an ambiguous sha in a releases file is rejected with its field path and the candidates', async () => {
    write('ambiguous.json', shared[0]!.slice(0, 4));
    const r = await cli(['where', shas[500]!, '--repo', 'repo', '--releases', 'ambiguous.json'], dir);
    assert.equal(r.code, EXIT.releasesFile);
    assert.match(r.err, new RegExp(`products\\[0\\]\\.releases\\[0\\]\\.triggerCommit\\.sha: ${shared[0]!.slice(0, 4)} is ambiguous \\(2 commits: `));
    for (const c of shared) assert.ok(r.err.includes(c.slice(0, 10)), `names ${c.slice(0, 10)}: ${r.err}`);
  });

  it('an ambiguous commit to ask about says so and names the candidates (exit 4)', async () => {
    write('ok.json', shas[600]!);
    const r = await cli(['where', shared[0]!.slice(0, 4), '--repo', 'repo', '--releases', 'ok.json'], dir);
    assert.equal(r.code, EXIT.unknownCommit);
    assert.match(r.err, /is ambiguous/);
    for (const c of shared) assert.ok(r.err.includes(c.slice(0, 10)), `names ${c.slice(0, 10)}: ${r.err}`);
  });

  it('in a shallow clone, a commit older than its history says the clone is shallow and how to deepen it', async () => {
    const shallow = path.join(dir, 'shallow');
    gitSync(dir, ['clone', '-q', '--depth', '5', `file://${path.join(dir, 'repo')}`, shallow]);
    write('ok.json', shas[600]!);
    const r = await cli(['where', shas[10]!, '--repo', 'shallow', '--releases', 'ok.json'], dir);
    assert.equal(r.code, EXIT.unknownCommit);
    assert.match(r.err, /unknown commit/);
    assert.match(r.err, /shallow clone/);
    assert.match(r.err, /git fetch --deepen=/);
    assert.match(r.err, /git fetch --unshallow/);
    // The same hint when a releases file abbreviates a commit the shallow clone does not have.
    write('old.json', shas[10]!.slice(0, 12));
    const file = await cli(['where', shas[699]!, '--repo', 'shallow', '--releases', 'old.json'], dir);
    assert.equal(file.code, EXIT.releasesFile);
    assert.match(file.err, /triggerCommit\.sha: [0-9a-f]{12} is not a commit in this repository .*shallow clone.*git fetch --deepen=/);
  });
});
