// A repository's own .git/config can name a program git runs while it reads the working tree: core.fsmonitor is run
// whenever the index is read. A folder opened in Restricted Mode (a downloaded archive with its .git) must not get to
// run it through the hover's blame or any other git call of ours.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BlameCache } from '../../../src/git/blame';
import { git } from '../../../src/git/exec';
import { buildRepo, gitSync, tempDir } from '../../fixtures/repos/fastImport';

describe('git: programs named by the repository config are not run', function () {
  this.timeout(30_000);
  let dir: string;
  let marker: string;
  before(() => {
    dir = tempDir('fsmonitor');
    buildRepo(dir, [{ label: 'c0', message: 'add f', files: { 'f.txt': 'a\nb\n' } }]);
    marker = path.join(dir, '..', `${path.basename(dir)}-fsmonitor-ran`);
    const hook = path.join(dir, '..', `${path.basename(dir)}-hook.sh`);
    fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
    gitSync(dir, ['config', 'core.fsmonitor', hook]);
    fs.writeFileSync(path.join(dir, 'f.txt'), 'a changed\nb\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('blaming a changed file and reading the status leave core.fsmonitor unrun', async () => {
    const b = new BlameCache();
    assert.deepEqual(await b.blameLine(dir, path.join(dir, 'f.txt'), 0), { kind: 'uncommitted' });
    await git(dir, ['status', '--porcelain']);
    await git(dir, ['diff', '--stat']);
    assert.equal(fs.existsSync(marker), false, 'the repository-configured fsmonitor program ran');
  });

  it('blaming does not run a textconv program the repository configures for the file', async () => {
    const ran = path.join(dir, '..', `${path.basename(dir)}-textconv-ran`);
    const conv = path.join(dir, '..', `${path.basename(dir)}-conv.sh`);
    fs.writeFileSync(conv, `#!/bin/sh\ntouch '${ran}'\ncat "$1"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, '.git', 'info', 'attributes'), 'f.txt diff=conv\n');
    gitSync(dir, ['config', 'diff.conv.textconv', conv]);
    const line = await new BlameCache().blameLine(dir, path.join(dir, 'f.txt'), 1);
    assert.equal(line.kind, 'committed');
    assert.equal(fs.existsSync(ran), false, 'the repository-configured textconv program ran');
  });
});
