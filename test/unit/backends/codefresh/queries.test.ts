// Every GraphQL document the Codefresh client sends is valid against the demo server's SDL, so the client and the
// demo cannot drift apart silently: a field renamed on one side fails here, not in a demo session.

import { strict as assert } from 'node:assert';
import { parse, validate } from 'graphql';
import * as queries from '../../../../src/backends/codefresh/queries';
import { demoSchema } from '../../../../src/fakes/codefresh/schema';

/** Every exported query document (found by shape, so a new one is checked without being listed here). */
const documents: [string, string][] = [];
for (const [name, value] of Object.entries<unknown>(queries)) if (typeof value === 'string' && /^\s*query\b/.test(value)) documents.push([name, value]);

/** The legacy list queries are the ones an older platform (no `promotions` root field) must answer too. */
const LEGACY = new Set(['PRODUCT_RELEASES_QUERY', 'PRODUCT_RELEASES_NO_APPS_QUERY', 'ME_QUERY']);

describe('codefresh queries against the demo SDL', () => {
  it('finds every query document the client sends', () => {
    assert.deepEqual(documents.map(([name]) => name).sort(), [
      'ENVIRONMENTS_QUERY',
      'ME_QUERY',
      'PRODUCTS_QUERY',
      'PRODUCT_RELEASES_NO_APPS_QUERY',
      'PRODUCT_RELEASES_QUERY',
      'PRODUCT_RELEASE_NOTES_QUERY',
      'PRODUCT_RELEASE_QUERY',
      'PROMOTIONS_QUERY',
      'PROMOTION_FLOWS_QUERY',
    ]);
  });

  for (const [name, text] of documents) {
    it(`${name} validates against the current platform's schema`, () => {
      assert.deepEqual(validate(demoSchema(false), parse(text)).map((e) => e.message), []);
    });
    if (LEGACY.has(name)) {
      it(`${name} validates against the legacy platform's schema`, () => {
        assert.deepEqual(validate(demoSchema(true), parse(text)).map((e) => e.message), []);
      });
    }
  }

  it('the legacy platform rejects the current list query, as the client expects when it falls back', () => {
    const errors = validate(demoSchema(true), parse(queries.PROMOTIONS_QUERY)).map((e) => e.message);
    assert.ok(errors.some((m) => m.includes(queries.OLDER_PLATFORM_MARKERS.noPromotions)), errors.join('\n'));
  });
});
