import assert from 'node:assert/strict';
import type { ReleaseSummary } from '../../../src/core/model';
import { releaseHeadline, releaseName } from '../../../src/present/releaseLabel';
import { releaseRow } from '../../../src/present/releaseRows';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const ID = '6914a3c2d3fc600692f605b6';

function release(over: Partial<ReleaseSummary> = {}): ReleaseSummary {
  return {
    id: ID,
    source: { backend: 'codefresh', kind: 'promotion' },
    productName: 'shop',
    status: 'RUNNING',
    version: '1.4.2',
    createdAt: '2026-01-10T11:57:00Z',
    updatedAt: '2026-01-10T11:59:00Z',
    triggerCommit: { sha: '0123456789abcdef0123456789abcdef01234567', message: 'Fix login redirect\n\nbody', link: 'exact-sha' },
    environments: [{ name: 'dev', status: 'RUNNING' }],
    ...over,
  };
}

describe('release labels', () => {
  it('a running release leads with its version, "running since" its start, and its commit subject; never the id', () => {
    const row = releaseRow(release(), NOW);
    assert.equal(row.label, '1.4.2');
    assert.equal(row.description, 'Running since 3 min · Fix login redirect');
    assert.equal(row.accessibilityLabel, 'shop release 1.4.2, Running since 3 min, Fix login redirect');
    assert.ok(!row.label.includes(ID) && !row.description?.includes(ID));
  });

  it('a finished release says when it finished', () => {
    const row = releaseRow(release({ status: 'SUCCEEDED', createdAt: '2026-01-01T12:00:00Z', updatedAt: '2026-01-10T10:00:00Z' }), NOW);
    assert.equal(row.description, 'Succeeded 2 h ago · Fix login redirect');
    const noUpdate = releaseRow(release({ status: 'FAILED', createdAt: '2025-12-31T12:00:00Z', updatedAt: undefined }), NOW);
    assert.equal(noUpdate.description, 'Failed · started 10 d ago · Fix login redirect');
  });

  it('the id stays in the tooltip; a commit without a message does not leave a dangling "by …:"', () => {
    const r = release({ triggerCommit: { sha: '0123456789abcdef0123456789abcdef01234567', author: 'Dana', link: 'exact-sha' } });
    const row = releaseRow(r, NOW);
    assert.equal(row.description, 'Running since 3 min · commit 0123456');
    assert.ok(row.tooltip?.includes(ID), row.tooltip);
    assert.doesNotMatch(row.tooltip ?? '', /by [^\n]*:\s*$/m);
    assert.ok(row.tooltip?.startsWith('**shop** 1\\.4\\.2 · Running since 3 min\n\ncommit `0123456` by Dana\n'), row.tooltip);
    assert.match(releaseRow(release(), NOW).tooltip ?? '', /\n\nFix login redirect · commit `0123456`\n/);
  });

  it('without a version a release is named by a short id, and an unknown start is not invented', () => {
    assert.equal(releaseName({ id: ID }), 'release …f605b6');
    assert.equal(releaseName({ id: 'r7' }), 'release r7');
    const h = releaseHeadline(release({ version: undefined, createdAt: '', createdAtFallback: 'none', triggerCommit: undefined }), NOW);
    assert.deepEqual([h.name, h.when, h.subject], ['release …f605b6', 'Running', '']);
  });
});
