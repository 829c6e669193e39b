// Compare Environments in a real VS Code, against the run's demo backend: the comparison of two environments of a
// product lists exactly the commits `git log prod..staging` of the fixture repository gives for the two live
// releases' commits, in a read-only Markdown document.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { ReleaseSummary } from '../../../src/core/model';
import { environmentStatus } from '../../../src/core/status';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { COMPARE_SCHEME } from '../../../src/vscode/compare';
import { activateExtension, fixture, log, waitFor } from './helpers';

function live(releases: readonly ReleaseSummary[], env: string): ReleaseSummary | undefined {
  const ok = releases.filter((r) => environmentStatus(r.environments.find((e) => e.name === env)?.status).kind === 'succeeded');
  return ok.find((r) => r.environments.find((e) => e.name === env)?.active) ?? ok[0];
}

describe('compare environments (VS Code)', function () {
  this.timeout(120_000);
  let api: GitopsReleasesApi;

  before(async function () {
    this.timeout(120_000);
    api = await activateExtension();
    await waitFor(() => api.backendState().state === 'ready' && api.storeState().lastSuccessAt && api.storeState().restoredAt === undefined, 60_000, 'release data');
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('lists the commits the ahead environment has that the one behind does not', async () => {
    const repo = fixture().repoPath;
    // A product and two environments whose live releases carry different commits, the ahead one a descendant.
    let pick: { product: string; from: string; to: string; range: string[]; fromSha: string } | undefined;
    for (const p of api.snapshot()) {
      const envs = [...new Set(p.releases.flatMap((r) => r.environments.map((e) => e.name)))];
      for (const to of envs) {
        for (const from of envs) {
          const a = live(p.releases, from)?.triggerCommit?.sha;
          const b = live(p.releases, to)?.triggerCommit?.sha;
          if (pick || !a || !b || a === b) continue;
          const range = execFileSync('git', ['rev-list', '--no-merges', `${a}..${b}`], { cwd: repo }).toString().split('\n').filter(Boolean);
          if (range.length > 0 && range.length <= 100) pick = { product: p.product.name, from, to, range, fromSha: a };
        }
      }
    }
    assert.ok(pick, 'two environments with different live commits');
    log(`compare suite: ${pick.product} ${pick.to} vs ${pick.from}: ${pick.range.length} commit(s)`);
    await vscode.commands.executeCommand('gitopsReleases.compareEnvironments', pick.product, pick.from, pick.to);
    const shown = await waitFor(() => api.lastComparison(), 30_000, 'the comparison');
    assert.equal(shown.kind, 'range', shown.text);
    // The comparison names the two releases it compared, and what it lists is exactly git's range between them. The
    // demo keeps a release moving while the suites run: when it moved into one of the two environments between the
    // pick and the comparison, the pair differs from the pick (said in the log), and the range is checked all the same.
    const [a, b] = [shown.fromSha, shown.toSha];
    assert.ok(a && b, 'the comparison names the commits of both live releases');
    if (a !== pick.fromSha) log(`compare suite: the live release of ${pick.from} moved during the test (${pick.fromSha.slice(0, 7)} → ${a.slice(0, 7)})`);
    const releases = api.snapshot().find((p) => p.product.name === pick!.product)?.releases ?? [];
    for (const sha of [a, b]) assert.ok(releases.some((r) => r.triggerCommit?.sha === sha), `${sha} is a release of ${pick.product}`);
    const expected = execFileSync('git', ['rev-list', '--no-merges', `${a}..${b}`], { cwd: repo }).toString().split('\n').filter(Boolean);
    assert.deepEqual(new Set(shown.shas), new Set(expected), `exactly the commits git lists for ${a}..${b}, each once:\n${shown.text}`);
    assert.equal(shown.shas.length, expected.length);
    pick.range = expected;
    const editor = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === COMPARE_SCHEME), 15_000, 'the comparison document');
    assert.equal(editor.document.languageId, 'markdown');
    assert.match(editor.document.getText(), new RegExp(`${pick.to} compared with ${pick.from}`));
    for (const sha of pick.range) assert.ok(editor.document.getText().includes(sha.slice(0, 7)), `${sha.slice(0, 7)} is listed`);
  });
});
