// The "Commit Deployments" view: for the commit under the cursor (debounced), each product and environment with
// deployed / on its way / blocked / no longer deployed / not yet / unknown, the release that carried it and when; and,
// where the backend reports them, a product's deployment checks on the commit, each opening its Details page.

import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { CommitDeployments, EnvironmentDeployment } from '../core/deployment';
import type { CommitCheck } from '../core/checks';
import { checkRow, checksMessage, checksNodeRow, detailsUrl, skippedChecksRow } from '../present/checks';
import { commitRow, deploymentRow } from '../present/commitRows';
import { isDemoBackend } from '../backends/registry';
import { demoViewDescription } from '../present/demoLabel';
import type { CommitTarget, CursorCommitTracker } from './commits';
import type { CommitChecksCache } from './pure/commitChecks';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';
import { treeItem } from './treeItem';

export type CommitNode =
  | { type: 'commit' }
  | { type: 'product'; product: string }
  | { type: 'env'; product: string; env: EnvironmentDeployment }
  | { type: 'checks'; product: string; sha: string }
  | { type: 'check'; product: string; index: number; check: CommitCheck }
  | { type: 'checks-skipped'; product: string; sha: string }
  | { type: 'message'; text: string; icon: string };

/** The command a check row runs when clicked: open its Details page in the browser. */
export const OPEN_CHECK_DETAILS = 'gitopsReleases.openCheckDetails';

export class CommitDeploymentsProvider extends Disposable implements vscode.TreeDataProvider<CommitNode> {
  private readonly emitter = new vscode.EventEmitter<CommitNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private answer: CommitDeployments | undefined;
  view: vscode.TreeView<CommitNode> | undefined;

  constructor(
    private readonly tracker: CursorCommitTracker,
    private readonly repos: RepoRegistry,
    private readonly store: ReleaseStore,
    private readonly checks?: CommitChecksCache,
  ) {
    super();
    const sub = store.onDidChange(() => this.recompute());
    const checksSub = checks?.onDidChange(() => this.emitter.fire(undefined));
    this.register(
      this.emitter,
      { dispose: () => sub.dispose() },
      { dispose: () => checksSub?.dispose() },
      // Only http(s) pages are opened, whatever a caller passes.
      vscode.commands.registerCommand(OPEN_CHECK_DETAILS, async (url: unknown) => {
        const safe = typeof url === 'string' ? detailsUrl({ detailsUrl: url }) : undefined;
        if (safe) await vscode.env.openExternal(vscode.Uri.parse(safe, true));
      }),
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
      if (!t) return [{ type: 'message', text: vscode.l10n.t('Place the cursor on a line of a file in a Git repository.'), icon: 'info' }];
      if (t.commit.kind === 'uncommitted') return [{ type: 'message', text: vscode.l10n.t('This line is not committed yet, so it is not deployed anywhere.'), icon: 'edit' }];
      const out: CommitNode[] = [{ type: 'commit' }];
      const a = this.answer;
      if (!a || this.store.lastSuccessAt === undefined) out.push({ type: 'message', text: this.store.lastError ? vscode.l10n.t('Release data unavailable: {0}', this.store.lastError.message) : vscode.l10n.t('Loading…'), icon: this.store.lastError ? 'warning' : 'loading~spin' });
      else if (a.unknown) out.push({ type: 'message', text: a.unknown.detail || a.unknown.reason, icon: 'question' });
      else if (a.products.length === 0) out.push({ type: 'message', text: vscode.l10n.t('No product releases are known.'), icon: 'info' });
      else for (const p of a.products) out.push({ type: 'product' as const, product: p.product });
      return out;
    }
    if (node.type === 'product') {
      const p = this.answer?.products.find((x) => x.product === node.product);
      if (!p) return [];
      const rows: CommitNode[] = p.environments.map((env) => ({ type: 'env', product: node.product, env }));
      if (this.checks?.available && this.answer?.sha) rows.push({ type: 'checks', product: node.product, sha: this.answer.sha });
      return rows;
    }
    if (node.type === 'checks' && this.checks) {
      this.checks.want(node.product, node.sha);
      const view = this.checks.peek(node.product, node.sha);
      const message = checksMessage(view);
      if (message) return [{ type: 'message', ...message }];
      if (view?.state !== 'ready') return [];
      const rows: CommitNode[] = view.checks.checks.map((check, index) => ({ type: 'check', product: node.product, index, check }));
      if (view.checks.skipped?.count) rows.push({ type: 'checks-skipped', product: node.product, sha: node.sha });
      return rows;
    }
    return [];
  }

  getTreeItem(node: CommitNode): vscode.TreeItem {
    switch (node.type) {
      case 'commit': {
        const t = this.tracker.current;
        const c = t?.commit.kind === 'committed' ? t.commit : undefined;
        return treeItem(`commit/${c?.sha ?? ''}`, commitRow(c));
      }
      case 'product':
        return treeItem(`product/${node.product}`, { label: node.product, collapsible: 'expanded', icon: { id: 'package' } });
      case 'env': {
        const e = node.env;
        const item = treeItem(`env/${node.product}/${e.environment}`, deploymentRow(e));
        if (e.release) item.command = { command: 'gitopsReleases.openRelease', title: vscode.l10n.t('Open Release'), arguments: [node.product, e.release.id] };
        return item;
      }
      case 'checks':
        return treeItem(`checks/${node.product}`, checksNodeRow(this.checks?.peek(node.product, node.sha)));
      case 'check': {
        const item = treeItem(`check/${node.product}/${node.index}/${node.check.name}`, checkRow(node.check));
        const url = detailsUrl(node.check);
        if (url) item.command = { command: OPEN_CHECK_DETAILS, title: vscode.l10n.t('Open Details'), arguments: [url] };
        return item;
      }
      case 'checks-skipped': {
        const view = this.checks?.peek(node.product, node.sha);
        return treeItem(`checks-skipped/${node.product}`, view?.state === 'ready' ? skippedChecksRow(view.checks) : undefined);
      }
      case 'message':
        return treeItem(undefined, { label: node.text, icon: { id: node.icon } });
    }
  }
}
