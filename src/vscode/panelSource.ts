// The release panel's data (contract E's PanelDataSource), served from the store: details from its cache (fetched
// when missing or stale), notes = the backend's notes merged with local Git history for the repository.

import * as vscode from 'vscode';
import type { ReleaseDetail, ReleaseNotes } from '../core/model';
import { loadNotes } from './deps';
import type { ExtensionLog } from './log';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';

export class StorePanelSource implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  /** A release's data changed (a refresh saw it move, or its detail was loaded). */
  readonly onDidChangeRelease = this.emitter.event;
  private readonly sub: { dispose(): void };

  constructor(
    private readonly store: ReleaseStore,
    private readonly repos: RepoRegistry,
    private readonly log: ExtensionLog,
  ) {
    this.sub = store.onDidChange((c) => {
      for (const id of c.releaseIds) this.emitter.fire(id);
    });
  }

  getRelease(_productName: string, releaseId: string, signal?: AbortSignal): Promise<ReleaseDetail> {
    return this.store.getDetail(releaseId, signal);
  }

  async getNotes(productName: string, releaseId: string, signal?: AbortSignal): Promise<ReleaseNotes> {
    const [backendNotes, detail] = await Promise.all([
      this.store.getNotes(releaseId, signal).catch((e: unknown) => {
        this.log.warn(`backend release notes of ${releaseId} failed: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }),
      this.store.getDetail(releaseId, signal),
    ]);
    const releases = this.store.productState(productName)?.releases ?? [];
    const { assembleReleaseNotes, findPreviousRelease } = await loadNotes();
    const previous = findPreviousRelease(releases, detail);
    const repoRoot = await this.repos.currentRoot();
    try {
      return await assembleReleaseNotes({ release: detail, backendNotes, previous, repoRoot });
    } catch (e) {
      this.log.warn(`local release notes of ${releaseId} failed: ${e instanceof Error ? e.message : String(e)}`);
      if (backendNotes) return backendNotes;
      throw e;
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
