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

  it('github without GITHUB_TOKEN, GH_TOKEN or gh: a backend error that says how to give one', async () => {
    const r = await cli(['where', 'HEAD', '--repo', repo, '--backend', 'github'], { PATH: '/nonexistent' });
    assert.equal(r.code, EXIT.backend);
    assert.match(r.err, /no GitHub token: set GITHUB_TOKEN or GH_TOKEN/);
  });
});
