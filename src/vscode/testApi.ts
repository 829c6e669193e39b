// The API activate() returns, read by the integration suites (test/integration) to see what a user would: the tree
// rows as rendered, the views' messages, the status bar, the notifications shown, the log. Nothing in the product
// calls it.

import * as vscode from 'vscode';
import type { GitopsReleasesApi, RenderedTreeItem } from './api';
import type { BackendManager } from './backendManager';
import type { CursorCommitTracker } from './commits';
import type { CommitDeploymentsProvider, CommitNode } from './commitView';
import type { CompareDocuments } from './compare';
import type { ExtensionLog } from './log';
import { shownMessages } from './notify';
import type { ReleasePanelManager } from './panel/releasePanel';
import { readSettings } from './config';
import { activePrompt } from './prompts';
import type { ReleaseStore } from './pure/releaseStore';
import { nodeId, type ReleasesTreeProvider, type TreeNode } from './releasesTree';
import type { RepoRegistry } from './repos';
import type { DeploymentStatusBar } from './statusBar';
import type { WatchManager } from './watches';

/** What the test API reads: the objects activate() wired. */
export interface TestApiParts {
  activationMs: number;
  activatedAt: number;
  log: ExtensionLog;
  store: ReleaseStore;
  backends: BackendManager;
  repos: RepoRegistry;
  tree: ReleasesTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  commitView: vscode.TreeView<CommitNode>;
  commitProvider: CommitDeploymentsProvider;
  tracker: CursorCommitTracker;
  statusBar: DeploymentStatusBar;
  watches: WatchManager;
  compare: CompareDocuments;
  refresh: () => Promise<void>;
  opened: readonly { productName: string; releaseId: string; tab: 'flow' | 'notes' }[];
  panel: () => ReleasePanelManager | undefined;
  /** The language-model tools registered, by name. */
  agentTools: ReadonlyMap<string, vscode.LanguageModelTool<object>>;
}

/** A tree item as the integration suites compare it. */
function render(item: vscode.TreeItem): RenderedTreeItem {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  return {
    id: item.id ?? '',
    label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
    description: typeof item.description === 'string' ? item.description : '',
    icon: icon?.id,
    color: icon?.color?.id,
    tooltip: item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip,
    contextValue: item.contextValue,
    accessibilityLabel: item.accessibilityInformation?.label,
    collapsible: item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
    expanded: item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded,
    command: item.command?.command,
  };
}

export function testApi(p: TestApiParts): GitopsReleasesApi {
  const { activationMs, activatedAt, log, store, backends, repos, tree, treeView, commitView, commitProvider, tracker, statusBar, watches, compare, refresh, opened } = p;
  const nodes = new Map<string, TreeNode>();
  return {
    activationMs,
    activatedAt,
    treeShown: () => [...tree.shown],
    firstTreeShown: () => tree.firstShown,
    backendState: () => ({ state: backends.state, detail: backends.detail, backendId: store.backendId, signedIn: backends.signedIn }),
    capabilityKeys: () => Object.fromEntries(backends.capabilityKeys),
    whenReady: async (timeoutMs = 30_000) => {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        if (backends.state !== 'starting' && (backends.state !== 'ready' || store.refreshCount > 0)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      // l10n-exempt: the test API's own error, read by the integration suites, never shown in the UI
      throw new Error(`GitOps Releases not ready after ${timeoutMs} ms (backend ${backends.state}: ${backends.detail})`);
    },
    refresh,
    snapshot: () => store.snapshot(),
    rememberedExpansion: () => tree.expansion.persisted(),
    storeState: () => ({ lastSuccessAt: store.lastSuccessAt, restoredAt: store.restoredAt, lastError: store.lastError, refreshCount: store.refreshCount, version: store.version }),
    treeChildren: (parentId) => {
      const parent = parentId === undefined ? undefined : nodes.get(parentId);
      // l10n-exempt: the test API's own error, read by the integration suites, never shown in the UI
      if (parentId !== undefined && !parent) throw new Error(`no tree row ${parentId} rendered yet (list its parent first)`);
      return tree.children(parent).map((n) => {
        nodes.set(nodeId(n), n);
        return render(tree.getTreeItem(n));
      });
    },
    treeMessage: () => treeView.message,
    treeDescription: () => treeView.description,
    commitViewDescription: () => commitView.description,
    commitViewMessage: () => commitView.message,
    settings: () => ({ ...readSettings() }),
    loadRelease: async (releaseId) => {
      await store.getDetail(releaseId);
    },
    whereDeployed: async (fsPath, sha) => {
      const root = await repos.rootFor(fsPath);
      if (!root) return undefined;
      await repos.ensureGraph(root);
      return repos.whereNow(root, sha);
    },
    commitView: () => {
      const t = tracker.current;
      const rows: RenderedTreeItem[] = [];
      const walk = (n?: CommitNode) => {
        for (const c of commitProvider.getChildren(n)) {
          rows.push(render(commitProvider.getTreeItem(c)));
          walk(c);
        }
      };
      walk();
      return { sha: t?.commit.kind === 'committed' ? t.commit.sha : undefined, uncommitted: t?.commit.kind === 'uncommitted', rows };
    },
    statusBar: () => {
      // StatusBarItem has no "visible" getter: the text is cleared when hidden.
      const item = statusBar.item;
      if (!statusBar.visible) return undefined;
      return { text: item.text, tooltip: item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip, accessibilityLabel: item.accessibilityInformation?.label };
    },
    activePrompt,
    shownMessages,
    logText: () => log.text(),
    hasStoredApiKey: (url) => backends.hasStoredKey(url),
    openedReleases: () => [...opened],
    demoServerUrl: () => backends.demoUrl,
    panels: () => p.panel()?.openPanels() ?? [],
    watches: () => watches.list().map((w) => ({ sha: w.sha, target: w.target, reached: [...w.reached] })),
    watchNotifications: () => [...watches.told],
    agentTool: (name) => {
      const tool = p.agentTools.get(name);
      if (!tool) return undefined;
      const token = new vscode.CancellationTokenSource().token;
      return {
        prepare: async (input) => {
          const prepared = await tool.prepareInvocation?.({ input }, token);
          const text = (m: string | vscode.MarkdownString | undefined) => (m instanceof vscode.MarkdownString ? m.value : m);
          return {
            invocationMessage: text(prepared?.invocationMessage),
            confirmation: prepared?.confirmationMessages ? { title: prepared.confirmationMessages.title, message: text(prepared.confirmationMessages.message) ?? '' } : undefined,
          };
        },
        invoke: async (input) => {
          const r = await tool.invoke({ input, toolInvocationToken: undefined }, token);
          return (r?.content ?? []).map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : JSON.stringify(c)));
        },
      };
    },
    lastComparison: () => {
      const l = compare.last;
      if (!l) return undefined;
      const r = l.result;
      const shas = r.kind === 'range' ? [...r.pullRequests.flatMap((p) => p.commits.map((c) => c.sha)), ...r.direct.map((c) => c.sha)] : [];
      return {
        ...l.comparison,
        kind: r.kind,
        total: r.kind === 'range' ? r.total : undefined,
        shas,
        text: l.text,
        fromSha: r.from.release?.triggerCommit?.sha,
        toSha: r.to.release?.triggerCommit?.sha,
      };
    },
  };
}
