// Every backend against the one table of scenarios (./scenarios): each story told in the vendor's own objects by
// the backend's adapter, served by its test engine, read through its real client and mapping, and answered by the
// resolver for a real local repository; the answer must be the table's, in state, release, time and words. A
// story a backend cannot tell is listed by its adapter with the reason, and the table says so.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readHistory } from '../../../src/fakes/history';
import { DEPLOYMENT_STATE_LABELS, type EnvironmentDeployment } from '../../../src/core/deployment';
import { CommitGraph } from '../../../src/git/graph';
import { deploymentRow } from '../../../src/present/commitRows';
import { deploymentMarkdown } from '../../../src/present/deploymentMarkdown';
import { createResolver } from '../../../src/resolve/where';
import { buildRepo, tempDir } from '../../fixtures/repos/fastImport';
import { type Adapter, shaOf, type Served, type StoryRepo } from './adapters/adapter';
import { codefreshAdapter } from './adapters/codefresh';
import { githubAdapter } from './adapters/github';
import { kargoAdapter } from './adapters/kargo';
import { SCENARIO_NAMES, SCENARIOS, type Scenario } from './scenarios';

/** One adapter per backend; a backend added later adds its own here and must pass the same table. */
export const ADAPTERS: readonly Adapter[] = [codefreshAdapter, githubAdapter, kargoAdapter];

const START = Date.parse('2025-06-01T10:00:00Z');

/** Markdown escapes removed, so the words read as the user sees them. */
const plain = (md: string): string => md.replace(/\\([\\`*_{}[\]()#+\-.!|<>~@])/g, '$1');

function check(s: Scenario, served: Served, repo: StoryRepo, graph: CommitGraph): void {
  const sha = shaOf(repo, s.ask.commit);
  const answer = createResolver(served.data, graph).where(sha);
  const product = answer.products[0];
  assert.ok(product, 'the answer has the product');
  const e: EnvironmentDeployment | undefined = product.environments.find((x) => x.environment === s.ask.env);
  assert.ok(e, `the answer has ${s.ask.env}`);
  const x = s.expect;
  assert.equal(e.state, x.state, `state in ${s.ask.env}`);
  const id = (k: keyof Served['ids'] | undefined): string | undefined => (k ? served.ids[k] : undefined);
  assert.equal(e.release?.id, id(x.release), 'the release the answer names');
  if (x.state === 'deployed') assert.equal(e.firstRelease?.id, id(x.other), 'the release that brought the commit');
  if (x.state === 'no-longer-deployed') assert.equal(e.liveRelease?.id, id(x.other), 'the live release');
  if (x.time) {
    const key = 'reached' in x.time ? x.time.reached : x.time.takenDown;
    const r = served.data[0]!.releases.find((y) => y.id === id(key));
    const step = r?.environments.find((y) => y.name === s.ask.env);
    // "Reached" is the step's own time when the backend gives one, else the release's (the contract in where.ts).
    const want = 'reached' in x.time ? (step?.updatedAt ?? step?.startedAt ?? r?.updatedAt ?? r?.createdAt) : step?.takenDownAt;
    assert.ok(want, 'the backend gives the time');
    assert.equal(e.since, want, 'the time shown');
  } else if (x.state !== 'on-its-way' && x.state !== 'awaiting-approval' && x.state !== 'blocked' && x.state !== 'unknown') assert.equal(e.since, undefined);
  const row = deploymentRow(e);
  assert.ok(row.description?.startsWith(DEPLOYMENT_STATE_LABELS[x.state]), `the row reads ${DEPLOYMENT_STATE_LABELS[x.state]} first: ${row.description}`);
  const rowText = plain(`${row.description ?? ''}\n${typeof row.tooltip === 'string' ? row.tooltip : ''}`);
  const hover = plain(deploymentMarkdown({ commit: { kind: 'committed', sha }, deployments: answer, now: START + 3 * 86_400_000 }));
  for (const w of x.words) {
    assert.ok(hover.toLowerCase().includes(w.toLowerCase()), `the hover reads "${w}":\n${hover}`);
    assert.ok(rowText.toLowerCase().includes(w.toLowerCase()), `Commit Deployments reads "${w}":\n${rowText}`);
  }
}

describe('contract: one meaning of "where is it deployed" on every backend', function () {
  this.timeout(60_000);
  let repo: StoryRepo;
  let graph: CommitGraph;
  before(async () => {
    const dir = path.join(tempDir('scenarios'), 'shop');
    const day = 86_400;
    const t = START / 1000;
    buildRepo(
      dir,
      [
        { label: 'c1', message: 'feat: first (ABC-1)', files: { 'a.txt': '1\n' }, time: t - 3 * day },
        { label: 'c2', parents: ['c1'], message: 'feat: the change (ABC-2)', files: { 'a.txt': '2\n' }, time: t - 2 * day },
        { label: 'c3', parents: ['c2'], message: 'fix: after it (ABC-3)', files: { 'a.txt': '3\n' }, time: t - 1 * day },
      ],
      { branches: { main: 'c3' } },
    );
    const history = await readHistory(dir, 10);
    const [c1, c2, c3] = history.commits;
    repo = { dir, commits: { c1: c1!, c2: c2!, c3: c3! }, missing: 'ba5eba11'.repeat(5), start: START };
    graph = await CommitGraph.load(dir);
  });
  after(() => fs.rmSync(path.dirname(repo.dir), { recursive: true, force: true }));

  it('the table has every scenario the contract names, once', () => {
    assert.deepEqual(SCENARIOS.map((s) => s.name), [...SCENARIO_NAMES]);
  });

  for (const adapter of ADAPTERS) {
    describe(adapter.backend, () => {
      for (const s of SCENARIOS) {
        const why = adapter.cannot[s.name];
        if (why) {
          it(`${s.name}: not expressible (${why})`, () => {
            assert.ok(why.length > 20, 'the reason says why');
          });
          continue;
        }
        it(s.name, async () => {
          const served = await adapter.serve(s, repo);
          try {
            check(s, served, repo, graph);
          } finally {
            await served.close();
          }
        });
      }
      it('lists only scenarios of the table as not expressible', () => {
        for (const name of Object.keys(adapter.cannot)) assert.ok((SCENARIO_NAMES as readonly string[]).includes(name), name);
      });
    });
  }
});
