import assert from 'node:assert/strict';
import { z } from 'zod';
import { formatIssues, issuePath } from '../../../src/core/zodIssues';

describe('core/zodIssues', () => {
  it('writes a path as code would, under an optional root', () => {
    assert.equal(issuePath(['products', 0, 'releases', 3, 'createdAt']), 'products[0].releases[3].createdAt');
    assert.equal(issuePath(['node', 'status'], 'data.promotions.edges[3]'), 'data.promotions.edges[3].node.status');
    assert.equal(issuePath([]), '(root)');
    assert.equal(issuePath([], 'data'), 'data');
  });

  it('spells out the first issues and counts the rest', () => {
    const r = z.object({ a: z.string(), b: z.number(), c: z.boolean() }).safeParse({});
    assert.equal(r.success, false);
    const issues = r.error!.issues;
    assert.match(formatIssues(issues), /^a: .+ \(and 2 more problems\)$/);
    assert.match(formatIssues(issues, { max: 2, root: 'body' }), /^body\.a: .+; body\.b: .+ \(and 1 more problem\)$/);
    assert.equal(formatIssues(issues, { max: 5, describe: () => 'bad' }), 'a: bad; b: bad; c: bad');
  });
});
