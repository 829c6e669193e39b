// Entry point. activate() only wires objects and registers contributions (cheap, no network, no git); the backend,
// the first refresh and the commit graphs start right after, in the background.

import * as vscode from 'vscode';
import { errorMessage } from '../core/errorMessage';
import type { GitopsReleasesApi } from './api';
import { BackendManager } from './backendManager';
import { CommitFinder, CursorCommitTracker } from './commits';
import { registerActionCommands } from './actions';
import { registerAgentTools } from './agentTools';
import { registerCommands } from './commands';
import { CommitDeploymentsProvider } from './commitView';
import { readSettings, restrictedModeNotice, SECTION } from './config';
import { DeploymentHoverProvider } from './hover';
import { CommitChecksCache } from './pure/commitChecks';
import { ExtensionLog } from './log';
import { showError } from './notify';
import { WatchManager, watchIdOf } from './watches';
import { COMPARE_SCHEME, CompareDocuments } from './compare';
import { StorePanelSource } from './panelSource';
import { registerReleasePanelSerializer, ReleasePanelManager } from './panel/releasePanel';
import { backendInfo, isDemoBackend } from '../backends/registry';
import { backendDescription, demoViewDescription } from '../present/demoLabel';
import { Poller } from './pure/poller';
import { ReleaseStore } from './pure/releaseStore';
import { formatDuration } from '../present/time';
import { savedAnswerNote } from '../present/savedAnswer';
import { ExpansionMemory, ReleasesTreeProvider } from './releasesTree';
import { RepoRegistry } from './repos';
import { DeploymentStatusBar } from './statusBar';
import { SnapshotKeeper } from './snapshots';
import { testApi } from './testApi';

