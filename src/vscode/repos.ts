// Git repositories of the workspace, resolved per file (multi-root: each folder's repository separately), each with
// its in-memory commit graph and a resolver index over the store's data. Everything a UI callback needs is read
// synchronously from here; loading and refreshing happen in the background.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommitDeployments } from '../core/deployment';
import type { GraphSource } from '../resolve/graphSource';
import type { ExtensionLog } from './log';
import type { ReleaseStore } from './pure/releaseStore';
import type { BlameCache } from '../git/blame';
import type { RepoRootCache } from '../git/repo';
import { type DataModule, loadData } from './deps';
import { Disposable } from './disposable';

export interface RepoState {
  root: string;
  head?: string;
  /** The commit graph and resolver of this repository, once their module is loaded. */
  source?: GraphSource;
  /** Why loading the commit graph failed, if it did. */
  readonly graphError?: string;
}

export class RepoRegistry extends Disposable {
  private roots: RepoRootCache | undefined;
  private readonly repos = new Map<string, RepoState>();
  private blame: BlameCache | undefined;
  private readonly headEmitter = new vscode.EventEmitter<RepoState>();
  /** HEAD moved in a repository (commit, checkout, pull). */
  readonly onDidChangeHead = this.headEmitter.event;
  private readonly graphEmitter = new vscode.EventEmitter<RepoState>();
  /** A commit graph finished loading or changed. */
  readonly onDidChangeGraph = this.graphEmitter.event;
  private readonly rootsEmitter = new vscode.EventEmitter<void>();
  /** Repositories may have appeared or gone (a `.git` created or deleted, workspace folders changed). */
  readonly onDidChangeRoots = this.rootsEmitter.event;

  constructor(
    private readonly store: ReleaseStore,
    private readonly log: ExtensionLog,
  ) {
    super();
    // A `.git` folder (or, in worktrees and submodules, file) appearing or going changes which repository a file is in.
    const dotGit = vscode.workspace.createFileSystemWatcher('**/.git', false, true, false);
    const rootsChanged = () => {
      this.roots?.clear();
      this.rootsEmitter.fire();
    };
    this.register(
      this.headEmitter,
      this.graphEmitter,
      this.rootsEmitter,
      dotGit,
      dotGit.onDidCreate(rootsChanged),
      dotGit.onDidDelete(rootsChanged),
      vscode.workspace.onDidChangeWorkspaceFolders(rootsChanged),
      vscode.workspace.onDidSaveTextDocument((d) => this.blame?.invalidate(d.uri.fsPath)),
    );
  }

  /** The repository root for a file path (cached per directory), or undefined outside any repository. */
  async rootFor(fsPath: string): Promise<string | undefined> {
    try {
      const { RepoRootCache } = await loadData();
      return await (this.roots ??= new RepoRootCache()).rootFor(fsPath);
    } catch (e) {
      this.log.debug(`no repository for ${path.dirname(fsPath)}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Repository roots of the workspace folders (one per folder that is in a repository). */
  async workspaceRoots(): Promise<string[]> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    // rootFor looks at a file's directory: a child path makes the folder itself the directory.
    const roots = await Promise.all(folders.map((f) => this.rootFor(path.join(f.uri.fsPath, '.gitops-probe'))));
    return [...new Set(roots.filter((r): r is string => !!r))];
  }

  /** The repository to use for "the current repo": the active editor's, else the first workspace one. */
  async currentRoot(): Promise<string | undefined> {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && doc.uri.scheme === 'file') {
      const r = await this.rootFor(doc.uri.fsPath);
      if (r) return r;
    }
    return (await this.workspaceRoots())[0];
  }

  state(root: string): RepoState {
    let s = this.repos.get(root);
    if (!s) {
      const created: RepoState = {
        root,
        get graphError() {
          return created.source?.error;
        },
      };
      s = created;
      this.repos.set(root, s);
      void this.watchHead(s);
    }
    return s;
  }

  /** Watch HEAD and the branches where git keeps them (for worktrees and submodules not under `<root>/.git`). */
  private async watchHead(s: RepoState): Promise<void> {
    const targets = await (await loadData()).headWatchTargets(s.root).catch(() => undefined);
    if (this.isDisposed) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void this.checkHead(s), 300);
    };
    this.register({ dispose: () => timer && clearTimeout(timer) });
    for (const t of targets ?? [{ base: path.join(s.root, '.git'), glob: '{HEAD,packed-refs,refs/heads/**}' }]) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(t.base), t.glob));
      this.register(w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed));
    }
  }

  /** Re-read HEAD; when it moved, update the graph and tell listeners. */
  async checkHead(s: RepoState): Promise<void> {
    try {
      const head = await (await loadData()).headSha(s.root);
      if (head === s.head) return;
      const first = s.head === undefined;
      s.head = head;
      this.blame?.invalidate();
      if (!first && s.source && (await s.source.update())) this.graphEmitter.fire(s);
      this.headEmitter.fire(s);
    } catch (e) {
      this.log.warn(`reading HEAD of ${s.root} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The data path, once a graph load has required it, so that `whereNow` can answer synchronously. */
  private data: DataModule | undefined;

  private sourceOf(s: RepoState): GraphSource | undefined {
    if (!s.source && this.data) s.source = new this.data.GraphSource(s.root, this.store, { log: this.log, onDidChange: () => this.graphEmitter.fire(s) });
    return s.source;
  }

  private readonly loads = new Map<RepoState, Promise<void>>();

  /** Load (once) the commit graph of a repository; a call while it loads joins that load. Never throws. */
  ensureGraph(root: string): Promise<void> {
    const s = this.state(root);
    if (s.source?.graph) return Promise.resolve();
    let p = this.loads.get(s);
    if (!p) {
      if (s.head === undefined) void this.checkHead(s);
      p = (async () => {
        try {
          this.data ??= await loadData();
          await this.sourceOf(s)!.load();
          this.graphEmitter.fire(s);
        } catch (e) {
          this.log.error(`loading the commit graph of ${root} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      })().finally(() => this.loads.delete(s));
      this.loads.set(s, p);
    }
    return p;
  }

  /** New release data may name commits the graph has not seen: let it catch up (cheap when nothing is new). */
  async refreshGraphs(): Promise<void> {
    for (const s of this.repos.values()) {
      try {
        if (await s.source?.update()) this.graphEmitter.fire(s);
      } catch (e) {
        this.log.warn(`updating the commit graph of ${s.root} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /**
   * Where is this commit deployed, from what is in memory now: undefined while the graph or its module is not loaded
   * yet (loading is started). Never waits.
   */
  whereNow(root: string, sha: string): CommitDeployments | undefined {
    const s = this.state(root);
    const answer = this.sourceOf(s)?.whereNow(sha, this.store.lastSuccessAt !== undefined ? new Date(this.store.lastSuccessAt).toISOString() : undefined);
    if (!answer) void this.ensureGraph(root);
    return answer;
  }

  /** The blame cache (created on first use). */
  async blamer(): Promise<BlameCache> {
    if (!this.blame) {
      const { BlameCache } = await loadData();
      this.blame ??= new BlameCache(this.log);
    }
    return this.blame;
  }
}
