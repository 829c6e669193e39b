// The release panel's data source, served from the store: details from its cache (fetched when missing or stale),
// notes = the backend's notes merged with local Git history for the repository. When the backend cannot give a
// release's details or notes, ./panel/data falls back to the release-list row and the local Git notes and says so.

import * as vscode from 'vscode';
import { readSettings } from './config';
import { loadData } from './deps';
import type { ExtensionLog } from './log';
import { type LoadedNotes, type LoadedRelease, loadPanelNotes, loadPanelRelease, type PanelDataDeps } from './panel/data';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';

export class StorePanelSource implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  /** A release's data changed (a refresh saw it move, or its detail was loaded). */
  readonly onDidChangeRelease = this.emitter.event;
  private readonly sub: { dispose(): void };
  private readonly deps: PanelDataDeps;

  constructor(store: ReleaseStore, repos: RepoRegistry, log: ExtensionLog) {
    this.deps = { store, repoRoot: () => repos.currentRoot(), notes: async () => (await loadData()).notes, issueTrackerUrl: () => readSettings().issueTrackerUrl, log };
    this.sub = store.onDidChange((c) => {
      for (const id of c.releaseIds) this.emitter.fire(id);
    });
  }

  getRelease(productName: string, releaseId: string, signal?: AbortSignal): Promise<LoadedRelease> {
    return loadPanelRelease(this.deps, productName, releaseId, signal);
  }

  getNotes(productName: string, releaseId: string, signal?: AbortSignal): Promise<LoadedNotes> {
    return loadPanelNotes(this.deps, productName, releaseId, signal);
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
