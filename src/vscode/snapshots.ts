// Keeps the store's last good answer on disk for the backend in use, and offers it back when the same backend (same
// endpoint, same identity, same workspace) is set up again, e.g. after a restart without network. The file format
// and its checks live in the data bundle; this is only the wiring to the store and the extension's storage folder.

import * as vscode from 'vscode';
import type { BackendId, ProductReleases } from '../core/model';
import type { SnapshotFiles, SnapshotScope } from '../resolve/snapshotFile';
import { FollowUpRunner } from '../core/followUp';
import { loadData } from './deps';
import type { ExtensionLog } from './log';
import type { ReleaseStore } from './pure/releaseStore';

/** Which workspace this window shows: its workspace file, else its folders. */
function workspaceKey(): string {
  const file = vscode.workspace.workspaceFile;
  if (file && file.scheme !== 'untitled') return file.toString();
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).sort().join('\n');
}

/** Where a backend is and who is signed in there; the secret only ever leaves as a one-way fingerprint. */
export interface ScopeInput {
  backend: BackendId;
  /** A URL, or undefined for the built-in demo server. */
  endpoint: string | undefined;
  secret?: string;
}

/** How old the saved answer may get while the data does not change before it is written again with a new age. */
const REWRITE_UNCHANGED_MS = 5 * 60_000;

export class SnapshotKeeper implements vscode.Disposable {
  private files: Promise<SnapshotFiles> | undefined;
  private scope: SnapshotScope | undefined;
  private generation = -1;
  private savedSuccessAt: number | undefined;
  private savedVersion = -1;
  private readonly saver = new FollowUpRunner(() => this.saveOnce());
  private readonly sub: { dispose(): void };

  constructor(
    private readonly dir: string,
    private readonly store: ReleaseStore,
    private readonly log: ExtensionLog,
  ) {
    this.sub = store.onDidChange(() => this.maybeSave());
  }

  private getFiles(): Promise<SnapshotFiles> {
    this.files ??= loadData().then((d) => new d.SnapshotFiles(this.dir));
    return this.files;
  }

  async scopeOf(input: ScopeInput): Promise<SnapshotScope> {
    const d = await loadData();
    return {
      backend: input.backend,
      endpoint: input.endpoint ? d.normalizeEndpoint(input.endpoint) : 'in-process',
      identity: input.secret ? d.credentialFingerprint(input.secret) : '',
      workspace: workspaceKey(),
    };
  }

  /** The saved answer of a scope, if there is a usable one (an unusable file costs one log line, nothing else). */
  async load(scope: SnapshotScope): Promise<{ products: ProductReleases[]; savedAt: number } | undefined> {
    try {
      const r = await (await this.getFiles()).load(scope);
      if (r.kind === 'found') {
        this.log.info(`restored the releases saved ${new Date(r.snapshot.savedAt).toISOString()} for ${scope.backend} at ${scope.endpoint}`);
        return { products: r.snapshot.products, savedAt: r.snapshot.savedAt };
      }
      if (r.kind === 'unusable') this.log.warn(`ignoring the saved releases for ${scope.backend} at ${scope.endpoint}: ${r.reason}`);
    } catch (e) {
      this.log.warn(`ignoring the saved releases for ${scope.backend} at ${scope.endpoint}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return undefined;
  }

  /** The store now holds data of `scope` (undefined: no backend); its good refreshes are saved from now on. */
  use(scope: SnapshotScope | undefined): void {
    this.scope = scope;
    this.generation = this.store.dataGeneration;
    this.savedSuccessAt = this.store.restoredAt;
    this.savedVersion = this.store.version;
  }

  /** Sign-out: every saved answer of that endpoint goes, whichever account or workspace it was for. */
  async forgetEndpoint(backend: BackendId, endpoint: string): Promise<void> {
    if (this.scope?.backend === backend) this.scope = undefined;
    const n = await (await this.getFiles()).deleteEndpoint(backend, endpoint);
    if (n > 0) this.log.info(`deleted ${n} saved releases file(s) of ${backend} at ${endpoint}`);
  }

  private maybeSave(): void {
    const s = this.store;
    if (!this.scope || s.dataGeneration !== this.generation || s.restoredAt !== undefined || s.lastError) return;
    if (s.lastSuccessAt === undefined || s.lastSuccessAt === this.savedSuccessAt) return;
    // A refresh that changed nothing only moves the saved answer's age on, which is worth a write now and then only.
    if (s.version === this.savedVersion && this.savedSuccessAt !== undefined && s.lastSuccessAt - this.savedSuccessAt < REWRITE_UNCHANGED_MS) return;
    void this.saver.run();
  }

  private async saveOnce(): Promise<void> {
    const scope = this.scope;
    const savedAt = this.store.lastSuccessAt;
    if (!scope || savedAt === undefined || this.store.dataGeneration !== this.generation) return;
    this.savedSuccessAt = savedAt;
    this.savedVersion = this.store.version;
    try {
      const written = await (await this.getFiles()).save({ scope, savedAt, products: this.store.listedProducts() });
      if (!written) this.log.warn('the releases are too large to save, even without releases');
      else this.log.debug(`saved ${written.releases} release(s) for offline use${written.dropped ? ` (${written.dropped} older ones left out to stay small)` : ''}`);
    } catch (e) {
      this.log.warn(`could not save the releases for offline use: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.scope = undefined;
  }
}
