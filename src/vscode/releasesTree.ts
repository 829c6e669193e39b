// The "Product Releases" tree: products -> releases (newest first, "load more") -> environments in flow order ->
// pre/post-action workflows -> steps (status aggregated across applications per the seed rules, per-application
// breakdown in the tooltip). Reads only the store; expanding an environment whose release detail is not loaded yet
// shows a "Loading…" row and asks the store in the background. Ids are stable so expansion survives refreshes.

import * as vscode from 'vscode';
import { flowOrder } from '../core/flow';
import type { EnvironmentStep, ReleaseDetail, ReleaseSummary, WorkflowStep } from '../core/model';
import { stepStatusAcrossWorkflows, workflowStatusFromSteps } from '../core/rules';
import { environmentStatus, releaseStatus, STATUS_LABELS, statusLabel, type StatusKind, workflowNodeStatus } from '../core/status';
import { statusThemeIcon } from './icons';
import type { ExtensionLog } from './log';
import { escapeMarkdown, shaCode } from '../present/markdown';
import { firstLine } from '../present/text';
import type { ReleaseStore } from './pure/releaseStore';
import { formatDuration, relativeTime } from '../present/time';

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

export interface TreeFilter {
  products: string[];
  statuses: StatusKind[];
}

function md(text: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text, true);
  m.isTrusted = false;
  return m;
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

  private step(n: { releaseId: string; env: string }): EnvironmentStep | undefined {
    return this.store.peekDetail(n.releaseId)?.steps.find((s) => s.environment === n.env);
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
          .filter((r) => this.filter.statuses.length === 0 || this.filter.statuses.includes(releaseStatus(r.status).kind))
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
        const nodes = d ? d.steps.map((s) => ({ name: s.environment, dependsOn: s.dependsOn })) : r.environments.map((e) => ({ name: e.name, dependsOn: e.dependsOn }));
        return flowOrder(nodes).map((e) => ({ type: 'env', product: node.product, releaseId: node.releaseId, env: e.name }));
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
        const step = d.steps.find((s) => s.environment === node.env);
        if (!step) return [{ type: 'info', id: `${node.releaseId}/${node.env}/none`, label: 'No details for this environment', icon: 'info' }];
        const out: TreeNode[] = [];
        if (step.preWorkflows.length) out.push({ type: 'workflow', product: node.product, releaseId: node.releaseId, env: node.env, phase: 'pre' });
        if (step.postWorkflows.length) out.push({ type: 'workflow', product: node.product, releaseId: node.releaseId, env: node.env, phase: 'post' });
        if (out.length === 0) out.push({ type: 'info', id: `${node.releaseId}/${node.env}/nowf`, label: 'No pre- or post-action workflows', icon: 'info' });
        return out;
      }
      case 'workflow': {
        const step = this.step(node);
        const list = step ? (node.phase === 'pre' ? step.preWorkflows : step.postWorkflows) : [];
        return list.map((_s, index) => ({ ...node, type: 'step', index }));
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
    const C = vscode.TreeItemCollapsibleState;
    const item = new vscode.TreeItem('', C.None);
    item.id = nodeId(node);
    switch (node.type) {
      case 'product': {
        const s = this.store.productState(node.product);
        item.label = node.product;
        item.collapsibleState = C.Expanded;
        item.contextValue = 'product';
        const latest = s?.releases[0];
        const kind = latest ? releaseStatus(latest.status).kind : undefined;
        item.iconPath = kind ? statusThemeIcon(kind) : new vscode.ThemeIcon('package');
        item.description = s?.error ? `⚠ ${s.error.message}` : latest ? `${statusLabel(releaseStatus(latest.status))} · ${relativeTime(latest.createdAt)}` : '';
        const envs = s?.product.environments.map((e) => escapeMarkdown(e.name)).join(', ') ?? '';
        item.tooltip = md(`**${escapeMarkdown(node.product)}**\n\nEnvironments: ${envs || '—'}\n\n${s?.releases.length ?? 0} release(s) loaded`);
        return item;
      }
      case 'release': {
        const r = this.release(node);
        if (!r) return item;
        const st = releaseStatus(r.status);
        item.label = r.id;
        item.collapsibleState = C.Collapsed;
        item.iconPath = statusThemeIcon(st.kind);
        const sha = r.triggerCommit?.sha ? r.triggerCommit.sha.slice(0, 7) : '';
        const msg = firstLine(r.triggerCommit?.message, 60);
        item.description = [r.version, statusLabel(st), relativeTime(r.createdAt), [sha, msg].filter(Boolean).join(' ')].filter(Boolean).join(' · ');
        item.contextValue = r.triggerCommit?.sha ? 'release release-with-sha' : 'release';
        item.tooltip = md(releaseTooltip(r));
        item.command = { command: 'gitopsReleases.openReleaseItem', title: 'Open Release', arguments: [node] };
        return item;
      }
      case 'more':
        item.label = 'Load more…';
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'loadMore';
        item.command = { command: 'gitopsReleases.loadMore', title: 'Load More', arguments: [node] };
        return item;
      case 'env': {
        const r = this.release(node);
        const summaryEnv = r?.environments.find((e) => e.name === node.env);
        const step = this.step(node);
        // A detail fetched before the release last moved is older than the list row: the row's status wins then
        // (the detail is being re-fetched for the workflows below).
        const current = this.store.detailIsFresh(node.releaseId) ? step : undefined;
        const raw = current?.status ?? summaryEnv?.status ?? step?.status;
        const st = environmentStatus(raw);
        item.label = node.env;
        item.collapsibleState = C.Collapsed;
        item.iconPath = statusThemeIcon(st.kind);
        const when = current?.updatedAt ?? summaryEnv?.updatedAt ?? current?.startedAt ?? summaryEnv?.startedAt;
        item.description = [statusLabel(st), when ? relativeTime(when) : ''].filter(Boolean).join(' · ');
        item.contextValue = 'environment';
        const lines = [`**${escapeMarkdown(node.env)}** — ${escapeMarkdown(statusLabel(st))}`];
        if (step?.applications.length) {
          lines.push('', 'Applications:', '');
          for (const a of step.applications) lines.push(`- ${escapeMarkdown(a.app.name)}: ${escapeMarkdown(a.status)}${a.commitSha ? ` ${shaCode(a.commitSha)}` : ''}`);
        }
        if (step?.issues.length) {
          lines.push('', 'Issues:', '');
          for (const i of step.issues.slice(0, 10)) lines.push(`- ${escapeMarkdown(i.level)}: ${escapeMarkdown(i.message, { maxLength: 200 })}`);
        }
        item.tooltip = md(lines.join('\n'));
        return item;
      }
      case 'workflow': {
        const step = this.step(node);
        const list = step ? (node.phase === 'pre' ? step.preWorkflows : step.postWorkflows) : [];
        const kind = workflowStatusFromSteps(list);
        item.label = node.phase === 'pre' ? 'Pre-action workflow' : 'Post-action workflow';
        item.collapsibleState = C.Collapsed;
        item.iconPath = statusThemeIcon(kind);
        item.description = `${STATUS_LABELS[kind]} · ${list.length} step(s)`;
        item.contextValue = 'workflow';
        item.tooltip = md(`**${escapeMarkdown(item.label)}** of ${escapeMarkdown(node.env)}: ${escapeMarkdown(STATUS_LABELS[kind])}`);
        return item;
      }
      case 'step': {
        const step = this.step(node);
        const ws = step ? (node.phase === 'pre' ? step.preWorkflows : step.postWorkflows)[node.index] : undefined;
        if (!ws) return item;
        const kind = stepStatusAcrossWorkflows(ws);
        item.label = ws.name || ws.templateName;
        item.iconPath = statusThemeIcon(kind);
        const dur = ws.startedAt && ws.finishedAt ? formatDuration(Date.parse(ws.finishedAt) - Date.parse(ws.startedAt)) : '';
        item.description = [STATUS_LABELS[kind], ws.workflows.length > 1 ? `${ws.workflows.length} apps` : '', dur].filter(Boolean).join(' · ');
        item.contextValue = 'step';
        item.tooltip = md(stepTooltip(ws, kind));
        return item;
      }
      case 'info':
        item.label = node.label;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = 'info';
        if (node.tooltip) item.tooltip = node.tooltip;
        return item;
    }
  }

  dispose(): void {
    if (this.fireTimer) clearTimeout(this.fireTimer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

export function releaseTooltip(r: ReleaseSummary): string {
  const st = releaseStatus(r.status);
  const lines = [
    `**${escapeMarkdown(r.productName)}** release ${shaCodeOrId(r.id)}${r.version ? ` version ${escapeMarkdown(r.version)}` : ''}`,
    '',
    `Status: ${escapeMarkdown(statusLabel(st))} · created ${escapeMarkdown(relativeTime(r.createdAt))}${r.flowName ? ` · flow ${escapeMarkdown(r.flowName)}` : ''}`,
  ];
  if (r.triggerCommit?.sha) {
    lines.push('', `Trigger commit ${shaCode(r.triggerCommit.sha)}${r.triggerCommit.author ? ` by ${escapeMarkdown(r.triggerCommit.author)}` : ''}: ${escapeMarkdown(firstLine(r.triggerCommit.message, 200))}`);
  }
  if (r.error) lines.push('', `Error: ${escapeMarkdown(r.error.message, { maxLength: 300 })}`);
  lines.push('', r.environments.map((e) => `${escapeMarkdown(e.name)}: ${escapeMarkdown(statusLabel(environmentStatus(e.status)))}`).join(' · '));
  return lines.join('\n');
}

function shaCodeOrId(id: string): string {
  return escapeMarkdown(id, { maxLength: 80 });
}

export function stepTooltip(ws: WorkflowStep, kind: StatusKind): string {
  const lines = [`**${escapeMarkdown(ws.name || ws.templateName)}** — ${escapeMarkdown(STATUS_LABELS[kind])} (aggregated across applications)`, ''];
  if (ws.workflows.length === 0) lines.push(`API status: ${escapeMarkdown(ws.status)}`);
  for (const w of ws.workflows) {
    lines.push(`- ${escapeMarkdown(w.applicationName)}: ${escapeMarkdown(statusLabel(workflowNodeStatus(w.status)))} (${escapeMarkdown(w.workflowName)})`);
  }
  return lines.join('\n');
}
