import assert from 'node:assert/strict';
import { formatDuration, relativeTime } from '../../../src/present/time';
import { deploymentIcon, statusIcon } from '../../../src/present/icons';
import { fillWebUrlTemplate } from '../../../src/present/links';
import { firstLine } from '../../../src/present/text';
import { STATUS_KINDS } from '../../../src/core/status';

const NOW = Date.parse('2026-01-10T12:00:00Z');

describe('relativeTime', () => {
  it('words past times', () => {
    assert.equal(relativeTime('2026-01-10T11:55:00Z', NOW), '5 min ago');
    assert.equal(relativeTime('2026-01-10T09:00:00Z', NOW), '3 h ago');
    assert.equal(relativeTime('2026-01-08T12:00:00Z', NOW), '2 d ago');
    assert.equal(relativeTime('2026-01-10T12:00:05Z', NOW), 'just now');
    assert.equal(relativeTime('2024-01-10T12:00:00Z', NOW), '2 y ago');
  });
  it('says "just now" for a timestamp in the future: every time shown is of a past event, so it is clock skew', () => {
    assert.equal(relativeTime('2026-01-10T12:04:00Z', NOW), 'just now');
    assert.equal(relativeTime('2026-01-10T14:00:00Z', NOW), 'just now');
  });
  it('says unknown for missing or garbage dates', () => {
    assert.equal(relativeTime(undefined, NOW), 'unknown time');
    assert.equal(relativeTime('yesterday-ish', NOW), 'unknown time');
  });
  it('formats durations', () => {
    assert.equal(formatDuration(30_000), '30 s');
    assert.equal(formatDuration(90 * 60_000), '2 h');
  });
});

describe('presentation', () => {
  it('has an icon for every status, spinning only for moving ones', () => {
    for (const k of STATUS_KINDS) {
      const icon = statusIcon(k);
      assert.ok(icon.id.length > 0);
      assert.equal(icon.id.endsWith('~spin'), k === 'running' || k === 'terminating', k);
    }
    assert.equal(deploymentIcon('on-its-way').id, 'sync~spin');
  });

  it('fills the web URL template with encoded values and rejects non-http results', () => {
    assert.equal(
      fillWebUrlTemplate('{url}/gitops/products/{product}/releases/{releaseId}', { url: 'https://g.codefresh.io/', product: 'a b/c', releaseId: 'r#1' }),
      'https://g.codefresh.io/gitops/products/a%20b%2Fc/releases/r%231',
    );
    assert.equal(fillWebUrlTemplate('javascript:alert({releaseId})', { url: 'x', product: 'p', releaseId: '1' }), undefined);
  });

  it('shortens messages', () => {
    assert.equal(firstLine('fix: thing\n\nbody'), 'fix: thing');
  });
});
