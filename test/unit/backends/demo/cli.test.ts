import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { gql, makeRepo, removeRepo, spawnDemo } from './helpers';

const MAIN = path.resolve(__dirname, '../../../../src/fakes/codefresh/main.ts');

describe('demo server: standalone command', function () {
  this.timeout(30_000);
  let repo: string;
  before(() => {
    repo = makeRepo(['init', 'feat: one', 'fix: two (#3)']);
  });
  after(() => removeRepo(repo));

  it('prints its URL and key, serves GraphQL, and stops cleanly on SIGTERM', async () => {
    const demo = await spawnDemo(['--repo', repo, '--port', '0', '--legacy'], /API key: \S+\n/);
    const { child, url } = demo;
    try {
      assert.match(demo.out(), /API key: demo-key/);
      const res = await gql(url, '{ promotions { edges { cursor } } }');
      assert.equal(res.status, 400, 'started in legacy mode');
      const ok = await gql(url, '{ me { name } }');
      assert.equal(ok.status, 200);
      const code = await new Promise<number | null>((resolve) => {
        child.once('exit', (c) => resolve(c));
        child.kill('SIGTERM');
      });
      assert.equal(code, 0);
      assert.match(demo.err(), /SIGTERM: stopping the demo server/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('exits with a clear message for a bad option or a folder that is not a repository', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const c = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        c.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const t = setTimeout(() => c.kill('SIGKILL'), 20_000);
        c.once('exit', (code) => {
          clearTimeout(t);
          resolve({ code, err });
        });
      });
    const bad = await run(['--port', 'abc', '--repo', repo]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /--port must be a non-negative integer/);
    const norepo = await run(['--repo', path.dirname(repo)]);
    assert.equal(norepo.code, 1);
    assert.match(norepo.err, /not a Git repository/);
  });
});
