// Every command of the extension (palette category "GitOps Releases") and the tree item actions.

import * as vscode from 'vscode';
import { isTerminal, releaseStatus, STATUS_KINDS, STATUS_LABELS, statusLabel, type StatusKind } from '../core/status';
import type { ReleaseSummary } from '../core/model';
import type { BackendManager } from './backendManager';
import type { CommitFinder, CursorCommitTracker } from './commits';
import { DEFAULT_CODEFRESH_URL, readSettings } from './config';
import type { ExtensionLog } from './log';
import { showError, showInfo, showWarning } from './notify';
import { isDemoBackend } from '../backends/registry';
import { fillWebUrlTemplate } from '../present/links';
import { firstLine } from '../present/text';
import type { ReleaseStore } from './pure/releaseStore';
import { relativeTime } from '../present/time';
import { input, pickMany, pickOne } from './prompts';
import type { ReleasesTreeProvider, TreeNode } from './releasesTree';
import type { RepoRegistry } from './repos';

export interface CommandDeps {
  store: ReleaseStore;
  backends: BackendManager;
  repos: RepoRegistry;
  finder: CommitFinder;
  tracker: CursorCommitTracker;
  tree: ReleasesTreeProvider;
  log: ExtensionLog;
  refresh(): Promise<void>;
  openPanel(productName: string, releaseId: string, tab: 'flow' | 'notes'): Promise<void>;
  focusCommitView(): Promise<void>;
}

function isReleaseNode(x: unknown): x is Extract<TreeNode, { type: 'release' }> {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'release';
}

interface ReleaseItem extends vscode.QuickPickItem {
  release: ReleaseSummary;
}

