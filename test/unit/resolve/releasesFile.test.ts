import assert from 'node:assert/strict';
import { expandAbbreviatedShas, parseReleasesFile, parseReleasesText, ReleasesFileError } from '../../../src/resolve/releasesFile';
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

describe('resolve/releasesFile: commit shas', () => {
  const file = (sha: string) => ({ version: 1, products: [{ product: product('shop', ['dev']), releases: [release('shop', 'r1', 0, sha, { dev: 'SUCCEEDED' })] }] });

  it('rejects a sha that is not hex, naming the field', () => {
    assert.throws(() => parseReleasesFile(file('main')), (e: unknown) => e instanceof ReleasesFileError && e.path === 'products[0].releases[0].triggerCommit.sha' && /hex/.test(e.message));
  });

  it('keeps the live flag of a release environment', () => {
    const f = file('a'.repeat(40));
    f.products[0]!.releases[0]!.environments[0]!.active = true;
    assert.equal(parseReleasesFile(f).products[0]!.releases[0]!.environments[0]!.active, true);
  });

  it('expands abbreviated shas through the repository, and rejects ambiguous or unknown ones with the field path', async () => {
    const full = `abc123def456${'0'.repeat(28)}`;
    const lookup = async (p: string) =>
      p === 'abc123def456'
        ? { kind: 'commit' as const, sha: full }
        : p === 'abc1'
          ? { kind: 'ambiguous' as const, candidates: [{ sha: `abc1${'1'.repeat(36)}`, summary: '2026-01-01 one' }, { sha: `abc1${'2'.repeat(36)}`, summary: '2026-01-02 two' }] }
          : { kind: 'missing' as const };
    const expanded = await expandAbbreviatedShas(parseReleasesFile(file('ABC123DEF456')), lookup);
    assert.equal(expanded.products[0]!.releases[0]!.triggerCommit?.sha, full);
    await assert.rejects(expandAbbreviatedShas(parseReleasesFile(file('abc1')), lookup), (e: unknown) =>
      e instanceof ReleasesFileError &&
      e.path === 'products[0].releases[0].triggerCommit.sha' &&
      /products\[0\]\.releases\[0\]\.triggerCommit\.sha: abc1 is ambiguous \(2 commits: abc1111111 2026-01-01 one; abc1222222 2026-01-02 two\)/.test(e.message));
    await assert.rejects(expandAbbreviatedShas(parseReleasesFile(file('1234abcd')), lookup), /triggerCommit\.sha: 1234abcd is not a commit in this repository/);
  });
});
