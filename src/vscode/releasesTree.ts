// The "Product Releases" tree: products -> releases (newest first, "load more") -> environments in flow order ->
// pre/post-action workflows -> steps. Reads only the store; what a row shows comes from src/present/releaseRows.ts,
// its statuses from the release's derived status view. Expanding an environment whose release detail is not loaded
// yet shows a "Loading…" row and asks the store in the background. Ids are stable so expansion survives refreshes.

import * as vscode from 'vscode';
import { type DerivedEnvironment, derivedStatus } from '../core/derivedStatus';
import type { ReleaseDetail, ReleaseSummary } from '../core/model';
import type { StatusKind } from '../core/status';
import { environmentRow, LOAD_MORE_ROW, productRow, releaseRow, stepRow, workflowRow } from '../present/releaseRows';
import type { RowModel } from '../present/rows';
import type { ExtensionLog } from './log';
import type { ReleaseStore } from './pure/releaseStore';
import { treeItem as rowItem } from './treeItem';

export type TreeNode =
  | { type: 'product'; product: string }
  | { type: 'release'; product: string; releaseId: string }
  | { type: 'more'; product: string }
  | { type: 'env'; product: string; releaseId: string; env: string }
  | { type: 'workflow'; product: string; releaseId: string; env: string; phase: 'pre' | 'post' }
  | { type: 'step'; product: string; releaseId: string; env: string; phase: 'pre' | 'post'; index: number }
  | { type: 'info'; id: string; label: string; icon?: string; tooltip?: string };

export function nodeId(n: TreeNode): string {
  switch (n.type) {
    case 'product':
      return `p/${n.product}`;
    case 'release':
      return `r/${n.product}/${n.releaseId}`;
    case 'more':
      return `m/${n.product}`;
    case 'env':
      return `e/${n.product}/${n.releaseId}/${n.env}`;
    case 'workflow':
      return `w/${n.product}/${n.releaseId}/${n.env}/${n.phase}`;
    case 'step':
      return `s/${n.product}/${n.releaseId}/${n.env}/${n.phase}/${n.index}`;
    case 'info':
      return `i/${n.id}`;
  }
}

interface TreeFilter {
  products: string[];
  statuses: StatusKind[];
}

/** A row of this tree (its tooltips may show theme icons). */
function treeItem(node: TreeNode, row?: RowModel): vscode.TreeItem {
  return rowItem(nodeId(node), row, { tooltipThemeIcons: true });
}

