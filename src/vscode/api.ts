// The object activate() returns. Integration tests use it to read what the views show and to wait for background
// work; nothing in it bypasses the real UI paths (commands are still run with vscode.commands.executeCommand and
// quick picks are still driven through VS Code's own quick-input commands).

import type * as vscode from 'vscode';
import type { CommitDeployments } from '../core/deployment';
import type { ProductReleases } from '../core/model';
import type { WatchTarget } from '../core/watch';
import type { BackendState } from './backendManager';
import type { PanelInfo } from './panel/releasePanel';

/** A tree row as the user sees it. */
export interface RenderedTreeItem {
  /** Stable TreeItem id (`p/<product>`, `r/<product>/<releaseId>`, `e/…`, `w/…`, `s/…`, `m/…`, `i/…`). */
  id: string;
  label: string;
  description: string;
  /** Codicon id of the icon (e.g. `pass-filled`, `sync~spin`). */
  icon?: string;
  /** Theme colour id of the icon. */
  color?: string;
  /** Markdown source of the tooltip. */
  tooltip?: string;
  contextValue?: string;
  /** What a screen reader says for the row, when it differs from the label and description. */
  accessibilityLabel?: string;
  collapsible: boolean;
  /** The row is drawn expanded (as the user left it, or the only product). */
  expanded: boolean;
  /** Command run when the row is clicked. */
  command?: string;
}

export interface GitopsReleasesApi {
  /** Milliseconds activate() took (synchronous part). */
  readonly activationMs: number;
  /** When activate() started (ms since the epoch). */
  readonly activatedAt: number;
  /**
   * The latest times (up to 50) the workbench drew the Product Releases view's top level with rows (ms since the
   * epoch), how many rows, and whether they came from the saved answer. Calls of treeChildren() are not counted.
   */
  treeShown(): { at: number; rows: number; restored: boolean }[];
  /** The first time the workbench drew that top level with rows, kept for the whole session. */
  firstTreeShown(): { at: number; rows: number; restored: boolean } | undefined;
  /** Backend state as the welcome views see it, and its detail text (error or backend description). */
  backendState(): { state: BackendState; detail: string; backendId?: string; signedIn: boolean };
  /** The `gitopsReleases.can.*` context keys as set for the active backend's capabilities. */
  capabilityKeys(): Record<string, boolean | string>;
  /** Resolves when the backend is configured and the first refresh finished (success or failure). */
  whenReady(timeoutMs?: number): Promise<void>;
  /** Refresh now and wait for it (what the Refresh command does). */
  refresh(): Promise<void>;
  /** The store's data in core form, and its refresh state. */
  snapshot(): ProductReleases[];
  storeState(): { lastSuccessAt?: number; restoredAt?: number; lastError?: { kind: string; message: string }; refreshCount: number; version: number };
  /** Rendered children of a tree row of the Product Releases view (undefined: the top level). */
  treeChildren(parentId?: string): RenderedTreeItem[];
  /** Ids of the Product Releases rows kept as expanded in the workspace state (what a window reload reopens). */
  rememberedExpansion(): string[];
  /** Product Releases view message (errors, stale data). */
  treeMessage(): string | undefined;
  /** Commit Deployments view message (Restricted Mode says here what it does not use). */
  commitViewMessage(): string | undefined;
  /** The settings as the extension reads them now (Restricted Mode leaves the workspace's restricted values out). */
  settings(): Readonly<Record<string, unknown>>;
  /** Product Releases view description (the demo label while the demo backend is in use). */
  treeDescription(): string | undefined;
  /** Commit Deployments view description (the commit shown, after the demo label while the demo is in use). */
  commitViewDescription(): string | undefined;
  /** Wait until `release` has its detail loaded (so its environments show workflows). */
  loadRelease(releaseId: string): Promise<void>;
  /** Where a commit is deployed, from the warm store, for the repository holding `fsPath` (waits for the graph). */
  whereDeployed(fsPath: string, sha: string): Promise<CommitDeployments | undefined>;
  /** Commit Deployments view: the commit shown and its rows. */
  commitView(): { sha?: string; uncommitted: boolean; rows: RenderedTreeItem[] };
  /** Status bar item as shown (undefined when hidden). */
  statusBar(): { text: string; tooltip?: string; accessibilityLabel?: string } | undefined;
  /** The quick pick / input box of this extension that is open, if any. */
  activePrompt(): vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox | undefined;
  /** Messages shown with showInformationMessage / showErrorMessage / showWarningMessage, in order. */
  shownMessages(): { level: 'info' | 'warn' | 'error'; text: string; actions?: string[]; modal?: boolean }[];
  /** Everything written to the log this session (secrets masked). */
  logText(): string;
  /** Whether an API key is stored in SecretStorage for a Codefresh URL (the configured one by default). */
  hasStoredApiKey(url?: string): Promise<boolean>;
  /** Releases opened in the release panel through this extension's commands (product, id, tab), in order. */
  openedReleases(): { productName: string; releaseId: string; tab: 'flow' | 'notes' }[];
  /** URL of the in-process demo server, when "Use Demo Backend" started one. */
  demoServerUrl(): string | undefined;
  /** Release panels open now (product, release id, visible, ready, messages posted, last error). */
  panels(): PanelInfo[];
  /** Commits being watched, their target and the environments reached so far. */
  watches(): { sha: string; target: WatchTarget; reached: string[] }[];
  /** What the commit watches told the user (event key and text), in order. */
  watchNotifications(): { key: string; text: string }[];
  /**
   * A language-model tool as registered with VS Code (the same object), by name: its `prepareInvocation` (the
   * confirmation VS Code would show, with its message as Markdown source) and its `invoke` outside VS Code's own
   * confirmation (the text of each part). VS Code answers its confirmation dialog "yes" by itself in extension tests,
   * so declining is tested here.
   */
  agentTool(name: string):
    | {
        prepare(input: object): Promise<{ invocationMessage?: string; confirmation?: { title: string; message: string } }>;
        invoke(input: object): Promise<string[]>;
      }
    | undefined;
  /** The last environment comparison shown: what was compared, the commits it lists (this page) and its text. */
  /** The comparison shown last, with the commits of the two live releases it compared (`fromSha..toSha`). */
  lastComparison():
    | { product: string; from: string; to: string; page: number; kind: 'range' | 'unavailable'; total?: number; shas: string[]; text: string; fromSha?: string; toSha?: string }
    | undefined;
}
