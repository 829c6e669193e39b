// The release panel, host side: one webview panel per release (revealed when already open), fed with
// the view model built by src/present/panelModel.ts, refreshed live when the data source reports the release changed,
// restored after a window reload by a serializer. Messages from the webview are validated (./messages); links are
// opened with vscode.env.openExternal only when they are http(s); "copy as Markdown" writes the clipboard here.

import * as vscode from 'vscode';
import { actionCommand } from '../actions';
import { Disposable } from '../disposable';
import type { Logger } from '../../core/log';
import type { NotePullRequest, ReleaseDetail, ReleaseNotes } from '../../core/model';
import { type HostMessage, PANEL_VIEW_TYPE, type PanelTab, type PanelWarning } from '../../../webview/protocol';
import { buildPanelModel } from '../../present/panelModel';
import type { LoadedNotes, LoadedRelease } from './data';
import { createNonce, panelHtml } from './html';
import { linkToOpen, parseRestoredState, parseWebviewMessage } from './messages';
import { commitDiff, type GitApiLike } from './commit';

export interface PanelDataSource {
  /** The release in detail, or what is known of it with a warning saying what is missing. */
  getRelease(productName: string, releaseId: string, signal?: AbortSignal): Promise<LoadedRelease>;
  /** The release notes, with a warning when only part of them could be loaded. */
  getNotes(productName: string, releaseId: string, signal?: AbortSignal): Promise<LoadedNotes>;
  onDidChangeRelease: vscode.Event<string /* release id */>;
}

/** What tests and the UI can observe about an open panel. */
export interface PanelInfo {
  productName: string;
  releaseId: string;
  visible: boolean;
  /** Number of models posted to the webview. */
  posts: number;
  lastError?: string;
  /** The webview said it is ready (its script ran under the CSP). */
  ready: boolean;
  /** Flow graphs the webview reported drawn, and when (ms since the epoch) it reported the first one. */
  graphsDrawn: number;
  firstGraphDrawnAt?: number;
  /** The tab the panel shows (flow or notes). */
  tab: PanelTab;
  /** Kinds of the warnings of the last model posted (what it could not load). */
  warnings: PanelWarning['kind'][];
  /** The demo banner of the last model posted, if it had one. */
  demoNotice?: string;
  /** Commits opened from the release notes, and how: their diff, their remote page, or neither was possible. */
  openedCommits: { sha: string; via: 'diff' | 'remote' | 'none' }[];
  /**
   * The pull requests of the last notes posted, as the backend and local Git named them: with their links even
   * where the demo banner's model leaves links out.
   */
  notePullRequests: Pick<NotePullRequest, 'key' | 'title' | 'url' | 'source'>[];
}

/** The built-in Git extension's API, activated if need be; undefined when Git support is disabled. */
async function gitApi(): Promise<GitApiLike<vscode.Uri> | undefined> {
  // The extension's exports are typed by its own git.d.ts, which this project does not vendor: ./commit declares
  // the part used.
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApiLike<vscode.Uri> }>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  return exports.getAPI(1);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

