// The CLI against a backend rather than a releases file: the demo backend's answers say they are demo data, and the
// release notes still come from local Git when the platform cannot give its own (no productRelease query).
import assert from 'node:assert/strict';
import { EXIT, runCli } from '../../../src/cli/run';
import { startDemoServer, type DemoServer } from '../../../src/fakes/codefresh/server';
import { forgetMissingQueries } from '../../../src/backends/codefresh';
import { makeRepo, removeRepo } from '../backends/demo/helpers';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env, home: '/nonexistent' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli: against a backend', function () {
  this.timeout(60_000);
  let repo: string;
  let server: DemoServer | undefined;
  before(() => {
    repo = makeRepo(['init', 'feat: cart totals (#3)', 'fix: rounding AP-7', 'feat: checkout', 'fix: tax (#9)', 'chore: deps']);
  });
  after(async () => {
    await server?.close();
    forgetMissingQueries();
    removeRepo(repo);
  });

  it('says the answer is demo data when it comes from the demo backend, in text and in JSON', async () => {
    const text = await cli(['where', 'HEAD', '--repo', repo, '--backend', 'demo']);
    assert.equal(text.code, EXIT.ok, text.err);
    assert.match(text.out.split('\n')[0] ?? '', /demo data/i, text.out);
    const json = await cli(['where', 'HEAD', '--repo', repo, '--backend', 'demo', '--json']);
    assert.equal(json.code, EXIT.ok, json.err);
    assert.equal((JSON.parse(json.out) as { demo?: boolean }).demo, true);
    assert.match(json.err, /demo data/i, 'and on stderr, for whoever reads the JSON in a terminal');
  });

  it('notes fall back to local Git, with a warning, when the platform has no productRelease query', async () => {
    server = await startDemoServer({ repoPath: repo, port: 0, without: ['productRelease'] });
    const release = [...server.data.releases.values()].flat()[0];
    assert.ok(release, 'the demo has a release');
    const r = await cli(['notes', release.id, '--repo', repo, '--backend', 'codefresh', '--url', server.url], { CODEFRESH_API_KEY: server.apiKey });
    assert.equal(r.code, EXIT.ok, r.err);
    assert.match(r.err, /release notes .*could not be loaded/i);
    assert.match(r.out, /commit|Commits/i, r.out);
  });
});
