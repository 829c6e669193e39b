// The last good releases answer, kept on disk so a window that starts without network still shows where code is
// deployed (labelled with its age). One file per scope: which backend, which endpoint, which identity on it and
// which workspace. The file is a small versioned JSON envelope around the product and release rows; it is validated
// on read (the rows with the same zod schema as `--releases FILE`), a file of another format version or scope is
// ignored, and writes go to a temporary file that is then renamed over the old one, so a crash mid-write never
// leaves half a file behind.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BACKEND_IDS, type BackendId, type ProductReleases, type ReleaseSummary } from '../core/model';
import { formatIssues } from '../core/zodIssues';
import { releasesFileSchema } from './releasesFile';

/** Bumped whenever the envelope or the rows change shape; a file of another version is ignored, never migrated. */
const SNAPSHOT_FORMAT = 1;

/** Files larger than this are trimmed (oldest releases first) before they are written. */
const DEFAULT_SNAPSHOT_MAX_BYTES = 2 * 1024 * 1024;

/** Whose answer a snapshot is. Two scopes that differ in any field never see each other's file. */
export interface SnapshotScope {
  backend: BackendId;
  /** Where the backend is (a normalised URL), or `in-process` for the built-in demo. */
  endpoint: string;
  /** Who is signed in there: a one-way fingerprint of the credential (see credentialFingerprint), or empty. */
  identity: string;
  /** Which workspace (its folders or workspace file). */
  workspace: string;
}

interface Snapshot {
  scope: SnapshotScope;
  /** When the answer was fetched (ms since the epoch). */
  savedAt: number;
  products: ProductReleases[];
}

const scopeSchema = z.object({ backend: z.enum(BACKEND_IDS), endpoint: z.string(), identity: z.string(), workspace: z.string() });
const envelopeHead = z.object({ format: z.number() });
const envelope = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  savedAt: z.number().finite().nonnegative(),
  scope: scopeSchema,
  products: releasesFileSchema.shape.products,
});

/** A URL without trailing slashes and in lower case, so `https://x/` and `https://X` are one endpoint. */
export function normalizeEndpoint(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * A short one-way fingerprint of a credential: two API keys give two scopes (another account never sees this
 * one's releases), and the key itself cannot be read back from the file name or the file.
 */
export function credentialFingerprint(secret: string): string {
  return createHash('sha256').update(`gitops-releases snapshot\u0000${secret}`).digest('hex').slice(0, 16);
}

function hash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20);
}

/** The file name of a scope: `<backend+endpoint>-<identity+workspace>.json`, so all files of an endpoint share a prefix. */
function snapshotFileName(scope: SnapshotScope): string {
  return `${endpointPrefix(scope.backend, scope.endpoint)}-${hash([scope.identity, scope.workspace])}.json`;
}

function endpointPrefix(backend: BackendId, endpoint: string): string {
  return `releases-${hash([backend, normalizeEndpoint(endpoint)])}`;
}

function sameScope(a: SnapshotScope, b: SnapshotScope): boolean {
  return a.backend === b.backend && normalizeEndpoint(a.endpoint) === normalizeEndpoint(b.endpoint) && a.identity === b.identity && a.workspace === b.workspace;
}

/** Only what the list shows is kept: release details and notes are fetched again when opened. */
function summaryOnly(r: ReleaseSummary): ReleaseSummary {
  return {
    id: r.id,
    source: r.source,
    productName: r.productName,
    ...(r.releaseName !== undefined ? { releaseName: r.releaseName } : {}),
    ...(r.flowName !== undefined ? { flowName: r.flowName } : {}),
    ...(r.triggerEnvironment !== undefined ? { triggerEnvironment: r.triggerEnvironment } : {}),
    status: r.status,
    ...(r.version !== undefined ? { version: r.version } : {}),
    createdAt: r.createdAt,
    ...(r.createdAtFallback !== undefined ? { createdAtFallback: r.createdAtFallback } : {}),
    ...(r.updatedAt !== undefined ? { updatedAt: r.updatedAt } : {}),
    ...(r.initiator !== undefined ? { initiator: r.initiator } : {}),
    ...(r.triggerCommit !== undefined ? { triggerCommit: r.triggerCommit } : {}),
    environments: r.environments,
    ...(r.error !== undefined ? { error: r.error } : {}),
  };
}