export function registerCommands(context: vscode.ExtensionContext, d: CommandDeps): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          d.log.error(`${id} failed: ${msg}`);
          void showError(`GitOps Releases: ${msg}`);
          return undefined;
        }
      }),
    );

  const requireBackend = () => {
    if (!d.store.hasBackend) throw new Error(d.backends.detail || 'No release backend is configured: sign in or use the demo backend.');
  };

  /** In front of a pick's placeholder while the demo backend is in use: the releases it lists are made up. */
  const demoNote = (): string => (isDemoBackend(d.store.backendId) ? 'Demo data · ' : '');

  /** Quick pick: product (skipped when there is one), then its releases searchable by id, version, sha, message. */
  const pickRelease = async (title: string): Promise<{ productName: string; releaseId: string } | undefined> => {
    requireBackend();
    if (d.store.lastSuccessAt === undefined) await d.refresh();
    const products = d.store.productStates();
    if (products.length === 0) throw new Error(d.store.lastError ? `No release data: ${d.store.lastError.message}` : 'No products found.');
    let productName = products[0]!.product.name;
    if (products.length > 1) {
      const p = await pickOne(
        products.map((s) => ({ label: s.product.name, description: s.releases[0] ? `latest ${s.releases[0].id} · ${statusLabel(releaseStatus(s.releases[0].status))}` : 'no releases' })),
        // Product, then release: a two-step flow. A release panel still loading from an earlier command takes the
        // focus when it is ready, which would close a pick that closes on focus loss.
        { title: `${title}: product`, placeholder: `${demoNote()}Pick a product`, ignoreFocusOut: true },
      );
      if (!p) return undefined;
      productName = p.label;
    }
    const releases = d.store.productState(productName)?.releases ?? [];
    if (releases.length === 0) throw new Error(`${productName} has no releases yet.`);
    const items: ReleaseItem[] = releases.map((r) => ({
      release: r,
      label: r.id,
      description: [r.version, statusLabel(releaseStatus(r.status)), relativeTime(r.createdAt)].filter(Boolean).join(' · '),
      detail: r.triggerCommit?.sha ? `${r.triggerCommit.sha.slice(0, 10)} ${firstLine(r.triggerCommit.message, 100)}` : undefined,
    }));
    const picked = await pickOne(items, { title: `${title}: ${productName}`, placeholder: `${demoNote()}Search by id, version, commit sha or message`, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
    return picked ? { productName, releaseId: picked.release.id } : undefined;
  };

  const releaseArgs = async (args: unknown[], title: string): Promise<{ productName: string; releaseId: string } | undefined> => {
    const [a, b] = args;
    if (isReleaseNode(a)) return { productName: a.product, releaseId: a.releaseId };
    if (typeof a === 'string' && typeof b === 'string') return { productName: a, releaseId: b };
    if (typeof a === 'string') {
      const found = d.store.findRelease(a);
      if (found) return { productName: found.productName, releaseId: a };
    }
    return pickRelease(title);
  };

  reg('gitopsReleases.refresh', async () => {
    requireBackend();
    await d.refresh();
    if (d.store.lastError) void showWarning(`GitOps Releases: refresh failed (${d.store.lastError.message}); showing the last good data.`);
  });

  reg('gitopsReleases.openRelease', async (...args) => {
    const r = await releaseArgs(args, 'Open Release');
    if (r) await d.openPanel(r.productName, r.releaseId, 'flow');
  });

  reg('gitopsReleases.openReleaseNotes', async (...args) => {
    const r = await releaseArgs(args, 'Open Release Notes');
    if (r) await d.openPanel(r.productName, r.releaseId, 'notes');
  });

  reg('gitopsReleases.openReleaseItem', async (node) => {
    if (isReleaseNode(node)) await d.openPanel(node.product, node.releaseId, 'flow');
  });
  reg('gitopsReleases.openReleaseNotesItem', async (node) => {
    if (isReleaseNode(node)) await d.openPanel(node.product, node.releaseId, 'notes');
  });

  reg('gitopsReleases.showWhereDeployed', async (arg) => {
    requireBackend();
    let target;
    if (typeof arg === 'string' && arg.trim()) {
      const root = await d.repos.currentRoot();
      if (!root) throw new Error('No Git repository is open.');
      target = await d.finder.fromCommitish(root, arg);
      if (!target) throw new Error(`Not a commit in ${root}: ${arg}`);
    } else {
      const ed = vscode.window.activeTextEditor;
      target = ed ? await d.finder.at(ed.document, ed.selection.active) : undefined;
      if (!target) {
        const root = await d.repos.currentRoot();
        if (!root) throw new Error('No Git repository is open.');
        const text = await input({ title: 'Show Where Commit Is Deployed', prompt: 'A commit: sha, branch, tag, HEAD~2 …', value: 'HEAD' });
        if (!text) return;
        target = await d.finder.fromCommitish(root, text);
        if (!target) throw new Error(`Not a commit in this repository: ${text}`);
      }
    }
    d.tracker.pin(target);
    await d.repos.ensureGraph(target.root);
    await d.focusCommitView();
  });

  reg('gitopsReleases.focusCommitView', () => d.focusCommitView());

  reg('gitopsReleases.signIn', async () => {
    const current = readSettings().codefreshUrl || DEFAULT_CODEFRESH_URL;
    const url = await input({
      title: 'GitOps Releases: Sign In (1/2)',
      prompt: 'Codefresh URL',
      value: current,
      validate: (v) => {
        try {
          const u = new URL(v.trim());
          return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : 'Use an http(s) URL';
        } catch {
          return 'Not a URL';
        }
      },
    });
    if (!url) return;
    const key = await input({ title: 'GitOps Releases: Sign In (2/2)', prompt: `API key for ${url.trim()} (stored in the OS keychain via SecretStorage)`, password: true, validate: (v) => (v.trim() ? undefined : 'Enter the API key') });
    if (!key) return;
    try {
      const who = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Signing in to ${url.trim()}…` }, () => d.backends.signIn(url, key.trim()));
      void showInfo(`GitOps Releases: signed in as ${who.user}${who.account ? ` (${who.account})` : ''}.`);
    } catch (e) {
      void showError(`GitOps Releases: sign-in failed. ${e instanceof Error ? e.message : String(e)} Nothing was stored.`);
    }
  });

  reg('gitopsReleases.signInGitHub', async () => {
    try {
      const who = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Signing in to GitHub…' }, () => d.backends.signInGitHub());
      void showInfo(`GitOps Releases: signed in to GitHub as ${who.user}.`);
    } catch (e) {
      void showError(`GitOps Releases: GitHub sign-in failed. ${e instanceof Error ? e.message : String(e)}`);
    }
  });

  reg('gitopsReleases.signOut', async () => {
    const url = await d.backends.signOut();
    void showInfo(`GitOps Releases: signed out of ${url}; the API key was removed.`);
  });

  reg('gitopsReleases.useDemoBackend', async () => {
    const url = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the demo backend…' }, () => d.backends.useDemo());
    await d.refresh();
    void showInfo(`GitOps Releases: using the demo backend${url ? ` at ${url}` : ''}.`);
  });

  reg('gitopsReleases.showLog', () => d.log.channel.show(true));

  reg('gitopsReleases.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:gitops-releases.gitops-releases gitopsReleases'));

  reg('gitopsReleases.loadMore', async (node) => {
    const n = node as TreeNode | undefined;
    if (n && n.type === 'more') await d.store.loadMore(n.product);
  });

  reg('gitopsReleases.openInCodefresh', async (...args) => {
    // Demo releases are made up: there is no Codefresh page for them (the demo server would answer a JSON 404).
    if (isDemoBackend(d.store.backendId)) {
      void showInfo('GitOps Releases: demo releases exist only in this editor; there is no Codefresh page to open.');
      return;
    }
    if (!d.store.capabilities?.webPages) {
      void showInfo('GitOps Releases: the release backend in use has no web page per release.');
      return;
    }
    const r = await releaseArgs(args, 'Open in Codefresh');
    if (!r) return;
    const s = readSettings();
    const rel = d.store.findRelease(r.releaseId)?.release;
    const url = fillWebUrlTemplate(s.webUrlTemplate, { url: s.codefreshUrl, product: r.productName, releaseId: r.releaseId, version: rel?.version });
    if (!url) throw new Error(`The setting gitopsReleases.webUrlTemplate does not give an http(s) URL: ${s.webUrlTemplate}`);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  });

  reg('gitopsReleases.copyReleaseId', async (...args) => {
    const r = await releaseArgs(args, 'Copy Release Id');
    if (!r) return;
    await vscode.env.clipboard.writeText(r.releaseId);
    vscode.window.setStatusBarMessage(`Copied release id ${r.releaseId}`, 3000);
  });

  reg('gitopsReleases.copyTriggerSha', async (...args) => {
    const r = await releaseArgs(args, 'Copy Trigger Commit');
    if (!r) return;
    const sha = d.store.findRelease(r.releaseId)?.release.triggerCommit?.sha;
    if (!sha) throw new Error(`Release ${r.releaseId} has no trigger commit.`);
    await vscode.env.clipboard.writeText(sha);
    vscode.window.setStatusBarMessage(`Copied ${sha.slice(0, 7)}`, 3000);
  });

  reg('gitopsReleases.copySha', async (sha) => {
    if (typeof sha !== 'string' || !/^[0-9a-fA-F]{4,40}$/.test(sha)) throw new Error('No commit sha to copy.');
    await vscode.env.clipboard.writeText(sha);
    vscode.window.setStatusBarMessage(`Copied ${sha.slice(0, 7)}`, 3000);
  });

  reg('gitopsReleases.filterProducts', async () => {
    const names = d.store.productStates().map((s) => s.product.name);
    const current = d.tree.getFilter();
    const picked = await pickMany(
      names.map((n) => ({ label: n })),
      { title: 'Show products', placeholder: 'Pick the products to show (none: all)', selected: (i) => current.products.includes(i.label) },
    );
    if (!picked) return;
    d.tree.setFilter({ ...current, products: picked.length === names.length ? [] : picked.map((p) => p.label) });
  });

  reg('gitopsReleases.filterStatus', async () => {
    const current = d.tree.getFilter();
    const picked = await pickMany(
      STATUS_KINDS.map((k) => ({ label: STATUS_LABELS[k], status: k, description: isTerminal(k) ? 'finished' : 'in progress' })),
      { title: 'Show releases with status', placeholder: 'Pick statuses (none: all)', selected: (i) => current.statuses.includes((i as { status?: StatusKind }).status ?? 'unknown') },
    );
    if (!picked) return;
    d.tree.setFilter({ ...current, statuses: picked.map((p) => p.status) });
  });

  reg('gitopsReleases.clearFilter', () => d.tree.setFilter({ products: [], statuses: [] }));
}
