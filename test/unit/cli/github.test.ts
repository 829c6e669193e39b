// The CLI with the GitHub backend: on the test engine its answers say they are made up; against GitHub without a
// token it says where a token comes from.
import assert from 'node:assert/strict';
import { EXIT, runCli } from '../../../src/cli/run';
import { makeRepo, removeRepo } from '../backends/demo/helpers';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env, home: '/nonexistent' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli: --backend github', function () {
  this.timeout(60_000);
  let repo: string;
  before(() => {
    repo = makeRepo(['init', 'feat: cart', 'fix: rounding', 'feat: checkout', 'fix: tax', 'chore: deps', 'feat: search']);
  });
  after(() => removeRepo(repo));

  it('github-demo: where a commit is deployed, per environment, labelled as demo data', async () => {
    const r = await cli(['where', 'HEAD~3', '--repo', repo, '--backend', 'github-demo', '--json']);
    assert.equal(r.code, EXIT.ok, r.err);
    const answer = JSON.parse(r.out) as { demo?: boolean; products: { product: string; environments: { environment: string; state: string }[] }[] };
    assert.equal(answer.demo, true);
    assert.match(r.err, /demo data/i);
    const envs = answer.products[0]!.environments.map((e) => e.environment);
    assert.deepEqual(envs.slice(0, 2), ['staging', 'production']);
  });

  it('github-demo notes: the pull requests come from GitHub (title, author, merge date, link), labelled as demo data', async () => {
    const prRepo = makeRepo(['init', 'Add cart totals (#5)', 'fix: rounding', 'Merge pull request #8 from shop/search\n\nSearch the catalogue', 'chore: deps', 'Faster checkout (#9)', 'docs']);
    try {
      const listed = await cli(['where', 'HEAD', '--repo', prRepo, '--backend', 'github-demo', '--json']);
      assert.equal(listed.code, EXIT.ok, listed.err);
      const where = JSON.parse(listed.out) as { products: { environments: { environment: string; release?: { id: string } }[] }[] };
      const run = where.products[0]!.environments.find((e) => e.environment === 'staging')!.release!.id;
      const r = await cli(['notes', run, '--repo', prRepo, '--backend', 'github-demo']);
      assert.equal(r.code, EXIT.ok, r.err);
      assert.match(r.out, /^Demo data/);
      const prs = r.out.split('\n').filter((l) => /^ {2}#\d+ /.test(l));
      assert.ok(prs.length >= 1, r.out);
      for (const line of prs) {
        assert.match(line, /^ {2}#(\d+) .+ \(ada-lovelace\) merged \d{4}-\d\d-\d\d http:\/\/127\.0\.0\.1:\d+\/local\/demo-repo\/pull\/\1$/, 'GitHub\'s author login, merge date and link, not tagged [git]');
      }
      assert.ok(prs.some((l) => l.includes('#9 Faster checkout')), r.out);
      assert.match(r.out, /Deployments:\n {2}staging Succeeded log: http:\/\/127\.0\.0\.1:\d+\/local\/demo-repo\/actions\/runs\/\d+\/job\/\d+/);
      const json = JSON.parse((await cli(['notes', run, '--repo', prRepo, '--backend', 'github-demo', '--json'])).out) as { demo?: boolean; pullRequests: { key: string; source: string }[] };
      assert.equal(json.demo, true);
      assert.ok(json.pullRequests.every((p) => p.source === 'backend'), JSON.stringify(json.pullRequests));
    } finally {
      removeRepo(prRepo);
    }
  });

  it('github without GITHUB_TOKEN, GH_TOKEN or gh: a backend error that says how to give one', async () => {
    const r = await cli(['where', 'HEAD', '--repo', repo, '--backend', 'github'], { PATH: '/nonexistent' });
    assert.equal(r.code, EXIT.backend);
    assert.match(r.err, /no GitHub token: set GITHUB_TOKEN or GH_TOKEN/);
  });
});
