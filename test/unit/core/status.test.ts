import assert from 'node:assert/strict';
import {
  APP_PROMOTION_STATUSES,
  ENVIRONMENT_STATUSES,
  LEGACY_ENVIRONMENT_STATUSES,
  RELEASE_FILTER_STATUSES,
  RELEASE_STATUSES,
  STATUS_KINDS,
  VOCABULARIES,
  WORKFLOW_NODE_PHASES,
  WORKFLOW_PHASES,
  isActive,
  isTerminal,
  normalizeStatus,
  statusLabel,
  type StatusKind,
  type VocabularyName,
} from '../../../src/core/status';

// Every value of the API's status enums (go-sdk's generated models), with the normalised status it must map to. If a value is added to a
// vocabulary in src/core/status.ts without a row here, the "covers every value" test fails.
const EXPECTED: Record<VocabularyName, Record<string, StatusKind>> = {
  release: {
    QUEUED: 'queued', RUNNING: 'running', SUSPENDED: 'suspended', SUCCEEDED: 'succeeded', FAILED: 'failed',
    TERMINATING: 'terminating', TERMINATED: 'terminated',
  },
  releaseFilter: {
    QUEUED: 'queued', RUNNING: 'running', SUSPENDED: 'suspended', SUCCEEDED: 'succeeded', FAILED: 'failed',
    TERMINATING: 'terminating', TERMINATED: 'terminated', PENDING: 'pending', INITIALIZING: 'running',
    FINALIZING: 'running', FINALIZING_TERMINATION: 'terminating',
  },
  legacyEnvironment: {
    PENDING: 'pending', INITIALIZING: 'running', RUNNING: 'running', SUSPENDED: 'suspended', FINALIZING: 'running',
    FINALIZING_TERMINATION: 'terminating', SUCCEEDED: 'succeeded', FAILED: 'failed', SKIPPED: 'skipped',
    TERMINATING: 'terminating', TERMINATED: 'terminated',
  },
  environment: {
    PENDING: 'pending', QUEUED: 'queued', RUNNING: 'running', SUSPENDED: 'suspended', SUCCEEDED: 'succeeded',
    FAILED: 'failed', SKIPPED: 'skipped', TERMINATING: 'terminating', TERMINATED: 'terminated',
  },
  workflowNode: {
    Pending: 'pending', Running: 'running', Succeeded: 'succeeded', Failed: 'failed', Error: 'error',
    Skipped: 'skipped', Omitted: 'skipped',
  },
  workflow: {
    Pending: 'pending', Running: 'running', Succeeded: 'succeeded', Failed: 'failed', Error: 'error',
    Unknown: 'unknown',
  },
  appPromotion: {
    ELECTED: 'pending', PENDING: 'pending', INITIALIZING: 'running', RUNNING: 'running', SUSPENDED: 'suspended',
    SUCCEEDED: 'succeeded', FAILED: 'failed', ERROR: 'error', SKIPPED: 'skipped', TERMINATING: 'terminating',
    TERMINATED: 'terminated',
  },
};

describe('status vocabularies (every API enum value)', () => {
  it('hold exactly the values of the API enums', () => {
    assert.deepEqual([...RELEASE_STATUSES].sort(), ['FAILED', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'SUSPENDED', 'TERMINATED', 'TERMINATING']);
    assert.deepEqual([...RELEASE_FILTER_STATUSES].sort(), [
      'FAILED', 'FINALIZING', 'FINALIZING_TERMINATION', 'INITIALIZING', 'PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED',
      'SUSPENDED', 'TERMINATED', 'TERMINATING',
    ]);
    assert.ok(!(LEGACY_ENVIRONMENT_STATUSES as readonly string[]).includes('QUEUED'), 'legacy per-env status has no QUEUED');
    assert.equal(LEGACY_ENVIRONMENT_STATUSES.length, 11);
    assert.equal(ENVIRONMENT_STATUSES.length, 9);
    assert.deepEqual([...WORKFLOW_NODE_PHASES].sort(), ['Error', 'Failed', 'Omitted', 'Pending', 'Running', 'Skipped', 'Succeeded']);
    assert.deepEqual([...WORKFLOW_PHASES].sort(), ['Error', 'Failed', 'Pending', 'Running', 'Succeeded', 'Unknown']);
    assert.equal(APP_PROMOTION_STATUSES.length, 11);
  });

  for (const [name, values] of Object.entries(VOCABULARIES) as [VocabularyName, readonly string[]][]) {
    describe(name, () => {
      it('covers every value of the vocabulary in this table (a new enum value needs a mapping and a row)', () => {
        assert.deepEqual(Object.keys(EXPECTED[name]).sort(), [...values].sort());
      });
      for (const value of values) {
        it(`${value} -> ${EXPECTED[name][value]}`, () => {
          const s = normalizeStatus(name, value);
          assert.equal(s.kind, EXPECTED[name][value]);
          assert.equal(s.raw, value);
        });
      }
      it('maps a value from a newer API to unknown, keeping the raw value', () => {
        const s = normalizeStatus(name, 'ROLLING_BACK');
        assert.deepEqual(s, { kind: 'unknown', raw: 'ROLLING_BACK' });
        assert.equal(statusLabel(s), 'Unknown (ROLLING_BACK)');
      });
    });
  }

  it('never throws and never says success for missing or odd values', () => {
    for (const raw of [undefined, null, '', 'succeeded', 'Succeeded ', '__proto__', 'constructor', 'toString']) {
      const s = normalizeStatus('release', raw);
      assert.equal(s.kind, 'unknown', `raw ${String(raw)}`);
    }
  });

  it('classifies terminal and active statuses without overlap', () => {
    for (const k of STATUS_KINDS) assert.ok(!(isTerminal(k) && isActive(k)), k);
    assert.ok(isTerminal('succeeded') && isTerminal('failed') && isTerminal('terminated'));
    assert.ok(isActive('running') && isActive('queued') && isActive('suspended') && isActive('terminating'));
    assert.ok(!isTerminal('unknown') && !isActive('unknown'));
  });
});