let teardown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): GitopsReleasesApi {
  const t0 = performance.now();
  const activatedAt = Date.now();
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what} ${(performance.now() - t0).toFixed(1)}`);
  const log = new ExtensionLog();
  mark('log');
  const store = new ReleaseStore({ log, pageSize: 20 });
  const repos = new RepoRegistry(store, log);
  const snapshots = new SnapshotKeeper(context.globalStorageUri.fsPath, store, log);
  const backends = new BackendManager(context.secrets, store, repos, log, snapshots);
  const finder = new CommitFinder(repos, log);
  const tracker = new CursorCommitTracker(finder);
  const tree = new ReleasesTreeProvider(store, log, new ExpansionMemory(context.workspaceState));
  mark('objects');
  const treeView = vscode.window.createTreeView('gitopsReleases.releases', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree.expansion.track(treeView));
  const checks = new CommitChecksCache({ backend: () => store.activeBackend, generation: () => store.dataGeneration }, log);
  const commitProvider = new CommitDeploymentsProvider(tracker, repos, store, checks);
  const commitView = vscode.window.createTreeView('gitopsReleases.commitDeployments', { treeDataProvider: commitProvider });
  commitProvider.view = commitView;
  const statusBar = new DeploymentStatusBar(repos, store, tracker, finder);
  const watches = new WatchManager(context.workspaceState, vscode.Uri.joinPath(context.globalStorageUri, 'watch-events').fsPath, store, repos, finder, tracker, log);
  const compare = new CompareDocuments(store, repos);
  const watchView = vscode.window.createTreeView('gitopsReleases.watches', { treeDataProvider: watches });
  const guarded = (id: string, fn: (...args: unknown[]) => Promise<void>) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await fn(...args);
      } catch (e) {
        const msg = errorMessage(e);
        log.error(`${id} failed: ${msg}`);
        void showError(vscode.l10n.t('GitOps Releases: {0}', msg));
      }
    });
  context.subscriptions.push(
    watches,
    watchView,
    compare,
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, compare),
    guarded('gitopsReleases.compareEnvironments', (a, b, c) => compare.command(a, b, c)),
    guarded('gitopsReleases.compareNextPage', () => compare.nextPage()),
    guarded('gitopsReleases.watchCommit', (sha, where) => watches.watchCommand(sha, where)),
    guarded('gitopsReleases.stopWatching', async (arg) => {
      const id = watchIdOf(arg);
      if (id) await watches.stop(id);
    }),
  );
  const panelSource = new StorePanelSource(store, repos, log);
  const opened: { productName: string; releaseId: string; tab: 'flow' | 'notes' }[] = [];

  mark('views');
  const poller = new Poller({
    refresh: async () => {
      await store.refresh();
      await repos.refreshGraphs();
    },
    input: () => {
      const s = readSettings();
      return {
        anyActive: store.anyActive(),
        consecutiveErrors: store.consecutiveErrors,
        activeSeconds: s.activeSeconds,
        idleSeconds: s.idleSeconds,
        retryAfterMs: store.lastError?.retryAfterMs,
        updates: store.capabilities?.updates ?? 'poll',
      };
    },
    lastRefreshAt: () => store.lastSuccessAt,
  });
  poller.setFocused(vscode.window.state.focused);

  // The release panel manager is created on first use; its serializer is registered now so panels restored
  // after a window reload find it.
  let panel: ReleasePanelManager | undefined;
  const getPanel = (): Promise<ReleasePanelManager> => {
    panel ??= new ReleasePanelManager(context, panelSource, log, () => isDemoBackend(store.backendId));
    return Promise.resolve(panel);
  };
  context.subscriptions.push(registerReleasePanelSerializer(context, panelSource, log, getPanel));
  const openPanel = async (productName: string, releaseId: string, tab: 'flow' | 'notes') => {
    opened.push({ productName, releaseId, tab });
    log.info(`opening release ${releaseId} of ${productName} (${tab})`);
    await (await getPanel()).open(productName, releaseId, tab);
  };

  // On demand (Refresh, tests): the store guarantees data as of this call (a running refresh is followed by one
  // more), so go to it directly rather than through the poller's own queue, then let the poller re-arm its timer.
  const refresh = async () => {
    await store.refresh();
    await repos.refreshGraphs();
    poller.rearm();
  };

  const updateTreeMessage = () => {
    const err = store.lastError;
    if (err) {
      const age = store.lastSuccessAt !== undefined ? vscode.l10n.t('Showing data from {0} ago.', formatDuration(Date.now() - store.lastSuccessAt)) : vscode.l10n.t('No data yet.');
      treeView.message = `⚠ ${vscode.l10n.t('Refresh failed ({0}): {1}. {2}', err.kind, err.message, age)}`;
    } else if (store.hasBackend && store.lastSuccessAt === undefined && store.loading) {
      treeView.message = vscode.l10n.t('Loading releases…');
    } else if (!store.hasBackend && backends.state === 'error') {
      treeView.message = `⚠ ${backends.detail}`;
    } else {
      // Data is shown, but some of it could not be read or came with errors: say so (the log has the same lines).
      const notices = store.notices();
      treeView.message = notices.length > 0 ? notices.map((n) => `⚠ ${n}`).join(' ') : undefined;
    }
    // In Restricted Mode both answer views say first what is not used and why (the Commit Deployments view has no
    // other message of its own).
    const restricted = restrictedModeNotice();
    if (restricted) treeView.message = [restricted, treeView.message].filter(Boolean).join(' ');
    commitView.message = restricted;
  };
  // While the demo backend is in use, the view says its data is made up.
  // Otherwise it names the backend in use, so the user knows where the releases come from.
  const updateTreeDescription = () => {
    const id = store.hasBackend ? store.backendId : undefined;
    const demo = isDemoBackend(id);
    const where = demo ? undefined : backendDescription(backendInfo(id)?.title, backends.activeUrl);
    // Where a credential came from (a Kargo token from the Kargo CLI) follows the backend's name; an answer saved by
    // an earlier session says so, with its age.
    const origin = store.hasBackend ? backends.credentialOrigin : undefined;
    const saved = savedAnswerNote(store.restoredAt, store.lastError !== undefined);
    treeView.description = demoViewDescription([where, origin, saved].filter(Boolean).join(' · ') || undefined, demo);
  };
  context.subscriptions.push(backends.onDidChangeState(() => updateTreeDescription()));
  const storeSub = store.onDidChange(() => {
    updateTreeMessage();
    updateTreeDescription();
  });

  mark('poller');
  registerCommands(context, {
    store,
    backends,
    repos,
    finder,
    tracker,
    tree,
    log,
    refresh,
    openPanel,
    focusCommitView: async () => {
      await vscode.commands.executeCommand('gitopsReleases.commitDeployments.focus');
      await tracker.update().catch(() => undefined);
      commitProvider.recompute();
    },
  });

  registerActionCommands(context, store, log);
  const agentTools = registerAgentTools(context, { store, repos, finder, panelSource, log });
  mark('commands');
  const hover = new DeploymentHoverProvider(finder, repos, store, log, checks);
  context.subscriptions.push(
    log,
    treeView,
    commitView,
    tree,
    commitProvider,
    statusBar,
    tracker,
    repos,
    panelSource,
    { dispose: () => storeSub.dispose() },
    snapshots,
    { dispose: () => poller.dispose() },
    { dispose: () => store.dispose() },
    checks,
    { dispose: () => panel?.dispose() },
    vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], hover),
    vscode.window.onDidChangeWindowState((s) => poller.setFocused(s.focused)),
    backends.onDidChangeState((s) => {
      updateTreeMessage();
      void statusBar.update();
      commitProvider.recompute();
      if (s === 'ready') void poller.kick();
    }),
    repos.onDidChangeHead(() => void poller.kick()),
    repos.onDidChangeRoots(async () => {
      const roots = await repos.workspaceRoots();
      void vscode.commands.executeCommand('setContext', 'gitopsReleases.hasRepo', roots.length > 0);
      for (const r of roots) void repos.ensureGraph(r);
      tracker.schedule();
      void statusBar.update();
    }),
    // Trusting the workspace brings its restricted settings (server URLs, CA file, templates) into use.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('the workspace is now trusted: reading its own settings too');
      updateTreeMessage();
      void backends.configure();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // A backend chosen in the settings now wins over "Try the Demo Backend" earlier in the session.
      if (e.affectsConfiguration(`${SECTION}.backend`)) backends.followSettings();
      if (backends.affectsBackend(e)) void backends.configure();
      if (e.affectsConfiguration(`${SECTION}.products`)) {
        store.setProductFilter(readSettings().products);
        void poller.kick();
      }
      if (e.affectsConfiguration(`${SECTION}.pollInterval`)) poller.rearm();
      if (e.affectsConfiguration(`${SECTION}.statusBar.mode`)) void statusBar.update();
    }),
  );

  const background = async () => {
    const roots = await repos.workspaceRoots();
    void vscode.commands.executeCommand('setContext', 'gitopsReleases.hasRepo', roots.length > 0);
    store.setProductFilter(readSettings().products);
    updateTreeMessage();
    await backends.configure();
    poller.start(0);
    for (const r of roots) void repos.ensureGraph(r);
    tracker.schedule();
    void statusBar.update();
  };
  const startTimer = setTimeout(() => {
    background().catch((e: unknown) => log.error(`start-up failed: ${errorMessage(e)}`));
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(startTimer) });

  teardown = () => backends.dispose();

  const activationMs = performance.now() - t0;
  log.info(`activated in ${activationMs.toFixed(1)} ms (ms since start: ${marks.join(', ')})`);

  return testApi({ activationMs, activatedAt, log, store, backends, repos, tree, treeView, commitView, commitProvider, tracker, statusBar, watches, compare, refresh, opened, panel: () => panel, agentTools });
}

export async function deactivate(): Promise<void> {
  await teardown?.();
  teardown = undefined;
}
