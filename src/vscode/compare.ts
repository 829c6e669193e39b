// Compare Environments: "what is in staging that is not in prod yet?" as a read-only Markdown document (a virtual
// document of this extension's own scheme), from the palette or an environment row of the Product Releases view. The
// range is computed from local Git by the data bundle; large ranges are shown a page at a time.

import * as vscode from 'vscode';
import type { CompareResult } from '../core/compare';
import { compareMarkdown } from '../present/compareMarkdown';
import { isDemoBackend } from '../backends/registry';
import { readSettings } from './config';
import { loadData } from './deps';
import { pickOne } from './prompts';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';

export const COMPARE_SCHEME = 'gitops-releases-compare';
const PAGE_SIZE = 100;

interface Comparison {
  product: string;
  from: string;
  to: string;
  /** A release compared instead of the one live in `to`. */
  release?: string;
  page: number;
}

export class CompareDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  /** The last comparison shown (Next Page continues it; the test API reads it). */
  last: { comparison: Comparison; result: CompareResult; text: string } | undefined;

  constructor(
    private readonly store: ReleaseStore,
    private readonly repos: RepoRegistry,
  ) {}

  private uriOf(c: Comparison): vscode.Uri {
    const name = `${c.product}: ${c.release ? `release ${c.release}` : c.to} vs ${c.from}${c.page > 0 ? ` (page ${c.page + 1})` : ''}.md`;
    return vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${name.replace(/[/\\]/g, '-')}`, query: JSON.stringify(c) });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let c: Comparison;
    try {
      c = JSON.parse(uri.query) as Comparison;
    } catch {
      return vscode.l10n.t('This comparison link is not one this extension made.');
    }
    const root = await this.repos.currentRoot();
    if (!root) return vscode.l10n.t('No Git repository is open: the comparison is computed from local Git.');
    // The releases as "where is it deployed" sees them: details current with the list replace their rows.
    const releases = this.store.snapshot().find((p) => p.product.name === c.product)?.releases ?? [];
    const result = await (await loadData()).compareEnvironments({ repoRoot: root, product: c.product, releases, from: c.from, to: c.to, toRelease: c.release, offset: c.page * PAGE_SIZE, pageSize: PAGE_SIZE });
    const text = compareMarkdown(c.product, result, { issueTrackerUrl: readSettings().issueTrackerUrl, demo: isDemoBackend(this.store.backendId) });
    this.last = { comparison: c, result, text };
    return text;
  }

  async show(c: Comparison): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.uriOf(c));
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  /** The command: product and environments from the arguments, a Product Releases environment row, or picks. */
  async command(a: unknown, b: unknown, c: unknown): Promise<void> {
    let product: string | undefined;
    let to: string | undefined;
    let from: string | undefined;
    let release: string | undefined;
    if (typeof a === 'object' && a !== null && (a as { type?: unknown }).type === 'release') {
      // A release row: what would this release bring to an environment.
      const node = a as { product: string; releaseId: string };
      [product, release, to] = [node.product, node.releaseId, `release ${node.releaseId}`];
    } else if (typeof a === 'string' && typeof b === 'string' && typeof c === 'string') [product, from, to] = [a, b, c];
    else if (typeof a === 'object' && a !== null && (a as { type?: unknown }).type === 'env') {
      const node = a as { product: string; env: string };
      [product, to] = [node.product, node.env];
    }
    if (!product) {
      const names = this.store.productStates().map((s) => s.product.name);
      if (names.length === 0) throw new Error(vscode.l10n.t('No products are known yet: wait for the releases to load.'));
      product = names.length === 1 ? names[0] : (await pickOne(names.map((n) => ({ label: n })), { title: vscode.l10n.t('Compare Environments: product'), placeholder: vscode.l10n.t('Pick a product') }))?.label;
      if (!product) return;
    }
    const state = this.store.productState(product);
    const envs = state?.product.environments.length ? [...state.product.environments].sort((x, y) => x.position - y.position).map((e) => ({ name: e.name, kind: e.kind })) : [...new Set(state?.releases.flatMap((r) => r.environments.map((e) => e.name)) ?? [])].map((name) => ({ name, kind: '' }));
    if (envs.length < 2) throw new Error(vscode.l10n.t('{0} has fewer than two environments to compare.', product));
    if (!to) {
      to = (await pickOne(envs.map((e) => ({ label: e.name, description: e.kind })), { title: vscode.l10n.t('Compare Environments of {0}', product), placeholder: vscode.l10n.t('The environment ahead (e.g. staging)') }))?.label;
      if (!to) return;
    }
    if (!from) {
      const others = envs.filter((e) => e.name !== to);
      const items = others.map((e) => ({ label: e.name, description: e.kind }));
      // Production first: "what would this bring to prod" is the usual question.
      items.sort((x, y) => Number(y.description.toUpperCase() === 'PROD') - Number(x.description.toUpperCase() === 'PROD'));
      from = (await pickOne(items, { title: vscode.l10n.t('Compare {0} with…', to), placeholder: vscode.l10n.t('The environment behind (e.g. prod)') }))?.label;
      if (!from) return;
    }
    await this.show({ product, from, to, ...(release ? { release } : {}), page: 0 });
  }

  async nextPage(): Promise<void> {
    const l = this.last;
    if (!l || l.result.kind !== 'range' || l.result.offset + l.result.pageSize >= l.result.total) throw new Error(vscode.l10n.t('There is no further page of the last comparison.'));
    await this.show({ ...l.comparison, page: l.comparison.page + 1 });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
