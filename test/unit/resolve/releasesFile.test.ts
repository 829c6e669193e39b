import assert from 'node:assert/strict';
import { expandAbbreviatedShas, parseReleasesFile, parseReleasesText, ReleasesFileError } from '../../../src/resolve/releasesFile';
import { BACKEND_IDS, RELEASE_KINDS } from '../../../src/core/model';
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

describe('resolve/releasesFile: backend-neutral fields', () => {
  const sha = 'a'.repeat(40);

  it('reads a file written before source, link and flowSource existed as Codefresh data', () => {
    const legacy = {
      version: 1,
      products: [
        {
          product: { name: 'shop', environments: [{ name: 'dev', kind: 'NON_PROD', position: 0 }], flows: [] },
          releases: [
            { id: 'p1', apiKind: 'Promotion', productName: 'shop', status: 'SUCCEEDED', createdAt: '2026-01-01T00:00:00Z', triggerCommit: { sha }, environments: [] },
            { id: 'r1', apiKind: 'ProductRelease', productName: 'shop', status: 'SUCCEEDED', createdAt: '2026-01-01T00:00:00Z', environments: [] },
          ],
          notes: {
            p1: { releaseId: 'p1', commits: [], pullRequests: [], issues: [], images: [{ image: 'x:1', commit: { sha }, source: 'backend' }], gitopsCommits: [], gitopsPullRequests: [], builds: [] },
          },
        },
      ],
    };
    const p = parseReleasesFile(legacy).products[0]!;
    assert.equal(p.product.flowSource, 'api');
    assert.deepEqual(
      p.releases.map((r) => r.source),
      [
        { backend: 'codefresh', kind: 'promotion' },
        { backend: 'codefresh', kind: 'product-release' },
      ],
    );
    assert.equal(p.releases[0]!.triggerCommit?.link, 'exact-sha');
    assert.equal(p.notes?.p1?.images[0]?.commit?.link, 'image-revision');
    assert.equal('apiKind' in p.releases[0]!, false);
  });

  it('keeps the source, link and flow source a file gives, and rejects unknown ones by path', () => {
    const f = { version: 1, products: [{ product: { ...product('shop', ['dev']), flowSource: 'workflow-files' }, releases: [release('shop', 'r1', 0, sha, { dev: 'SUCCEEDED' })] }] };
    f.products[0]!.releases[0]!.source = { backend: 'demo', kind: 'promotion' };
    f.products[0]!.releases[0]!.triggerCommit!.link = 'gitops-commit';
    const p = parseReleasesFile(f).products[0]!;
    assert.equal(p.product.flowSource, 'workflow-files');
    assert.deepEqual(p.releases[0]!.source, { backend: 'demo', kind: 'promotion' });
    assert.equal(p.releases[0]!.triggerCommit?.link, 'gitops-commit');
    const bad = structuredClone(f) as unknown as { products: { releases: { triggerCommit: { link: string } }[] }[] };
    bad.products[0]!.releases[0]!.triggerCommit.link = 'guess';
    assert.throws(() => parseReleasesFile(bad), (e: unknown) => e instanceof ReleasesFileError && e.path === 'products[0].releases[0].triggerCommit.link');
  });

  it('reads a release of every backend and kind the model names (a GitHub run, a Kargo Freight), and no other', () => {
    for (const backend of BACKEND_IDS) {
      for (const kind of RELEASE_KINDS) {
        const f = good2();
        f.products[0]!.releases[0]!.source = { backend, kind };
        assert.deepEqual(parseReleasesFile(f).products[0]!.releases[0]!.source, { backend, kind }, `${backend} ${kind}`);
      }
    }
    const bad = good2() as unknown as { products: { releases: { source: { backend: string } }[] }[] };
    bad.products[0]!.releases[0]!.source.backend = 'gitlab';
    assert.throws(
      () => parseReleasesFile(bad),
      (e: unknown) => e instanceof ReleasesFileError && e.path === 'products[0].releases[0].source.backend' && e.message.includes(BACKEND_IDS.map((b) => `"${b}"`).join('|')),
    );
  });

  it('keeps every model field of a release row (the schema names them all)', () => {
    const f = good2();
    const r = f.products[0]!.releases[0]!;
    r.releaseName = 'name';
    r.createdAtFallback = 'updatedAt';
    r.environments[0]!.applicationCommits = [{ application: { runtime: 'rt', namespace: 'ns', name: 'app' }, commitSha: 'b'.repeat(40) }];
    assert.deepEqual(parseReleasesFile(structuredClone(f)).products[0]!.releases[0], r);
  });

  function good2() {
    return { version: 1 as const, products: [{ product: product('shop', ['dev']), releases: [release('shop', 'r1', 0, sha, { dev: 'SUCCEEDED' })] }] };
  }
});