export class ReleasesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private filter: TreeFilter = { products: [], statuses: [] };
  private fireTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly requested = new Set<string>();
  private readonly failedDetails = new Map<string, string>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly store: ReleaseStore,
    private readonly log: ExtensionLog,
  ) {
    this.subscription = store.onDidChange(() => this.refreshSoon());
  }

  getFilter(): TreeFilter {
    return this.filter;
  }

  setFilter(filter: TreeFilter): void {
    this.filter = { products: [...filter.products], statuses: [...filter.statuses] };
    void vscode.commands.executeCommand('setContext', 'gitopsReleases.filtered', filter.products.length > 0 || filter.statuses.length > 0);
    this.emitter.fire(undefined);
  }

  /** Coalesce bursts of store changes into one tree update. */
  refreshSoon(): void {
    if (this.fireTimer) return;
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      this.requested.clear();
      this.emitter.fire(undefined);
    }, 50);
  }

  private release(n: { releaseId: string }): ReleaseSummary | undefined {
    return this.store.currentRelease(n.releaseId);
  }

  /** The detail for a release when loaded; starts loading it otherwise (never waits). */
  private detailOrLoad(releaseId: string): ReleaseDetail | undefined {
    const d = this.store.peekDetail(releaseId);
    if (!this.store.detailIsFresh(releaseId) && !this.requested.has(releaseId)) {
      this.requested.add(releaseId);
      this.store.getDetail(releaseId).then(
        () => this.failedDetails.delete(releaseId),
        (e: unknown) => {
          const msg = e instanceof Error ? e.message : String(e);
          this.failedDetails.set(releaseId, msg);
          this.log.warn(`loading release ${releaseId} failed: ${msg}`);
          this.refreshSoon();
        },
      );
    }
    return d;
  }

  /** The environment in the cached detail, which may be older than the list (the workflows shown are its). */
  private cachedEnvironment(n: { releaseId: string; env: string }): DerivedEnvironment | undefined {
    const d = this.store.peekDetail(n.releaseId);
    const env = d ? derivedStatus(d).environments.get(n.env) : undefined;
    return env?.step ? env : undefined;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      return this.store
        .productStates()
        .filter((p) => this.filter.products.length === 0 || this.filter.products.includes(p.product.name))
        .map((p) => ({ type: 'product', product: p.product.name }));
    }
    switch (node.type) {
      case 'product': {
        const s = this.store.productState(node.product);
        if (!s) return [];
        const rows: TreeNode[] = s.releases
          .filter((r) => this.filter.statuses.length === 0 || this.filter.statuses.includes(derivedStatus(r).release.kind))
          .map((r) => ({ type: 'release', product: node.product, releaseId: r.id }));
        if (s.fetchedAt === undefined) {
          rows.push({ type: 'info', id: `${node.product}/loading`, label: s.error ? `Could not load releases: ${s.error.message}` : 'Loading releases…', icon: s.error ? 'warning' : 'loading~spin' });
        } else if (rows.length === 0) {
          rows.push({ type: 'info', id: `${node.product}/none`, label: s.releases.length ? 'No release matches the status filter' : 'No releases yet', icon: 'info' });
        }
        if (s.hasMore) rows.push({ type: 'more', product: node.product });
        return rows;
      }
      case 'release': {
        const r = this.release(node);
        if (!r) return [];
        const d = this.store.peekDetail(node.releaseId);
        return derivedStatus(d ?? r).order.map((e) => ({ type: 'env', product: node.product, releaseId: node.releaseId, env: e.name }));
      }
      case 'env': {
        const d = this.detailOrLoad(node.releaseId);
        if (!d) {
          const err = this.failedDetails.get(node.releaseId);
          return [
            err
              ? { type: 'info', id: `${node.releaseId}/${node.env}/error`, label: `Could not load the release: ${err}`, icon: 'warning' }
              : { type: 'info', id: `${node.releaseId}/${node.env}/loading`, label: 'Loading workflows…', icon: 'loading~spin' },
          ];
        }
        const step = derivedStatus(d).environments.get(node.env)?.step;
        if (!step) return [{ type: 'info', id: `${node.releaseId}/${node.env}/none`, label: 'No details for this environment', icon: 'info' }];
        const out: TreeNode[] = [];
        if (step.preWorkflows.length) out.push({ type: 'workflow', product: node.product, releaseId: node.releaseId, env: node.env, phase: 'pre' });
        if (step.postWorkflows.length) out.push({ type: 'workflow', product: node.product, releaseId: node.releaseId, env: node.env, phase: 'post' });
        if (out.length === 0) out.push({ type: 'info', id: `${node.releaseId}/${node.env}/nowf`, label: 'No pre- or post-action workflows', icon: 'info' });
        return out;
      }
      case 'workflow': {
        const workflow = this.cachedEnvironment(node);
        const kinds = (node.phase === 'pre' ? workflow?.pre : workflow?.post)?.steps ?? [];
        return kinds.map((_k, index) => ({ ...node, type: 'step', index }));
      }
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.type) {
      case 'release':
      case 'more':
        return { type: 'product', product: node.product };
      case 'env':
        return { type: 'release', product: node.product, releaseId: node.releaseId };
      case 'workflow':
        return { type: 'env', product: node.product, releaseId: node.releaseId, env: node.env };
      case 'step':
        return { type: 'workflow', product: node.product, releaseId: node.releaseId, env: node.env, phase: node.phase };
      default:
        return undefined;
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'product':
        return treeItem(node, productRow(node.product, this.store.productState(node.product)));
      case 'release': {
        const r = this.release(node);
        if (!r) return treeItem(node);
        const item = treeItem(node, releaseRow(r));
        item.command = { command: 'gitopsReleases.openReleaseItem', title: 'Open Release', arguments: [node] };
        return item;
      }
      case 'more': {
        const item = treeItem(node, LOAD_MORE_ROW);
        item.command = { command: 'gitopsReleases.loadMore', title: 'Load More', arguments: [node] };
        return item;
      }
      case 'env': {
        const r = this.release(node);
        return treeItem(node, environmentRow(node.env, r && derivedStatus(r).environments.get(node.env), this.cachedEnvironment(node)));
      }
      case 'workflow': {
        const env = this.cachedEnvironment(node);
        return treeItem(node, workflowRow(node.env, node.phase, node.phase === 'pre' ? env?.pre : env?.post));
      }
      case 'step': {
        const env = this.cachedEnvironment(node);
        const ws = env?.step ? (node.phase === 'pre' ? env.step.preWorkflows : env.step.postWorkflows)[node.index] : undefined;
        const kind = (node.phase === 'pre' ? env?.pre : env?.post)?.steps[node.index];
        if (!ws || !kind) return treeItem(node);
        return treeItem(node, stepRow(ws, kind));
      }
      case 'info': {
        const item = treeItem(node, { label: node.label, icon: node.icon ? { id: node.icon } : undefined, contextValue: 'info' });
        if (node.tooltip) item.tooltip = node.tooltip;
        return item;
      }
    }
  }

  dispose(): void {
    if (this.fireTimer) clearTimeout(this.fireTimer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