class ReleasePanel extends Disposable {
  private abort?: AbortController;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private disposed = false;
  posts = 0;
  ready = false;
  graphsDrawn = 0;
  firstGraphDrawnAt?: number;
  lastError?: string;
  warnings: PanelWarning['kind'][] = [];
  demoNotice?: string;
  readonly openedCommits: PanelInfo['openedCommits'] = [];
  notePullRequests: PanelInfo['notePullRequests'] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly productName: string,
    readonly releaseId: string,
    private tab: PanelTab,
    private readonly context: vscode.ExtensionContext,
    private readonly source: PanelDataSource,
    private readonly log: Logger,
    private readonly onDispose: () => void,
    private readonly isDemo: () => boolean = () => false,
  ) {
    super();
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    panel.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [dist, vscode.Uri.joinPath(context.extensionUri, 'media')],
    };
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    const nonce = createNonce();
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      nonce,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: vscode.l10n.t('Release'),
    });
    this.register(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      source.onDidChangeRelease((id) => {
        if (id === releaseId) this.scheduleRefresh();
      }),
    );
  }

  reveal(tab?: PanelTab): void {
    this.panel.reveal(undefined, false);
    if (tab && tab !== this.tab) {
      this.tab = tab;
      this.post({ type: 'showTab', tab });
    }
  }

  private post(message: HostMessage): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(message).then(undefined, (e: unknown) => this.log.debug(`release panel post failed: ${errorText(e)}`));
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    // Coalesce bursts of change events (one poll can report the release several times).
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.load();
    }, 150);
  }

  /** Fetch the release (then its notes) and post the model; the previous fetch, if any, is cancelled. */
  async load(): Promise<void> {
    if (this.disposed) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const { productName, releaseId } = this;
    if (this.posts === 0) this.post({ type: 'loading', productName, releaseId });
    const notesPromise = this.source.getNotes(productName, releaseId, abort.signal).then(
      (loaded) => ({ notes: loaded.notes, warning: loaded.warning, error: undefined as string | undefined }),
      (e: unknown) => ({ notes: undefined, warning: undefined, error: errorText(e) }),
    );
    let release: ReleaseDetail;
    let releaseWarning: PanelWarning | undefined;
    try {
      ({ release, warning: releaseWarning } = await this.source.getRelease(productName, releaseId, abort.signal));
    } catch (e) {
      if (abort.signal.aborted) return;
      this.lastError = errorText(e);
      this.log.warn(`release panel: loading release ${releaseId} of ${productName} failed: ${this.lastError}`);
      this.post({ type: 'error', message: vscode.l10n.t('Could not load release {0}: {1}', releaseId, this.lastError) });
      return;
    }
    if (abort.signal.aborted) return;
    this.panel.title = `${release.productName} ${release.version ?? release.id}`;
    // Paint the flow at once; the notes (which may need local Git) follow.
    let notesSettled = false;
    const first = setTimeout(() => {
      if (!notesSettled && !abort.signal.aborted) this.postModel(release, undefined, undefined, releaseWarning ? [releaseWarning] : []);
    }, 50);
    const { notes, warning: notesWarning, error } = await notesPromise;
    notesSettled = true;
    clearTimeout(first);
    if (abort.signal.aborted) return;
    if (error) this.log.warn(`release panel: notes of ${releaseId} failed: ${error}`);
    const warnings = [releaseWarning, notesWarning].filter((w): w is PanelWarning => w !== undefined);
    this.postModel(release, notes, error, warnings);
  }

  private postModel(release: ReleaseDetail, notes: ReleaseNotes | undefined, notesError: string | undefined, warnings: PanelWarning[]): void {
    try {
      const model = buildPanelModel(release, notes, { notesError, warnings, demo: this.isDemo() });
      this.demoNotice = model.demoNotice;
      if (notes) this.notePullRequests = notes.pullRequests.map((p) => ({ key: p.key, title: p.title, url: p.url, source: p.source }));
      this.posts++;
      this.lastError = undefined;
      this.warnings = warnings.map((w) => w.kind);
      this.post({ type: 'model', model });
    } catch (e) {
      this.lastError = errorText(e);
      this.log.error(`release panel: could not build the view of ${release.id}: ${this.lastError}`);
      this.post({ type: 'error', message: vscode.l10n.t('Could not show release {0}: {1}', release.id, this.lastError) });
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`release panel: ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.tab === 'notes') this.post({ type: 'showTab', tab: 'notes' });
        await this.load();
        break;
      case 'refresh':
        await this.load();
        break;
      case 'graphDrawn':
        this.graphsDrawn++;
        this.firstGraphDrawnAt ??= Date.now();
        this.log.debug(`release panel: the flow of ${this.releaseId} is drawn (${m.environments} environment node(s))`);
        break;
      case 'openLink': {
        const url = linkToOpen(m.url);
        if (!url) {
          this.log.warn('release panel: refused to open a link that is not http(s)');
          return;
        }
        await vscode.env.openExternal(vscode.Uri.parse(url, true));
        break;
      }
      case 'act':
        // The command confirms with the user and checks the release still allows it; the store refresh that follows
        // reaches this panel through its usual change subscription.
        await vscode.commands.executeCommand(actionCommand(m.action), { releaseId: this.releaseId, environment: m.environment });
        break;
      case 'openCommit':
        await this.openCommit(m.sha, m.url);
        break;
      case 'copyMarkdown':
        try {
          await vscode.env.clipboard.writeText(m.markdown);
          this.post({ type: 'copied', ok: true, message: vscode.l10n.t('Release notes copied as Markdown.') });
        } catch (e) {
          this.post({ type: 'copied', ok: false, message: vscode.l10n.t('Copy failed: {0}', errorText(e)) });
        }
        break;
    }
  }

  /** The commit's changes in the multi-file diff editor when a local repository has it, else its remote page. */
  private async openCommit(sha: string, url: string | undefined): Promise<void> {
    const short = sha.slice(0, 7);
    try {
      const api = await gitApi();
      const diff = api ? await commitDiff(api, sha) : undefined;
      if (diff) {
        this.openedCommits.push({ sha, via: 'diff' });
        await vscode.commands.executeCommand('vscode.changes', diff.title, diff.resources);
        return;
      }
    } catch (e) {
      this.log.warn(`release panel: could not show the changes of commit ${short}: ${errorText(e)}`);
    }
    const remote = url ? linkToOpen(url) : undefined;
    if (remote) {
      this.openedCommits.push({ sha, via: 'remote' });
      await vscode.env.openExternal(vscode.Uri.parse(remote, true));
      return;
    }
    this.openedCommits.push({ sha, via: 'none' });
    void vscode.window.showInformationMessage(vscode.l10n.t('Commit {0} is not in an open Git repository, and its remote is not a known host.', short));
  }

  info(): PanelInfo {
    return {
      productName: this.productName,
      releaseId: this.releaseId,
      visible: this.panel.visible,
      posts: this.posts,
      lastError: this.lastError,
      ready: this.ready,
      graphsDrawn: this.graphsDrawn,
      firstGraphDrawnAt: this.firstGraphDrawnAt,
      tab: this.tab,
      warnings: [...this.warnings],
      demoNotice: this.demoNotice,
      openedCommits: [...this.openedCommits],
      notePullRequests: this.notePullRequests.map((p) => ({ ...p })),
    };
  }

  override dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort?.abort();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    super.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}

export class ReleasePanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, ReleasePanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly source: PanelDataSource,
    private readonly log: Logger,
    /** Whether the release data comes from the demo backend (the panel then says so and offers no invented links). */
    private readonly isDemo: () => boolean = () => false,
  ) {}

  /** Open the panel of a release, or reveal it when it is already open (one panel per release). */
  async open(productName: string, releaseId: string, tab?: 'flow' | 'notes'): Promise<void> {
    const existing = this.panels.get(releaseId);
    if (existing) {
      existing.reveal(tab);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `Release ${releaseId}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist'), vscode.Uri.joinPath(this.context.extensionUri, 'media')],
    });
    this.adopt(panel, productName, releaseId, tab ?? 'flow');
    await Promise.resolve();
  }

  /** Take over a panel VS Code restored after a window reload. */
  async revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const restored = parseRestoredState(state);
    if (!restored) {
      this.log.warn('release panel: restored panel had no usable state; closing it');
      panel.dispose();
      return;
    }
    const existing = this.panels.get(restored.releaseId);
    if (existing) {
      panel.dispose();
      existing.reveal(restored.tab);
      return;
    }
    this.adopt(panel, restored.productName, restored.releaseId, restored.tab);
    await Promise.resolve();
  }

  private adopt(panel: vscode.WebviewPanel, productName: string, releaseId: string, tab: PanelTab): ReleasePanel {
    const rp = new ReleasePanel(panel, productName, releaseId, tab, this.context, this.source, this.log, () => {
      if (this.panels.get(releaseId) === rp) this.panels.delete(releaseId);
    }, this.isDemo);
    this.panels.set(releaseId, rp);
    this.log.info(`release panel: showing ${releaseId} of ${productName}`);
    return rp;
  }

  /** Open panels (for tests and the UI's test API). */
  openPanels(): PanelInfo[] {
    return [...this.panels.values()].map((p) => p.info());
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

/**
 * Register the serializer that restores release panels after a window reload (package.json has the activation
 * event `onWebviewPanel:gitopsReleases.releasePanel`). `getManager` returns the extension's manager (created
 * lazily); a restored panel is handed to it, so it is the one panel of its release.
 */
export function registerReleasePanelSerializer(
  context: vscode.ExtensionContext,
  source: PanelDataSource,
  log: Logger,
  getManager?: () => Promise<Pick<ReleasePanelManager, 'open'>>,
): vscode.Disposable {
  let own: ReleasePanelManager | undefined;
  const manager = async (): Promise<Pick<ReleasePanelManager, 'open'>> => {
    if (getManager) return getManager();
    own ??= new ReleasePanelManager(context, source, log);
    return own;
  };
  const reg = vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const m = await manager();
      if (m instanceof ReleasePanelManager) {
        await m.revive(panel, state);
        return;
      }
      // A manager of another shape: reopen through its public API.
      const restored = parseRestoredState(state);
      panel.dispose();
      if (restored) await m.open(restored.productName, restored.releaseId, restored.tab);
    },
  });
  return { dispose: () => { reg.dispose(); own?.dispose(); } };
}
