// The CLI against Kargo (the fake server here): where a commit is, per Stage, with the token from KARGO_API_TOKEN;
// a missing token or address is said plainly.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { EXIT, runCli } from '../../../src/cli/run';
import { startFakeKargo, type FakeKargo } from '../../../src/fakes/kargo/server';
import { lifelikeMessages, makeRepo, removeRepo } from '../backends/demo/helpers';
import { checkRequest, checkResponse } from '../backends/kargo/contract';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env, home: '/nonexistent' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli: --backend kargo', function () {
  this.timeout(60_000);
  let repo: string;
  let fake: FakeKargo;
  before(async () => {
    repo = makeRepo(lifelikeMessages(30), 'shop');
    fake = await startFakeKargo({ repoPath: repo, check: checkResponse, checkRequest });
  });
  after(async () => {
    const violations = [...fake.violations];
    await fake.close();
    removeRepo(repo);
    assert.deepEqual(violations, []);
  });

  it('answers where a commit is deployed, per Stage, from Freight', async () => {
    // The commit of a Freight that reached prod long ago: deployed everywhere it went since.
    const old = fake.data.freight.at(-1);
    assert.ok(old);
    const sha = old.commits[0]?.sha ?? '';
    const r = await cli(['where', sha, '--repo', repo, '--backend', 'kargo', '--url', fake.url, '--json'], { KARGO_API_TOKEN: fake.token });
    assert.equal(r.code, EXIT.ok, r.err);
    const answer = JSON.parse(r.out) as { demo?: boolean; products: { product: string; environments: { environment: string }[] }[] };
    assert.notEqual(answer.demo, true);
    const envs = answer.products.find((p) => p.product === 'kargo-demo')?.environments.map((e) => e.environment) ?? [];
    assert.ok(envs.includes('dev') && envs.includes('prod'), JSON.stringify(answer));
    assert.ok(execFileSync('git', ['-C', repo, 'cat-file', '-t', sha]).toString().trim() === 'commit');
  });

  it('HEAD, carried only by the newest Freight\'s image, is linked by its revision annotation; older commits exactly', async () => {
    const r = await cli(['where', 'HEAD', '--repo', repo, '--backend', 'kargo', '--url', fake.url, '--json'], { KARGO_API_TOKEN: fake.token });
    assert.equal(r.code, EXIT.ok, r.err);
    type Env = { environment: string; state: string; containment?: string; link?: string };
    const envs = (JSON.parse(r.out) as { products: { product: string; environments: Env[] }[] }).products[0]?.environments ?? [];
    assert.deepEqual(envs.find((e) => e.environment === 'dev'), { ...envs.find((e) => e.environment === 'dev'), state: 'on-its-way', containment: 'trigger', link: 'image-revision' });
    const old = fake.data.freight.find((f, i) => i > 0 && !f.imageOnly && f.currentlyIn.has('prod'));
    assert.ok(old);
    const o = await cli(['where', old.commits[0]?.sha ?? '', '--repo', repo, '--backend', 'kargo', '--url', fake.url, '--json'], { KARGO_API_TOKEN: fake.token });
    const prod = (JSON.parse(o.out) as { products: { environments: Env[] }[] }).products[0]?.environments.find((e) => e.environment === 'prod');
    assert.deepEqual([prod?.state, prod?.containment, prod?.link], ['deployed', 'trigger', 'exact-sha']);
  });

  it('says what is missing: no token, no address', async () => {
    const noToken = await cli(['where', 'HEAD', '--repo', repo, '--backend', 'kargo', '--url', fake.url]);
    assert.equal(noToken.code, EXIT.backend);
    assert.match(noToken.err, /no Kargo token: set KARGO_API_TOKEN or run `kargo login`/);
    const noUrl = await cli(['where', 'HEAD', '--repo', repo, '--backend', 'kargo'], { KARGO_API_TOKEN: 'x' });
    assert.match(noUrl.err, /no Kargo API address/);
    const wrong = await cli(['where', 'HEAD', '--repo', repo, '--backend', 'kargo'], { KARGO_API_TOKEN: 'wrong', KARGO_API_ADDRESS: fake.url });
    assert.equal(wrong.code, EXIT.backend);
    assert.match(wrong.err, /rejected the token \(HTTP 401/);
  });
});