interface EncodedSnapshot {
  text: string;
  /** Releases written, and releases left out to stay under the size cap (the oldest of each product). */
  releases: number;
  dropped: number;
}

/**
 * The file text of a snapshot, at most `maxBytes` long: when the whole answer is larger, each product keeps fewer of
 * its newest releases until it fits. Undefined when even the products alone do not fit.
 */
function encodeSnapshot(snapshot: Snapshot, maxBytes = DEFAULT_SNAPSHOT_MAX_BYTES): EncodedSnapshot | undefined {
  const products = snapshot.products.map((p) => ({ product: p.product, releases: p.releases.map(summaryOnly) }));
  const total = products.reduce((n, p) => n + p.releases.length, 0);
  let keep = Math.max(0, ...products.map((p) => p.releases.length));
  for (;;) {
    const kept = products.map((p) => ({ product: p.product, releases: p.releases.slice(0, keep) }));
    const text = JSON.stringify({ format: SNAPSHOT_FORMAT, savedAt: snapshot.savedAt, scope: snapshot.scope, products: kept });
    if (Buffer.byteLength(text, 'utf8') <= maxBytes) {
      const releases = kept.reduce((n, p) => n + p.releases.length, 0);
      return { text, releases, dropped: total - releases };
    }
    if (keep === 0) return undefined;
    keep = Math.floor(keep / 2);
  }
}

type DecodedSnapshot = { ok: true; snapshot: Snapshot } | { ok: false; reason: string };

/** Read a snapshot file's text for `scope`; says why it cannot be used instead of throwing. */
function decodeSnapshot(text: string, scope: SnapshotScope): DecodedSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `it is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const head = envelopeHead.safeParse(json);
  if (!head.success) return { ok: false, reason: 'it has no format version' };
  if (head.data.format !== SNAPSHOT_FORMAT) return { ok: false, reason: `it was written in format ${head.data.format}, this version reads format ${SNAPSHOT_FORMAT}` };
  const r = envelope.safeParse(json);
  if (!r.success) return { ok: false, reason: `it does not hold valid releases: ${formatIssues(r.error.issues, { max: 3 })}` };
  if (!sameScope(r.data.scope, scope)) return { ok: false, reason: 'it belongs to another backend, account or workspace' };
  return { ok: true, snapshot: { scope: r.data.scope, savedAt: r.data.savedAt, products: r.data.products } };
}

type LoadedSnapshot = { kind: 'found'; snapshot: Snapshot } | { kind: 'none' } | { kind: 'unusable'; reason: string };

/** Snapshot files in one folder (the extension's global storage). */
export class SnapshotFiles {
  constructor(
    private readonly dir: string,
    private readonly maxBytes = DEFAULT_SNAPSHOT_MAX_BYTES,
  ) {}

  fileOf(scope: SnapshotScope): string {
    return path.join(this.dir, snapshotFileName(scope));
  }

  async load(scope: SnapshotScope): Promise<LoadedSnapshot> {
    let text: string;
    try {
      text = await readFile(this.fileOf(scope), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
      return { kind: 'unusable', reason: `it could not be read (${e instanceof Error ? e.message : String(e)})` };
    }
    if (Buffer.byteLength(text, 'utf8') > this.maxBytes) return { kind: 'unusable', reason: `it is larger than ${this.maxBytes} bytes` };
    const d = decodeSnapshot(text, scope);
    return d.ok ? { kind: 'found', snapshot: d.snapshot } : { kind: 'unusable', reason: d.reason };
  }

  /** Write atomically: a temporary file next to the target, renamed over it. Undefined when nothing fits the cap. */
  async save(snapshot: Snapshot): Promise<EncodedSnapshot | undefined> {
    const encoded = encodeSnapshot(snapshot, this.maxBytes);
    if (!encoded) return undefined;
    await mkdir(this.dir, { recursive: true });
    const file = this.fileOf(snapshot.scope);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, encoded.text, 'utf8');
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    return encoded;
  }

  /** Delete every snapshot of a backend endpoint (all identities and workspaces); returns how many went. */
  async deleteEndpoint(backend: BackendId, endpoint: string): Promise<number> {
    const prefix = `${endpointPrefix(backend, endpoint)}-`;
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    const mine = names.filter((n) => n.startsWith(prefix));
    await Promise.all(mine.map((n) => rm(path.join(this.dir, n), { force: true })));
    return mine.length;
  }
}
