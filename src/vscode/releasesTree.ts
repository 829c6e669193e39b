// The "Product Releases" tree: products -> releases (newest first, "load more") -> environments in flow order ->
// pre/post-action workflows -> steps. Reads only the store; what a row shows comes from src/present/releaseRows.ts,
// its statuses from the release's derived status view. Expanding an environment whose release detail is not loaded
// yet shows a "Loading…" row and asks the store in the background. Ids are stable so expansion survives refreshes.

import * as vscode from 'vscode';
import { type DerivedEnvironment, derivedStatus } from '../core/derivedStatus';
import type { ReleaseDetail, ReleaseSummary } from '../core/model';
import type { StatusKind } from '../core/status';
import { vocabularyOf } from '../core/vocabulary';
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

/** Where the ids of the rows the user expanded are kept, so a reload opens the tree as it was left. */
const EXPANDED_KEY = 'gitopsReleases.releases.expanded';
/** At most this many ids are remembered (the newest). */
const MAX_EXPANDED = 500;

/** Expanded rows, by TreeItem id, kept in a memento across reloads. */
export class ExpansionMemory {
  private readonly ids: Set<string>;

  constructor(private readonly memento: vscode.Memento | undefined) {
    this.ids = new Set(memento?.get<string[]>(EXPANDED_KEY) ?? []);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** What a reload will read: the ids as kept in the memento. */
  persisted(): string[] {
    return this.memento?.get<string[]>(EXPANDED_KEY) ?? [];
  }

  /** The view reports each expand and collapse; remember them. */
  track(view: vscode.TreeView<TreeNode>): vscode.Disposable {
    const save = () => void this.memento?.update(EXPANDED_KEY, [...this.ids].slice(-MAX_EXPANDED));
    return vscode.Disposable.from(
      view.onDidExpandElement((e) => {
        const id = nodeId(e.element);
        this.ids.delete(id);
        this.ids.add(id);
        save();
      }),
      view.onDidCollapseElement((e) => {
        this.ids.delete(nodeId(e.element));
        save();
      }),
    );
  }
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
    readonly expansion: ExpansionMemory = new ExpansionMemory(undefined),
  ) {
    this.subscription = store.onDidChange(() => this.refreshSoon());
  }

  /**
   * A row of this tree (its tooltips may show theme icons), expanded as the user left it. A product starts collapsed
   * unless it is the only one, so the view does not open on every product's page of releases.
   */
  private item(node: TreeNode, row?: RowModel): vscode.TreeItem {
    const item = rowItem(nodeId(node), row, { tooltipThemeIcons: true });
    if (item.collapsibleState === undefined || item.collapsibleState === vscode.TreeItemCollapsibleState.None) return item;
    const opened = this.expansion.has(nodeId(node)) || (node.type === 'product' && this.store.productStates().length === 1);
    item.collapsibleState = opened ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    return item;
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

  /**
   * When the workbench drew the top level with rows (ms since the epoch), how many, and whether they came from the
   * saved answer: the latest 50 times.
   */
  readonly shown: { at: number; rows: number; restored: boolean }[] = [];
  firstShown: { at: number; rows: number; restored: boolean } | undefined;

  /** The workbench's call: the rows it draws. */
  getChildren(node?: TreeNode): TreeNode[] {
    const rows = this.children(node);
    if (!node && rows.length > 0) {
      const drawn = { at: Date.now(), rows: rows.length, restored: this.store.restoredAt !== undefined };
      this.firstShown ??= drawn;
      this.shown.push(drawn);
      if (this.shown.length > 50) this.shown.shift();
    }
    return rows;
  }

  /** The rows under `node` (the top level when undefined), as the workbench gets them. */
  children(node?: TreeNode): TreeNode[] {
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
          rows.push({ type: 'info', id: `${node.product}/loading`, label: s.error ? vscode.l10n.t('Could not load releases: {0}', s.error.message) : vscode.l10n.t('Loading releases…'), icon: s.error ? 'warning' : 'loading~spin' });
        } else if (rows.length === 0) {
          rows.push({ type: 'info', id: `${node.product}/none`, label: s.releases.length ? vscode.l10n.t('No release matches the status filter') : vscode.l10n.t('No releases yet'), icon: 'info' });
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
              ? { type: 'info', id: `${node.releaseId}/${node.env}/error`, label: vscode.l10n.t('Could not load the release: {0}', err), icon: 'warning' }
              : { type: 'info', id: `${node.releaseId}/${node.env}/loading`, label: vscode.l10n.t('Loading workflows…'), icon: 'loading~spin' },
          ];
        }
        const step = derivedStatus(d).environments.get(node.env)?.step;
        if (!step) return [{ type: 'info', id: `${node.releaseId}/${node.env}/none`, label: vscode.l10n.t('No details for this environment'), icon: 'info' }];
        const out: TreeNode[] = [];
        if (step.preWorkflows.length) out.push({ type: 'workflow', product: node.product, releaseId: node.releaseId, env: node.env, phase: 'pre' });
        if (step.postWorkflows.length) out.push({ type: 'workflow', product: node.product, releaseId: node.releaseId, env: node.env, phase: 'post' });
        if (out.length === 0) out.push({ type: 'info', id: `${node.releaseId}/${node.env}/nowf`, label: vocabularyOf(d.source).neither, icon: 'info' });
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
        return this.item(node, productRow(node.product, this.store.productState(node.product)));
      case 'release': {
        const r = this.release(node);
        if (!r) return this.item(node);
        const item = this.item(node, releaseRow(r));
        item.command = { command: 'gitopsReleases.openReleaseItem', title: vscode.l10n.t('Open Release'), arguments: [node] };
        return item;
      }
      case 'more': {
        const item = this.item(node, LOAD_MORE_ROW);
        item.command = { command: 'gitopsReleases.loadMore', title: vscode.l10n.t('Load More'), arguments: [node] };
        return item;
      }
      case 'env': {
        const r = this.release(node);
        return this.item(node, environmentRow(node.env, r && derivedStatus(r).environments.get(node.env), this.cachedEnvironment(node), vocabularyOf(r?.source)));
      }
      case 'workflow': {
        const env = this.cachedEnvironment(node);
        return this.item(node, workflowRow(node.env, node.phase, node.phase === 'pre' ? env?.pre : env?.post, vocabularyOf(this.release(node)?.source)));
      }
      case 'step': {
        const env = this.cachedEnvironment(node);
        const ws = env?.step ? (node.phase === 'pre' ? env.step.preWorkflows : env.step.postWorkflows)[node.index] : undefined;
        const kind = (node.phase === 'pre' ? env?.pre : env?.post)?.steps[node.index];
        if (!ws || !kind) return this.item(node);
        return this.item(node, stepRow(ws, kind, vocabularyOf(this.release(node)?.source)));
      }
      case 'info': {
        const item = this.item(node, { label: node.label, icon: node.icon ? { id: node.icon } : undefined, contextValue: 'info' });
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
