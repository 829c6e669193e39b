// The status bar item: the HEAD commit's (or the cursor commit's, by setting) deployment, one short phrase per
// product (src/present/statusBarText.ts); the tooltip is the hover's Markdown; a click opens the Commit Deployments view. Hidden when there is
// no repository, no backend, or the mode is off.

import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { readSettings } from './config';
import type { CommitFinder, CommitTarget, CursorCommitTracker } from './commits';
import { trustedMarkdown } from './hover';
import { deploymentMarkdown } from '../present/deploymentMarkdown';
import { statusBarView } from '../present/statusBarText';
import { savedAnswerNote } from '../present/savedAnswer';
import { isDemoBackend } from '../backends/registry';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';

export class DeploymentStatusBar extends Disposable {
  readonly item: vscode.StatusBarItem;
  private seq = 0;
  /** Whether the item is shown (StatusBarItem has no getter for it). */
  visible = false;
  private described: { root: string; sha: string; target: CommitTarget } | undefined;

  constructor(
    private readonly repos: RepoRegistry,
    private readonly store: ReleaseStore,
    private readonly tracker: CursorCommitTracker,
    private readonly finder: CommitFinder,
  ) {
    super();
    this.item = vscode.window.createStatusBarItem('gitopsReleases.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('GitOps Releases');
    this.item.command = 'gitopsReleases.focusCommitView';
    const sub = store.onDidChange(() => void this.update());
    this.register(
      this.item,
      { dispose: () => sub.dispose() },
      repos.onDidChangeHead(() => void this.update()),
      repos.onDidChangeGraph(() => void this.update()),
      tracker.onDidChange(() => void this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
    );
  }

  async update(): Promise<void> {
    const seq = ++this.seq;
    const mode = readSettings().statusBarMode;
    if (mode === 'off' || !this.store.hasBackend) {
      this.hide();
      return;
    }
    let root: string | undefined;
    let sha: string | undefined;
    if (mode === 'cursor') {
      const t = this.tracker.current;
      root = t?.root;
      sha = t?.commit.kind === 'committed' ? t.commit.sha : undefined;
    } else {
      root = await this.repos.currentRoot();
      if (root) {
        const s = this.repos.state(root);
        if (s.head === undefined) await this.repos.checkHead(s);
        sha = s.head;
      }
    }
    if (seq !== this.seq) return;
    if (!root || !sha) {
      this.hide();
      return;
    }
    const answer = this.store.lastSuccessAt === undefined ? undefined : this.repos.whereNow(root, sha);
    const demo = isDemoBackend(this.store.backendId);
    const dataAgeMs = this.store.lastSuccessAt !== undefined ? Date.now() - this.store.lastSuccessAt : undefined;
    const staleAfterMs = Math.max(5 * 60_000, readSettings().idleSeconds * 2_000);
    const savedAnswer = savedAnswerNote(this.store.restoredAt, this.store.lastError !== undefined);
    const view = statusBarView(sha, answer, demo, { refreshFailed: this.store.lastError?.message, ageMs: dataAgeMs, savedAnswer, staleAfterMs });
    this.item.text = view.text;
    let target = this.described?.root === root && this.described.sha === sha ? this.described.target : undefined;
    if (!target) {
      target = await this.finder.describe(root, sha, mode === 'head' ? 'head' : 'line');
      this.described = { root, sha, target };
    }
    if (seq !== this.seq) return;
    this.item.tooltip = trustedMarkdown(
      deploymentMarkdown({
        commit: target.commit,
        deployments: answer,
        loading: this.store.lastError ? undefined : 'Loading…',
        error: this.store.lastError?.message,
        dataAgeMs,
        staleAfterMs,
        demo,
        savedAnswer,
      }),
    );
    this.item.accessibilityInformation = { label: view.accessibleLabel };
    this.item.show();
    this.visible = true;
  }

  private hide(): void {
    this.item.hide();
    this.visible = false;
  }
}
