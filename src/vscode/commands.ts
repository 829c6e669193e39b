// Every command of the extension (palette category "GitOps Releases") and the tree item actions.

import * as vscode from 'vscode';
import { isTerminal, STATUS_KINDS, STATUS_LABELS, type StatusKind } from '../core/status';
import type { ReleaseSummary } from '../core/model';
import { SignInCancelled, SignInError, type BackendManager } from './backendManager';
import type { CommitFinder, CommitTarget, CursorCommitTracker } from './commits';
import { loadData } from './deps';
import { firstLine } from '../present/text';
import { relativeTime } from '../present/time';
import { DEFAULT_CODEFRESH_URL, readSettings } from './config';
import type { ExtensionLog } from './log';
import { askWarning, showError, showInfo, showWarning } from './notify';
import { CODEFRESH_SIGN_IN, httpsUrl, KARGO_SIGN_IN, sendsKeyInClear, SIGN_IN_ACTIONS, type SignInService } from '../present/signIn';
import { isDemoBackend } from '../backends/registry';
import { fillWebUrlTemplate } from '../present/links';
import { releaseHeadline, releaseName } from '../present/releaseLabel';
import type { ReleaseStore } from './pure/releaseStore';
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
          void showError(vscode.l10n.t('GitOps Releases: {0}', msg));
          return undefined;
        }
      }),
    );

  const requireBackend = () => {
    if (!d.store.hasBackend) throw new Error(d.backends.detail || vscode.l10n.t('No release backend is configured: sign in or use the demo backend.'));
  };

  /** In front of a pick's placeholder while the demo backend is in use: the releases it lists are made up. */
  const demoNote = (): string => (isDemoBackend(d.store.backendId) ? vscode.l10n.t('Demo data · ') : '');

  /** Quick pick: product (skipped when there is one), then its releases searchable by id, version, sha, message. */
  const pickRelease = async (title: string): Promise<{ productName: string; releaseId: string } | undefined> => {
    requireBackend();
    if (d.store.lastSuccessAt === undefined) await d.refresh();
    const products = d.store.productStates();
    if (products.length === 0) throw new Error(d.store.lastError ? vscode.l10n.t('No release data: {0}', d.store.lastError.message) : vscode.l10n.t('No products found.'));
    let productName = products[0]!.product.name;
    if (products.length > 1) {
      const p = await pickOne(
        products.map((s) => ({ label: s.product.name, description: s.releases[0] ? vscode.l10n.t('latest {0} · {1}', releaseName(s.releases[0]), releaseHeadline(s.releases[0]).when) : vscode.l10n.t('no releases') })),
        // Product, then release: a two-step flow. A release panel still loading from an earlier command takes the
        // focus when it is ready, which would close a pick that closes on focus loss.
        { title: vscode.l10n.t('{0}: product', title), placeholder: `${demoNote()}${vscode.l10n.t('Pick a product')}`, ignoreFocusOut: true },
      );
      if (!p) return undefined;
      productName = p.label;
    }
    const releases = d.store.productState(productName)?.releases ?? [];
    if (releases.length === 0) throw new Error(vscode.l10n.t('{0} has no releases yet.', productName));
    const now = Date.now();
    const items: ReleaseItem[] = releases.map((r) => {
      const h = releaseHeadline(r, now);
      return {
        release: r,
        label: h.name,
        description: [h.when, h.subject].filter(Boolean).join(' · '),
        detail: [`id ${r.id}`, r.triggerCommit?.sha ? `commit ${r.triggerCommit.sha.slice(0, 10)}` : ''].filter(Boolean).join(' · '),
      };
    });
    const picked = await pickOne(items, { title: `${title}: ${productName}`, placeholder: `${demoNote()}${vscode.l10n.t('Search by id, version, commit sha or message')}`, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
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
    if (d.store.lastError) void showWarning(vscode.l10n.t('GitOps Releases: refresh failed ({0}); showing the last good data.', d.store.lastError.message));
  });

  reg('gitopsReleases.openRelease', async (...args) => {
    const r = await releaseArgs(args, vscode.l10n.t('Open Release'));
    if (r) await d.openPanel(r.productName, r.releaseId, 'flow');
  });

  reg('gitopsReleases.openReleaseNotes', async (...args) => {
    const r = await releaseArgs(args, vscode.l10n.t('Open Release Notes'));
    if (r) await d.openPanel(r.productName, r.releaseId, 'notes');
  });

  reg('gitopsReleases.openReleaseItem', async (node) => {
    if (isReleaseNode(node)) await d.openPanel(node.product, node.releaseId, 'flow');
  });
  reg('gitopsReleases.openReleaseNotesItem', async (node) => {
    if (isReleaseNode(node)) await d.openPanel(node.product, node.releaseId, 'notes');
  });

  /** Quick pick of a commit: the one at the cursor, recent commits, branches and tags, or any commit-ish typed. */
  const pickCommit = async (root: string, atCursor: CommitTarget | undefined): Promise<CommitTarget | undefined> => {
    type CommitItem = vscode.QuickPickItem & { commitish?: string; target?: CommitTarget };
    const named = await (await loadData()).sha.namedCommits(root).catch(() => []);
    const items: CommitItem[] = [];
    if (atCursor?.commit.kind === 'committed') {
      const c = atCursor.commit;
      items.push({ label: vscode.l10n.t('Commit at the cursor'), iconPath: new vscode.ThemeIcon('go-to-file'), description: `${c.sha.slice(0, 7)} ${firstLine(c.summary, 80)}`, target: atCursor });
    }
    const sections: { kind: 'commit' | 'branch' | 'tag'; title: string; icon: string }[] = [
      { kind: 'commit', title: vscode.l10n.t('Recent commits'), icon: 'git-commit' },
      { kind: 'branch', title: vscode.l10n.t('Branches'), icon: 'git-branch' },
      { kind: 'tag', title: vscode.l10n.t('Tags'), icon: 'tag' },
    ];
    for (const section of sections) {
      const list = named.filter((n) => n.kind === section.kind);
      if (!list.length) continue;
      items.push({ label: section.title, kind: vscode.QuickPickItemKind.Separator });
      for (const n of list) {
        items.push({
          label: n.name,
          iconPath: new vscode.ThemeIcon(section.icon),
          description: [n.kind === 'commit' ? '' : n.sha.slice(0, 7), firstLine(n.subject, 80)].filter(Boolean).join(' '),
          detail: n.date ? relativeTime(n.date) : undefined,
          commitish: n.sha,
        });
      }
    }
    const picked = await pickOne(items, {
      title: vscode.l10n.t('Show Where Commit Is Deployed'),
      placeholder: `${demoNote()}${vscode.l10n.t('Pick a commit, branch or tag, or type a sha, branch, tag, HEAD~2 …')}`,
      matchOnDescription: true,
      // Typing a commit-ish is a deliberate step (like an input box): a focus change, e.g. an editor closing behind
      // the pick, does not throw the text away; Escape still closes it.
      ignoreFocusOut: true,
      // A name already listed is picked from the list; anything else is looked up as typed.
      typed: (value) => (named.some((n) => n.name === value) ? undefined : ({ label: value, iconPath: new vscode.ThemeIcon('search'), description: vscode.l10n.t('Look up this commit'), commitish: value } as CommitItem)),
    });
    if (!picked) return undefined;
    if (picked.target) return picked.target;
    const text = picked.commitish ?? picked.label;
    const target = await d.finder.fromCommitish(root, text);
    if (!target) throw new Error(vscode.l10n.t('Not a commit in this repository: {0}', text));
    return target;
  };

  reg('gitopsReleases.showWhereDeployed', async (arg) => {
    requireBackend();
    let target;
    if (typeof arg === 'string' && arg.trim()) {
      const root = await d.repos.currentRoot();
      if (!root) throw new Error(vscode.l10n.t('No Git repository is open.'));
      target = await d.finder.fromCommitish(root, arg);
      if (!target) throw new Error(vscode.l10n.t('Not a commit in {0}: {1}', root, arg));
    } else {
      const ed = vscode.window.activeTextEditor;
      const atCursor = ed ? await d.finder.at(ed.document, ed.selection.active) : undefined;
      const root = atCursor?.root ?? (await d.repos.currentRoot());
      if (!root) throw new Error(vscode.l10n.t('No Git repository is open.'));
      target = await pickCommit(root, atCursor);
      if (!target) return;
    }
    d.tracker.pin(target);
    await d.repos.ensureGraph(target.root);
    await d.focusCommitView();
  });

  reg('gitopsReleases.focusCommitView', () => d.focusCommitView());

  /** Sign in to a service with an address and a secret (Codefresh, Kargo): the address, a warning for plain http to
   * another machine, the secret, then the check; a failure says why with the buttons that help next. */
  const signInFlow = async (service: SignInService, initialUrl: string, signInTo: (url: string, secret: string) => Promise<{ user: string; account?: string }>): Promise<void> => {
    const count = (n: number) => service === CODEFRESH_SIGN_IN ? vscode.l10n.t('GitOps Releases: Sign In ({0}/2)', n) : vscode.l10n.t('GitOps Releases: Sign In to {0} ({1}/2)', service.name, n);
    let url = await input({
      title: count(1),
      prompt: service.urlPrompt,
      value: initialUrl,
      validate: (v) => {
        try {
          const u = new URL(v.trim());
          return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : vscode.l10n.t('Use an http(s) URL');
        } catch {
          return vscode.l10n.t('Not a URL');
        }
      },
    });
    if (!url) return;
    url = url.trim();
    if (sendsKeyInClear(url)) {
      const useHttps = vscode.l10n.t('Use HTTPS');
      const choice = await askWarning(
        vscode.l10n.t('{0} is not encrypted.', url),
        vscode.l10n.t('With http:// the {0} crosses the network in clear text, where anyone on the way can read it. Use https://, or go on with http:// only on a network you trust.', service.secret),
        useHttps,
        vscode.l10n.t('Continue with HTTP'),
      );
      if (!choice) return;
      if (choice === useHttps) url = httpsUrl(url);
    }
    const secret = await input({ title: count(2), prompt: service.secretPrompt(url), password: true, validate: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the {0}', service.secret)) });
    if (!secret) return;
    try {
      const target = url;
      const who = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to {0}…', target) }, () => signInTo(target, secret.trim()));
      void showInfo(who.account ? vscode.l10n.t('GitOps Releases: signed in to {0} as {1} ({2}).', service.name, who.user, who.account) : vscode.l10n.t('GitOps Releases: signed in to {0} as {1}.', service.name, who.user));
    } catch (e) {
      const failure = e instanceof SignInError ? e : undefined;
      const text = failure?.message ?? vscode.l10n.t('Sign-in failed: {0} Nothing was stored.', e instanceof Error ? e.message : String(e));
      const again = failure?.url ?? url;
      // Not awaited: the notification stays until dismissed; its buttons act when pressed.
      void showError(text, ...(failure?.actions ?? [SIGN_IN_ACTIONS.showLog])).then((choice) => {
        if (choice === SIGN_IN_ACTIONS.retry) void vscode.commands.executeCommand(service.command, again);
        else if (choice === SIGN_IN_ACTIONS.getKey && service.secretPage) void vscode.env.openExternal(vscode.Uri.parse(service.secretPage(again)));
        else if (choice === SIGN_IN_ACTIONS.showLog) d.log.channel.show(true);
      });
    }
  };

  reg('gitopsReleases.signIn', async (url) =>
    signInFlow(CODEFRESH_SIGN_IN, typeof url === 'string' ? url : (await d.backends.urlHint('codefresh')) || DEFAULT_CODEFRESH_URL, (u, key) => d.backends.signIn('codefresh', u, key)),
  );

  reg('gitopsReleases.signInKargo', async (url) =>
    signInFlow(KARGO_SIGN_IN, typeof url === 'string' ? url : (await d.backends.urlHint('kargo')) || 'https://', (u, token) => d.backends.signIn('kargo', u, token)),
  );

  reg('gitopsReleases.signInGitHub', async () => {
    try {
      const who = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to {0}…', readSettings().githubEnterprise ? 'GitHub Enterprise' : 'GitHub') }, () => d.backends.signInWithProvider('github'));
      void showInfo(vscode.l10n.t('GitOps Releases: signed in to {0} as {1}.', readSettings().githubEnterprise ? 'GitHub Enterprise' : 'GitHub', who.user));
    } catch (e) {
      if (e instanceof SignInCancelled) {
        void showInfo(vscode.l10n.t('GitOps Releases: {0}', e.message));
        return;
      }
      d.log.warn(`GitHub sign-in failed: ${e instanceof Error ? e.message : String(e)}`);
      void showError(vscode.l10n.t('GitOps Releases: GitHub sign-in failed. {0}', e instanceof Error ? e.message : String(e)), SIGN_IN_ACTIONS.retry, SIGN_IN_ACTIONS.showLog).then((choice) => {
        if (choice === SIGN_IN_ACTIONS.retry) void vscode.commands.executeCommand('gitopsReleases.signInGitHub');
        else if (choice === SIGN_IN_ACTIONS.showLog) d.log.channel.show(true);
      });
    }
  });

  reg('gitopsReleases.signOut', async () => {
    void showInfo(vscode.l10n.t('GitOps Releases: {0}', await d.backends.signOut()));
  });

  reg('gitopsReleases.useDemoBackend', async () => {
    const url = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the demo backend…') }, () => d.backends.useDemo());
    await d.refresh();
    void showInfo(url ? vscode.l10n.t('GitOps Releases: using the demo backend at {0}.', url) : vscode.l10n.t('GitOps Releases: using the demo backend.'));
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
      void showInfo(vscode.l10n.t('GitOps Releases: demo releases exist only in this editor; there is no Codefresh page to open.'));
      return;
    }
    if (!d.store.capabilities?.webPages) {
      void showInfo(vscode.l10n.t('GitOps Releases: the release backend in use has no web page per release.'));
      return;
    }
    const r = await releaseArgs(args, vscode.l10n.t('Open in Codefresh'));
    if (!r) return;
    const s = readSettings();
    const rel = d.store.findRelease(r.releaseId)?.release;
    const url = fillWebUrlTemplate(s.webUrlTemplate, { url: s.codefreshUrl, product: r.productName, releaseId: r.releaseId, version: rel?.version });
    if (!url) throw new Error(vscode.l10n.t('The setting gitopsReleases.webUrlTemplate does not give an http(s) URL: {0}', s.webUrlTemplate));
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  });

  reg('gitopsReleases.copyReleaseId', async (...args) => {
    const r = await releaseArgs(args, vscode.l10n.t('Copy Release Id'));
    if (!r) return;
    await vscode.env.clipboard.writeText(r.releaseId);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied release id {0}', r.releaseId), 3000);
  });

  reg('gitopsReleases.copyTriggerSha', async (...args) => {
    const r = await releaseArgs(args, vscode.l10n.t('Copy Trigger Commit'));
    if (!r) return;
    const sha = d.store.findRelease(r.releaseId)?.release.triggerCommit?.sha;
    if (!sha) throw new Error(vscode.l10n.t('Release {0} has no trigger commit.', r.releaseId));
    await vscode.env.clipboard.writeText(sha);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', sha.slice(0, 7)), 3000);
  });

  reg('gitopsReleases.copySha', async (sha) => {
    if (typeof sha !== 'string' || !/^[0-9a-fA-F]{4,40}$/.test(sha)) throw new Error(vscode.l10n.t('No commit sha to copy.'));
    await vscode.env.clipboard.writeText(sha);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', sha.slice(0, 7)), 3000);
  });

  reg('gitopsReleases.filterProducts', async () => {
    const names = d.store.productStates().map((s) => s.product.name);
    const current = d.tree.getFilter();
    const picked = await pickMany(
      names.map((n) => ({ label: n })),
      { title: vscode.l10n.t('Show products'), placeholder: vscode.l10n.t('Pick the products to show (none: all)'), selected: (i) => current.products.includes(i.label) },
    );
    if (!picked) return;
    d.tree.setFilter({ ...current, products: picked.length === names.length ? [] : picked.map((p) => p.label) });
  });

  reg('gitopsReleases.filterStatus', async () => {
    const current = d.tree.getFilter();
    const picked = await pickMany(
      STATUS_KINDS.map((k) => ({ label: STATUS_LABELS[k], status: k, description: isTerminal(k) ? vscode.l10n.t('finished') : vscode.l10n.t('in progress') })),
      { title: vscode.l10n.t('Show releases with status'), placeholder: vscode.l10n.t('Pick statuses (none: all)'), selected: (i) => current.statuses.includes((i as { status?: StatusKind }).status ?? 'unknown') },
    );
    if (!picked) return;
    d.tree.setFilter({ ...current, statuses: picked.map((p) => p.status) });
  });

  reg('gitopsReleases.clearFilter', () => d.tree.setFilter({ products: [], statuses: [] }));
}
