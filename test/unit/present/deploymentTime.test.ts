// Which time each surface shows for an environment's answer: the commit's arrival and the live release's, said
// apart; a running attempt by its own start, never the release's age.

import assert from 'node:assert/strict';
import { marked } from 'marked';
import type { CommitDeployments, EnvironmentDeployment, ReleaseRef } from '../../../src/core/deployment';
import { deploymentRow } from '../../../src/present/commitRows';
import { deploymentMarkdown } from '../../../src/present/deploymentMarkdown';
import { deploymentTimeText } from '../../../src/present/deploymentTime';
import { environmentRow, releaseRow } from '../../../src/present/releaseRows';
import { derivedStatus } from '../../../src/core/derivedStatus';
import type { ReleaseSummary } from '../../../src/core/model';
import { renderWhere } from '../../../src/present/plainText';

/** The hover as a reader sees it: its Markdown rendered, tags removed, one entry per line of text. */
function shownLines(md: string): string[] {
  const html = marked.parse(md, { async: false });
  return html.replace(/<br>/g, '\n').replace(/<\/p>/g, '\n').replace(/<[^>]+>/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
}

const NOW = Date.parse('2026-01-10T12:00:00Z');
const SHA = 'a'.repeat(40);
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const H = 3_600_000;
const D = 24 * H;

const ref = (id: string, version: string, createdAt: string, kind: 'succeeded' | 'running' | 'failed' = 'succeeded'): ReleaseRef => ({
  id,
  productName: 'shop',
  version,
  createdAt,
  environmentStatus: { kind, raw: kind.toUpperCase() },
  releaseStatus: { kind, raw: kind.toUpperCase() },
});

// 1.0.30 brought the commit to dev 6 days ago; 1.0.49, created 7 hours ago, reached dev 5 hours ago.
const deployed: EnvironmentDeployment = {
  environment: 'dev',
  state: 'deployed',
  release: ref('r49', '1.0.49', ago(7 * H)),
  firstRelease: ref('r30', '1.0.30', ago(6 * D + H)),
  since: ago(6 * D),
  releaseAt: ago(5 * H),
};
// A Freight made 5 hours ago, whose promotion to qa started 15 seconds ago.
const moving: EnvironmentDeployment = { environment: 'qa', state: 'on-its-way', release: ref('f1', '1.0.49', ago(5 * H), 'running'), releaseAt: ago(15_000) };

const base = (): ReleaseSummary => ({ id: 'f1', source: { backend: 'kargo', kind: 'freight' }, productName: 'shop', status: 'RUNNING', createdAt: ago(5 * H), environments: [] });

function answer(...environments: EnvironmentDeployment[]): CommitDeployments {
  return { sha: SHA, products: [{ product: 'shop', environments }] };
}

describe('present: which time an answer shows', () => {
  it('a deployed commit: since when it is in the environment, and since when the live release is', () => {
    assert.equal(deploymentTimeText(deployed, NOW), 'in dev since 6 d (1.0.30), now 1.0.49 from 5 h ago');
    const same = { ...deployed, firstRelease: deployed.release, since: deployed.releaseAt };
    assert.equal(deploymentTimeText(same, NOW), '1.0.49, in dev since 5 h');
    assert.equal(deploymentTimeText(moving, NOW), '1.0.49, started 15 s ago');
  });

  it('the hover (and the status bar tooltip) says which time it shows, never the release age as "6 d ago"', () => {
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: answer(deployed, moving), now: NOW });
    const line = shownLines(md)[2]!;
    assert.equal(line, 'shop · $(pass-filled) Deployed: dev (in dev since 6 d (1.0.30), now 1.0.49 from 5 h ago) · $(sync~spin) On its way: qa (1.0.49, started 15 s ago)');
    assert.match(md, /\[1\\.0\\.30\]\(command:gitopsReleases\.openRelease\?[^ ]+ "Open release 1\\.0\\.30 \\\(r30\\\)\\: the release that brought this commit here"\)/, 'the first release is a link too');
  });

  it('Commit Deployments rows say it too', () => {
    const realNow = Date.now;
    Date.now = () => NOW;
    try {
      assert.equal(deploymentRow(deployed).description, 'Deployed · in dev since 6 d (1.0.30), now 1.0.49 from 5 h ago');
      assert.equal(deploymentRow(moving).description, 'On its way · 1.0.49, started 15 s ago');
    } finally {
      Date.now = realNow;
    }
  });

  it('the CLI names both times', () => {
    const text = renderWhere(answer(deployed, moving));
    assert.match(text, new RegExp(`\\n {2}dev +Deployed +r49 \\(1\\.0\\.49\\) Succeeded; here since ${ago(6 * D)} \\(first in r30\\), r49 here since ${ago(5 * H)}`));
    assert.match(text, new RegExp(`\\n {2}qa +On its way +f1 \\(1\\.0\\.49\\) Running, started ${ago(15_000)}`));
  });

  it('a release row counts a running release from the start of what runs, naming where', () => {
    const row = releaseRow(
      {
        id: 'f1',
        source: { backend: 'kargo', kind: 'freight' },
        productName: 'shop',
        status: 'RUNNING',
        version: '1.0.49',
        createdAt: ago(5 * H),
        environments: [
          { name: 'dev', status: 'SUCCEEDED', startedAt: ago(5 * H), updatedAt: ago(4 * H) },
          { name: 'qa', status: 'RUNNING', startedAt: ago(15_000) },
        ],
      },
      NOW,
    );
    assert.equal(row.description, 'Running in qa since 15 s');
  });

  it('an environment row of the tree: running since its own start, finished by when it finished', () => {
    const realNow = Date.now;
    Date.now = () => NOW;
    try {
      const row = (status: string, startedAt: string, updatedAt?: string) =>
        environmentRow('qa', derivedStatus({ ...base(), environments: [{ name: 'qa', status, startedAt, ...(updatedAt ? { updatedAt } : {}) }] }).environments.get('qa'), undefined).description;
      // A promotion that started 15 s ago, whose last change was 2 s ago.
      assert.equal(row('RUNNING', ago(15_000), ago(2_000)), 'Running since 15 s');
      assert.equal(row('SUCCEEDED', ago(2 * H), ago(H)), 'Succeeded · 1 h ago');
    } finally {
      Date.now = realNow;
    }
  });
});
