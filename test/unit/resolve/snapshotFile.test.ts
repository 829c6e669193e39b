import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BACKEND_IDS, type ProductReleases } from '../../../src/core/model';
import { credentialFingerprint, normalizeEndpoint, SnapshotFiles, type SnapshotScope } from '../../../src/resolve/snapshotFile';
import { product, release } from './releases';

const scope = (over: Partial<SnapshotScope> = {}): SnapshotScope => ({ backend: 'codefresh', endpoint: 'https://g.codefresh.io', identity: credentialFingerprint('key-1'), workspace: 'file:///work/repo', ...over });

function products(n: number): ProductReleases[] {
  return [
    {
      product: product('shop', ['dev', 'prod']),
      releases: Array.from({ length: n }, (_, i) => release('shop', `r${i}`, n - i, i.toString(16).padStart(40, 'a'), { dev: 'SUCCEEDED', prod: 'RUNNING' })),
    },
  ];
}

describe('resolve/snapshotFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'snapshots-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives back what it saved, for the same scope only, and leaves no temporary file behind', async () => {
    const files = new SnapshotFiles(dir);
    const written = await files.save({ scope: scope(), savedAt: 1234, products: products(3) });
    assert.deepEqual({ releases: written?.releases, dropped: written?.dropped }, { releases: 3, dropped: 0 });
    const back = await files.load(scope({ endpoint: 'https://G.codefresh.io/' }));
    assert.equal(back.kind, 'found');
    if (back.kind !== 'found') return;
    assert.equal(back.snapshot.savedAt, 1234);
    assert.deepEqual(back.snapshot.products[0]!.releases.map((r) => r.id), ['r0', 'r1', 'r2']);
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.tmp')), []);
  });

  it('gives back the saved answer of every backend: GitHub runs and Kargo Freight too, not only Codefresh', async () => {
    const files = new SnapshotFiles(dir);
    const kinds = { codefresh: 'product-release', demo: 'product-release', kargo: 'freight', github: 'workflow-run', 'github-demo': 'deployment' } as const;
    for (const backend of BACKEND_IDS) {
      const saved = products(2).map((p) => ({ ...p, releases: p.releases.map((r) => ({ ...r, source: { backend, kind: kinds[backend] } })) }));
      await files.save({ scope: scope({ backend }), savedAt: 7, products: saved });
      const back = await files.load(scope({ backend }));
      assert.equal(back.kind, 'found', `${backend}: ${back.kind === 'unusable' ? back.reason : back.kind}`);
      if (back.kind === 'found') assert.deepEqual(back.snapshot.products[0]!.releases.map((r) => r.source), [{ backend, kind: kinds[backend] }, { backend, kind: kinds[backend] }]);
    }
  });

  it('never shows one backend, account or workspace the answer of another', async () => {
    const files = new SnapshotFiles(dir);
    await files.save({ scope: scope(), savedAt: 1, products: products(2) });
    assert.equal((await files.load(scope({ backend: 'demo' }))).kind, 'none');
    assert.equal((await files.load(scope({ identity: credentialFingerprint('key-2') }))).kind, 'none');
    assert.equal((await files.load(scope({ workspace: 'file:///other' }))).kind, 'none');
    assert.equal((await files.load(scope({ endpoint: 'https://cf.example.com' }))).kind, 'none');
    // A file that found its way under another scope's name is refused by the scope written inside it.
    const other = scope({ identity: credentialFingerprint('key-2') });
    await writeFile(files.fileOf(other), await readFile(files.fileOf(scope()), 'utf8'));
    const r = await files.load(other);
    assert.deepEqual(r, { kind: 'unusable', reason: 'it belongs to another backend, account or workspace' });
  });

  it('does not keep the credential, only a fingerprint of it', async () => {
    const files = new SnapshotFiles(dir);
    await files.save({ scope: scope(), savedAt: 1, products: products(1) });
    const text = await readFile(files.fileOf(scope()), 'utf8');
    assert.ok(!text.includes('key-1'));
    assert.notEqual(credentialFingerprint('key-1'), credentialFingerprint('key-2'));
  });

  it('ignores a corrupt file, saying why', async () => {
    const files = new SnapshotFiles(dir);
    await writeFile(files.fileOf(scope()), '{"format":1,"savedAt":');
    const r = await files.load(scope());
    assert.equal(r.kind, 'unusable');
    assert.match(r.kind === 'unusable' ? r.reason : '', /not valid JSON/);
    await writeFile(files.fileOf(scope()), JSON.stringify({ format: 1, savedAt: 1, scope: scope(), products: [{ product: 'shop', releases: [] }] }));
    const bad = await files.load(scope());
    assert.match(bad.kind === 'unusable' ? bad.reason : '', /does not hold valid releases: products\[0\]\.product/);
  });

  it('ignores a file of another format version', async () => {
    const files = new SnapshotFiles(dir);
    await files.save({ scope: scope(), savedAt: 1, products: products(1) });
    const json = JSON.parse(await readFile(files.fileOf(scope()), 'utf8')) as { format: number };
    json.format = 2;
    await writeFile(files.fileOf(scope()), JSON.stringify(json));
    assert.deepEqual(await files.load(scope()), { kind: 'unusable', reason: 'it was written in format 2, this version reads format 1' });
    await writeFile(files.fileOf(scope()), '[]');
    assert.deepEqual(await files.load(scope()), { kind: 'unusable', reason: 'it has no format version' });
  });

  it('stays under its size cap by leaving out the oldest releases, and refuses to read a larger file', async () => {
    const full = await new SnapshotFiles(dir).save({ scope: scope(), savedAt: 1, products: products(200) });
    const size = Buffer.byteLength(full!.text);
    const cap = Math.floor(size / 3);
    const files = new SnapshotFiles(dir, cap);
    const written = await files.save({ scope: scope(), savedAt: 1, products: products(200) });
    assert.ok(written && written.dropped > 0 && written.releases > 0, 'some releases kept, some dropped');
    assert.ok(Buffer.byteLength(await readFile(files.fileOf(scope()), 'utf8')) <= cap);
    const back = await files.load(scope());
    assert.equal(back.kind, 'found');
    // The newest are the ones kept.
    assert.deepEqual(back.kind === 'found' && back.snapshot.products[0]!.releases.map((r) => r.id).slice(0, 2), ['r0', 'r1']);
    await writeFile(files.fileOf(scope()), full!.text);
    assert.deepEqual(await files.load(scope()), { kind: 'unusable', reason: `it is larger than ${cap} bytes` });
    assert.equal(await new SnapshotFiles(dir, 10).save({ scope: scope(), savedAt: 1, products: products(1) }), undefined);
  });

  it('deletes every file of an endpoint on sign-out, and only those', async () => {
    const files = new SnapshotFiles(dir);
    await files.save({ scope: scope(), savedAt: 1, products: products(1) });
    await files.save({ scope: scope({ workspace: 'file:///other' }), savedAt: 1, products: products(1) });
    await files.save({ scope: scope({ endpoint: 'https://cf.example.com' }), savedAt: 1, products: products(1) });
    assert.equal(await files.deleteEndpoint('codefresh', 'https://g.codefresh.io/'), 2);
    assert.equal((await files.load(scope())).kind, 'none');
    assert.equal((await files.load(scope({ endpoint: 'https://cf.example.com' }))).kind, 'found');
    assert.equal(normalizeEndpoint(' https://X.io// '), 'https://x.io');
  });
});
