// Where a Freight is, read through the Kargo mapping and the resolver, against Kargo's own objects (shapes of its
// swagger's Stage, Freight and Promotion). Kargo promotes only through a Promotion that a user or an auto-promotion
// policy creates (https://docs.kargo.io/user-guide/how-to-guides/working-with-stages#auto-promotion); until one
// exists, nothing moves a Freight on.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { mapProduct, mapReleasePage, type ProjectState } from '../../../../src/backends/kargo/mapping';

/** Every Freight of the product as a release, newest first (one page holding them all). */
const mapReleases = (state: ProjectState, options: Parameters<typeof mapReleasePage>[1] = {}) => mapReleasePage(state, options, 0, Number.POSITIVE_INFINITY).releases;
import type { KargoStage } from '../../../../src/backends/kargo/schemas';
import type { EnvironmentDeployment } from '../../../../src/core/deployment';
import { CommitGraph } from '../../../../src/git/graph';
import { createResolver } from '../../../../src/resolve/where';
import { buildRepo, tempDir } from '../../../fixtures/repos/fastImport';
import { freight, promotion, stage } from './builders';

describe('Kargo: where a Freight is', function () {
  this.timeout(20_000);
  let dir: string;
  let sha: Record<string, string>;
  let graph: CommitGraph;
  before(async () => {
    dir = tempDir('kargo-where');
    sha = buildRepo(dir, [
      { label: 'c1', files: { 'a.txt': '1\n' } },
      { label: 'c2', parents: ['c1'], files: { 'a.txt': '2\n' } },
    ], { branches: { main: 'c2' } });
    graph = await CommitGraph.load(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const auto = (s: KargoStage): KargoStage => ({ ...s, status: { ...s.status, autoPromotionEnabled: true } });
  const stages = (): KargoStage[] => [stage('test', { direct: true }), stage('uat', { from: ['test'] }), stage('prod', { from: ['uat'] })];
  const where = (state: ProjectState, c: string): Record<string, EnvironmentDeployment> => {
    const product = mapProduct(state.project, state.stages);
    const d = createResolver([{ product, releases: mapReleases(state) }], graph).where(c);
    return Object.fromEntries(d.products[0]!.environments.map((e) => [e.environment, e]));
  };

  it('a Freight verified in test and promoted nowhere is not yet in uat and prod (no Promotion, no auto-promotion)', () => {
    const f = freight('f1', { commit: sha.c2, currentlyIn: ['test'], verifiedIn: ['test'] });
    const e = where({ project: 'p', stages: stages(), freight: [f], promotions: [] }, sha.c2!);
    assert.equal(e.test!.state, 'deployed');
    assert.equal(e.uat!.state, 'not-yet');
    assert.equal(e.prod!.state, 'not-yet');
  });

  it('with auto-promotion enabled for uat (Stage status), the Freight is on its way there; prod still not yet', () => {
    const [t, u, p] = stages();
    const f = freight('f1', { commit: sha.c2, currentlyIn: ['test'], verifiedIn: ['test'] });
    const e = where({ project: 'p', stages: [t!, auto(u!), p!], freight: [f], promotions: [] }, sha.c2!);
    assert.equal(e.uat!.state, 'on-its-way');
    assert.equal(e.prod!.state, 'not-yet');
  });

  for (const [phase, status] of [['Failed', 'failed'], ['Errored', 'failed'], ['Aborted', 'terminated']] as const) {
    it(`a Promotion of the Freight to uat that ${phase} blocks it there, naming the Promotion, though a newer Freight sits unpromoted in uat`, () => {
      const f = freight('f1', { commit: sha.c1, created: '2025-01-01T00:00:00Z', currentlyIn: ['test'], verifiedIn: ['test'] });
      // A newer Freight whose commit this clone does not have, promoted nowhere.
      const g = freight('g2', { commit: 'f'.repeat(40), created: '2025-01-02T00:00:00Z' });
      const promo = promotion('uat.01abc', 'uat', 'f1', phase, { message: 'step 3 argocd-update: sync failed' });
      const e = where({ project: 'p', stages: stages(), freight: [g, f], promotions: [promo] }, sha.c1!);
      assert.equal(e.uat!.state, 'blocked');
      assert.equal(e.uat!.release?.id, 'p/f1');
      assert.equal(e.uat!.release?.environmentStatus.kind, status);
      assert.match(e.uat!.error ?? '', /uat\.01abc/);
      assert.match(e.uat!.error ?? '', /sync failed/);
      assert.equal(e.prod!.state, 'not-yet');
    });
  }
});
