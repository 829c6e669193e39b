// Finding "the commit" for a place in the editor: the line's commit from blame (unsaved buffers included), or the
// commit named by a SHA token under the cursor. Plus the tracker of the cursor's commit (debounced) that the Commit
// Deployments view and the status bar (cursor mode) follow.

import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { ExtensionLog } from './log';
import type { HoverCommit } from '../present/deploymentMarkdown';
import { loadData } from './deps';
import type { RepoRegistry } from './repos';

export interface CommitTarget {
  root: string;
  commit: HoverCommit;
  /** Where it came from, for the view's description. */
  origin: 'line' | 'sha' | 'head' | 'prompt';
}

export class CommitFinder {
  constructor(
    private readonly repos: RepoRegistry,
    private readonly log: ExtensionLog,
  ) {}

  /** The commit named by a SHA token at this position, in the document's repository or any workspace one. */
  async shaTokenAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<CommitTarget | undefined> {
    const { sha } = await loadData();
    const token = sha.findShaToken(doc.lineAt(pos.line).text, pos.character);
    if (!token) return undefined;
    const roots: string[] = [];
    if (doc.uri.scheme === 'file') {
      const r = await this.repos.rootFor(doc.uri.fsPath);
      if (r) roots.push(r);
    }
    for (const r of await this.repos.workspaceRoots()) if (!roots.includes(r)) roots.push(r);
    for (const root of roots) {
      const full = await sha.resolveCommitish(root, token.text);
      if (!full) continue;
      return this.describe(root, full, 'sha');
    }
    return undefined;
  }

  /** A full sha with its author/date/summary from the repository. */
  async describe(root: string, full: string, origin: CommitTarget['origin']): Promise<CommitTarget> {
    const info = await (await loadData()).sha.commitInfo(root, full).catch(() => undefined);
    return {
      root,
      origin,
      commit: { kind: 'committed', sha: full, author: info?.author, date: info?.date, summary: info?.summary },
    };
  }

  /** The commit that last changed this line (unsaved changes count as uncommitted); undefined outside a repo. */
  async lineCommit(doc: vscode.TextDocument, line: number): Promise<CommitTarget | undefined> {
    if (doc.uri.scheme !== 'file') return undefined;
    const root = await this.repos.rootFor(doc.uri.fsPath);
    if (!root) return undefined;
    if (line >= doc.lineCount) return undefined;
    const blame = await this.repos.blamer();
    try {
      const c = await blame.blameLine(root, doc.uri.fsPath, line, doc.isDirty ? doc.getText() : undefined);
      if (c.kind === 'uncommitted') return { root, origin: 'line', commit: { kind: 'uncommitted' } };
      return { root, origin: 'line', commit: { kind: 'committed', sha: c.sha, author: c.author, date: c.date, summary: c.summary } };
    } catch (e) {
      // Blame says "uncommitted" itself when nothing of the line is committed: an error is no answer at all.
      this.log.debug(`blame ${doc.uri.fsPath}:${line + 1}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** The SHA token under the position when there is one, else the line's commit. */
  async at(doc: vscode.TextDocument, pos: vscode.Position): Promise<CommitTarget | undefined> {
    return (await this.shaTokenAt(doc, pos)) ?? (await this.lineCommit(doc, pos.line));
  }

  /** Resolve a commit-ish typed by the user against the current repository. */
  async fromCommitish(root: string, text: string): Promise<CommitTarget | undefined> {
    const full = await (await loadData()).sha.resolveCommitish(root, text.trim());
    return full ? this.describe(root, full, 'prompt') : undefined;
  }
}

/** Follows the cursor and reports its commit after the cursor rests for a moment. */
export class CursorCommitTracker extends Disposable {
  private readonly emitter = new vscode.EventEmitter<CommitTarget | undefined>();
  readonly onDidChange = this.emitter.event;
  current: CommitTarget | undefined;
  /** Set by an explicit "show where commit is deployed": wins until the cursor moves to another line. */
  private pinned = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

  constructor(
    private readonly finder: CommitFinder,
    private readonly debounceMs = 300,
  ) {
    super();
    this.register(
      this.emitter,
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.kind === undefined && this.pinned) return; // programmatic selection changes do not unpin
        this.pinned = false;
        this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Closing the last editor leaves no cursor to follow: keep showing the commit that is shown (a pinned one
        // in particular: "close all editors, then ask where HEAD~1 is" must not lose the answer to a late event).
        if (!editor) return;
        this.pinned = false;
        this.schedule();
      }),
    );
  }

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), this.debounceMs);
  }

  /** Look up the cursor's commit now. */
  async update(): Promise<void> {
    this.timer = undefined;
    if (this.pinned) return;
    const seq = ++this.seq;
    const ed = vscode.window.activeTextEditor;
    const target = ed ? await this.finder.at(ed.document, ed.selection.active).catch(() => undefined) : undefined;
    if (seq !== this.seq || this.pinned) return;
    if (sameTarget(target, this.current)) return;
    this.current = target;
    this.emitter.fire(target);
  }

  /** Show this commit until the cursor moves. */
  pin(target: CommitTarget): void {
    this.seq++;
    this.pinned = true;
    this.current = target;
    this.emitter.fire(target);
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    super.dispose();
  }
}

function sameTarget(a: CommitTarget | undefined, b: CommitTarget | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.root !== b.root || a.commit.kind !== b.commit.kind) return false;
  return a.commit.kind === 'uncommitted' || (b.commit.kind === 'committed' && a.commit.sha === b.commit.sha);
}
