// Git repositories of the workspace, resolved per file (multi-root: each folder's repository separately), each with
// its in-memory commit graph and a resolver index over the store's data. Everything a UI callback needs is read
// synchronously from here; loading and refreshing happen in the background.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { AncestryOracle, CommitDeployments } from '../core/deployment';
import type { ExtensionLog } from './log';
import type { ReleaseStore } from './pure/releaseStore';
import type { BlameCache } from '../git/blame';
import type { CommitGraph } from '../git/graph';
import { type DataModule, loadData } from './deps';

interface Resolver {
  where(sha: string): CommitDeployments;
}

export interface RepoState {
  root: string;
  graph?: CommitGraph;
  graphLoading?: Promise<CommitGraph | undefined>;
  graphError?: string;
  head?: string;
  /** Bumped when the graph changes. */
  graphVersion: number;
  resolver?: { storeVersion: number; graphVersion: number; resolver: Resolver };
}

export class RepoRegistry extends Disposable {
  private readonly rootByDir = new Map<string, Promise<string | undefined>>();
  private readonly repos = new Map<string, RepoState>();
  private blame: BlameCache | undefined;
  private readonly headEmitter = new vscode.EventEmitter<RepoState>();
  /** HEAD moved in a repository (commit, checkout, pull). */
  readonly onDidChangeHead = this.headEmitter.event;
  private readonly graphEmitter = new vscode.EventEmitter<RepoState>();
  /** A commit graph finished loading or changed. */
  readonly onDidChangeGraph = this.graphEmitter.event;

  constructor(
    private readonly store: ReleaseStore,
    private readonly log: ExtensionLog,
  ) {
    super();
    this.register(
      this.headEmitter,
      this.graphEmitter,
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rootByDir.clear()),
      vscode.workspace.onDidSaveTextDocument((d) => this.blame?.invalidate(d.uri.fsPath)),
    );
  }

  /** The repository root for a file path (cached per directory), or undefined outside any repository. */
  rootFor(fsPath: string): Promise<string | undefined> {
    const dir = path.dirname(fsPath);
    let p = this.rootByDir.get(dir);
    if (!p) {
      p = loadData()
        .then((d) => d.findRepoRoot(dir))
        .catch((e: unknown) => {
          this.log.debug(`no repository for ${dir}: ${e instanceof Error ? e.message : String(e)}`);
          return undefined;
        });
      this.rootByDir.set(dir, p);
    }
    return p;
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
      s = { root, graphVersion: 0 };
      this.repos.set(root, s);
      this.watchHead(s);
    }
    return s;
  }

  private watchHead(s: RepoState): void {
    const pattern = new vscode.RelativePattern(vscode.Uri.file(s.root), '.git/{HEAD,packed-refs,refs/heads/**}');
    const w = vscode.workspace.createFileSystemWatcher(pattern);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void this.checkHead(s), 300);
    };
    this.register(w, w.onDidChange(changed), w.onDidCreate(changed), w.onDidDelete(changed), { dispose: () => timer && clearTimeout(timer) });
  }

  /** Re-read HEAD; when it moved, update the graph and tell listeners. */
  async checkHead(s: RepoState): Promise<void> {
    try {
      const head = await (await loadData()).headSha(s.root);
      if (head === s.head) return;
      const first = s.head === undefined;
      s.head = head;
      this.blame?.invalidate();
      if (!first && s.graph) {
        const changed = await s.graph.update(this.extraShas());
        if (changed) {
          s.graphVersion++;
          this.graphEmitter.fire(s);
        }
      }
      this.headEmitter.fire(s);
    } catch (e) {
      this.log.warn(`reading HEAD of ${s.root} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Commits the releases point at, so the graph can tell whether they exist locally. */
  private extraShas(): string[] {
    const out = new Set<string>();
    for (const p of this.store.productStates()) for (const r of p.releases) if (r.triggerCommit?.sha) out.add(r.triggerCommit.sha);
    return [...out];
  }

  /** Load (once) or return the commit graph of a repository. */
  ensureGraph(root: string): Promise<CommitGraph | undefined> {
    const s = this.state(root);
    if (s.graph) return Promise.resolve(s.graph);
    if (!s.graphLoading) {
      const started = Date.now();
      s.graphLoading = loadData()
        .then((d) => {
          this.data = d;
          return d.CommitGraph.load(root, { extraShas: this.extraShas(), log: this.log });
        })
        .then((g) => {
          s.graph = g;
          s.graphError = undefined;
          s.graphVersion++;
          this.log.info(`commit graph of ${root} loaded in ${Date.now() - started} ms${g.shallow ? ' (shallow clone)' : ''}`);
          this.graphEmitter.fire(s);
          return g;
        })
        .catch((e: unknown) => {
          s.graphError = e instanceof Error ? e.message : String(e);
          this.log.error(`loading the commit graph of ${root} failed: ${s.graphError}`);
          return undefined;
        })
        .finally(() => {
          s.graphLoading = undefined;
        });
      if (s.head === undefined) void this.checkHead(s);
    }
    return s.graphLoading;
  }

  /** New release data may name commits the graph has not seen: let it catch up (cheap when nothing is new). */
  async refreshGraphs(): Promise<void> {
    const extra = this.extraShas();
    for (const s of this.repos.values()) {
      if (!s.graph) continue;
      try {
        if (await s.graph.update(extra)) {
          s.graphVersion++;
          this.graphEmitter.fire(s);
        }
      } catch (e) {
        this.log.warn(`updating the commit graph of ${s.root} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /**
   * Where is this commit deployed, from what is in memory now: undefined while the graph or resolver is not loaded
   * yet (loading is started). Never waits.
   */
  whereNow(root: string, sha: string): CommitDeployments | undefined {
    const s = this.state(root);
    if (!s.graph) {
      void this.ensureGraph(root);
      return undefined;
    }
    const version = this.store.version;
    if (!s.resolver || s.resolver.storeVersion !== version || s.resolver.graphVersion !== s.graphVersion) {
      s.resolver = { storeVersion: version, graphVersion: s.graphVersion, resolver: this.makeResolver(s.graph) };
    }
    const answer = s.resolver.resolver.where(sha);
    if (this.store.lastSuccessAt !== undefined && !answer.dataAsOf) answer.dataAsOf = new Date(this.store.lastSuccessAt).toISOString();
    return answer;
  }

  /** The data path, once a graph load has required it (so every loaded graph has it). */
  private data: DataModule | undefined;

  private makeResolver(graph: AncestryOracle): Resolver {
    // A graph exists only once its load required the data path.
    return this.data!.createResolver(this.store.snapshot(), graph);
  }

  /** The blame cache (created on first use). */
  async blamer(): Promise<BlameCache> {
    const { BlameCache } = await loadData();
    this.blame ??= new BlameCache(this.log);
    return this.blame;
  }
}
