import assert from 'node:assert/strict';
import { parseReleasesFile, parseReleasesText, ReleasesFileError } from '../../../src/resolve/releasesFile';
import { product, release } from './releases';

describe('resolve/releasesFile', () => {
  const good = () => ({ version: 1, products: [{ product: product('shop', ['dev']), releases: [release('shop', 'r1', 0, 'a'.repeat(40), { dev: 'SUCCEEDED' })] }] });

  it('accepts the core model and keeps unknown status values as text', () => {
    const f = good();
    f.products[0]!.releases[0]!.environments[0]!.status = 'SOMETHING_NEW';
    const parsed = parseReleasesFile(f);
    assert.equal(parsed.products[0]!.releases[0]!.environments[0]!.status, 'SOMETHING_NEW');
  });

  it('names the field path of what is wrong', () => {
    const f = good() as unknown as { products: { releases: Record<string, unknown>[] }[] };
    f.products[0]!.releases[0]!.createdAt = 'yesterday';
    assert.throws(() => parseReleasesFile(f), (e: unknown) => e instanceof ReleasesFileError && e.path === 'products[0].releases[0].createdAt' && /ISO-8601/.test(e.message));
    assert.throws(() => parseReleasesFile({ version: 2, products: [] }), (e: unknown) => e instanceof ReleasesFileError && e.path === 'version');
    const g = good();
    g.products[0]!.releases[0]!.productName = 'other';
    assert.throws(() => parseReleasesFile(g), /products\[0\]\.releases\[0\]\.productName/);
    assert.throws(() => parseReleasesText('{'), /not valid JSON/);
  });
});
