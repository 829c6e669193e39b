// The "Commit Deployments" view: for the commit under the cursor (debounced), each product and environment with
// deployed / on its way / blocked / no longer deployed / not yet / unknown, the release that carried it and when.

import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { DEPLOYMENT_STATE_LABELS, type CommitDeployments, type EnvironmentDeployment } from '../core/deployment';
import { statusLabel } from '../core/status';
import type { CommitTarget, CursorCommitTracker } from './commits';
import { deploymentThemeIcon } from './icons';
import { demoViewDescription, isDemoBackend } from './pure/demoLabel';
import { escapeMarkdown } from './pure/markdown';
import { firstLine } from './pure/presentation';
import type { ReleaseStore } from './pure/releaseStore';
import { relativeTime } from './pure/time';
import type { RepoRegistry } from './repos';

export type CommitNode =
  | { type: 'commit' }
  | { type: 'product'; product: string }
  | { type: 'env'; product: string; env: EnvironmentDeployment }
  | { type: 'message'; text: string; icon: string };

export class CommitDeploymentsProvider extends Disposable implements vscode.TreeDataProvider<CommitNode> {
  private readonly emitter = new vscode.EventEmitter<CommitNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private answer: CommitDeployments | undefined;
  view: vscode.TreeView<CommitNode> | undefined;

  constructor(
    private readonly tracker: CursorCommitTracker,
    private readonly repos: RepoRegistry,
    private readonly store: ReleaseStore,
  ) {
    super();
    const sub = store.onDidChange(() => this.recompute());
    this.register(
      this.emitter,
      { dispose: () => sub.dispose() },
      tracker.onDidChange(() => this.recompute()),
      repos.onDidChangeGraph(() => this.recompute()),
    );
  }

  get target(): CommitTarget | undefined {
    return this.tracker.current;
  }

  /** The answer currently shown (for the test API). */
  get current(): CommitDeployments | undefined {
    return this.answer;
  }

  recompute(): void {
    const t = this.tracker.current;
    this.answer = t && t.commit.kind === 'committed' ? this.repos.whereNow(t.root, t.commit.sha) : undefined;
    if (this.view) {
      const what = t ? (t.commit.kind === 'committed' ? t.commit.sha.slice(0, 7) : 'uncommitted') : '';
      this.view.description = demoViewDescription(what, isDemoBackend(this.store.backendId)) ?? '';
    }
    this.emitter.fire(undefined);
  }

  getChildren(node?: CommitNode): CommitNode[] {
    const t = this.tracker.current;
    if (!node) {
      if (!this.store.hasBackend) return [];
      if (!t) return [{ type: 'message', text: 'Place the cursor on a line of a file in a Git repository.', icon: 'info' }];
      if (t.commit.kind === 'uncommitted') return [{ type: 'message', text: 'This line is not committed yet, so it is not deployed anywhere.', icon: 'edit' }];
      const out: CommitNode[] = [{ type: 'commit' }];
      const a = this.answer;
      if (!a || this.store.lastSuccessAt === undefined) out.push({ type: 'message', text: this.store.lastError ? `Release data unavailable: ${this.store.lastError.message}` : 'Loading…', icon: this.store.lastError ? 'warning' : 'loading~spin' });
      else if (a.unknown) out.push({ type: 'message', text: a.unknown.detail || a.unknown.reason, icon: 'question' });
      else if (a.products.length === 0) out.push({ type: 'message', text: 'No product releases are known.', icon: 'info' });
      else for (const p of a.products) out.push({ type: 'product' as const, product: p.product });
      return out;
    }
    if (node.type === 'product') {
      const p = this.answer?.products.find((x) => x.product === node.product);
      return p ? p.environments.map((env) => ({ type: 'env', product: node.product, env })) : [];
    }
    return [];
  }

  getTreeItem(node: CommitNode): vscode.TreeItem {
    const t = this.tracker.current;
    switch (node.type) {
      case 'commit': {
        const c = t?.commit.kind === 'committed' ? t.commit : undefined;
        const item = new vscode.TreeItem(c ? c.sha.slice(0, 7) : '', vscode.TreeItemCollapsibleState.None);
        item.id = `commit/${c?.sha ?? ''}`;
        item.description = [firstLine(c?.summary, 60), c?.author, c?.date ? relativeTime(c.date) : ''].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon('git-commit');
        item.contextValue = 'commit';
        item.tooltip = new vscode.MarkdownString(`${escapeMarkdown(c?.sha)}\n\n${escapeMarkdown(c?.summary)}`);
        return item;
      }
      case 'product': {
        const item = new vscode.TreeItem(node.product, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `product/${node.product}`;
        item.iconPath = new vscode.ThemeIcon('package');
        return item;
      }
      case 'env': {
        const e = node.env;
        const item = new vscode.TreeItem(e.environment, vscode.TreeItemCollapsibleState.None);
        item.id = `env/${node.product}/${e.environment}`;
        item.iconPath = deploymentThemeIcon(e.state);
        const when = e.since ?? e.release?.createdAt;
        item.description = [DEPLOYMENT_STATE_LABELS[e.state], e.release?.id, e.release?.version, when ? relativeTime(when) : '', e.state === 'unknown' ? e.detail : ''].filter(Boolean).join(' · ');
        const lines = [`**${escapeMarkdown(e.environment)}**: ${escapeMarkdown(DEPLOYMENT_STATE_LABELS[e.state])}`];
        if (e.release) lines.push('', `Release ${escapeMarkdown(e.release.id)} (${escapeMarkdown(statusLabel(e.release.environmentStatus))} here)`);
        if (e.state === 'no-longer-deployed' && e.liveRelease) lines.push('', `Replaced by the live release ${escapeMarkdown(e.liveRelease.id)}, which does not contain it`);
        if (e.firstRelease && e.firstRelease.id !== e.release?.id) lines.push('', `Deployed here since ${escapeMarkdown(e.firstRelease.id)}`);
        if (e.ignored?.length) lines.push('', `Not counted (cannot change the answer): ${escapeMarkdown(e.ignored.map((i) => i.detail).join('; '))}`);
        if (e.error) lines.push('', `Error: ${escapeMarkdown(e.error)}`);
        item.tooltip = new vscode.MarkdownString(lines.join('\n'));
        if (e.release) {
          item.contextValue = 'deployment';
          item.command = { command: 'gitopsReleases.openRelease', title: 'Open Release', arguments: [node.product, e.release.id] };
        }
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
    }
  }
}
