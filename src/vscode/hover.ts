// The deployment hover: on any line of a file in a Git repository, the line's commit and where it is deployed; on a
// SHA token in any text, the same for that commit. Time-boxed: it never waits more than HOVER_BUDGET_MS; whatever is
// not known by then is shown as loading. Off with gitopsReleases.hover.enabled = false.

import * as vscode from 'vscode';
import { readSettings } from './config';
import type { CommitFinder, CommitTarget } from './commits';
import type { ExtensionLog } from './log';
import { deploymentMarkdown, HOVER_COMMANDS } from '../present/deploymentMarkdown';
import { isDemoBackend } from '../backends/registry';
import type { ChecksView } from '../present/checks';
import { hoverTitle } from '../present/demoLabel';
import { savedAnswerNote } from '../present/savedAnswer';
import type { CommitChecksCache } from './pure/commitChecks';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';

export const HOVER_BUDGET_MS = 250;

const TIMEOUT = Symbol('timeout');

function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), Math.max(0, ms));
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export function trustedMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, true);
  md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
  md.supportHtml = false;
  return md;
}

export class DeploymentHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly finder: CommitFinder,
    private readonly repos: RepoRegistry,
    private readonly store: ReleaseStore,
    private readonly log: ExtensionLog,
    private readonly checks?: CommitChecksCache,
  ) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!readSettings().hoverEnabled || !this.store.hasBackend) return undefined;
    const started = Date.now();
    const found = await within(this.finder.at(doc, pos).catch(() => undefined), HOVER_BUDGET_MS);
    if (token.isCancellationRequested) return undefined;
    this.log.debug(`hover ${doc.uri.scheme}:${doc.uri.fsPath}:${pos.line + 1}: commit ${found === TIMEOUT ? 'not found in time' : found ? (found.commit.kind === 'committed' ? found.commit.sha.slice(0, 7) : 'uncommitted') : 'none'} after ${Date.now() - started} ms`);
    if (found === TIMEOUT) {
      // Only in a repository: a file outside any repository never gets a hover, even a loading one.
      if (doc.uri.scheme !== 'file' || !(await within(this.repos.rootFor(doc.uri.fsPath), 20).then((r) => r !== TIMEOUT && r))) return undefined;
      return new vscode.Hover(trustedMarkdown(`${hoverTitle(isDemoBackend(this.store.backendId))} · $(loading~spin) ${vscode.l10n.t('Looking up the commit of this line…')}`));
    }
    if (!found) return undefined;
    const md = await this.render(found, HOVER_BUDGET_MS - (Date.now() - started));
    return new vscode.Hover(trustedMarkdown(md));
  }

  /**
   * The checks already fetched for the commit in each product, starting a fetch of those not known (or old) so the next
   * hover has them: never waits on the network.
   */
  private knownChecks(sha: string, products: readonly string[]): ReadonlyMap<string, ChecksView> | undefined {
    const cache = this.checks;
    if (!cache?.available) return undefined;
    const out = new Map<string, ChecksView>();
    for (const p of products) {
      cache.want(p, sha);
      const view = cache.peek(p, sha);
      if (view) out.set(p, view);
    }
    return out;
  }

  /** The Markdown for a commit, waiting at most `budgetMs` for the commit graph. */
  async render(target: CommitTarget, budgetMs: number): Promise<string> {
    const c = target.commit;
    let deployments = c.kind === 'committed' ? this.repos.whereNow(target.root, c.sha) : undefined;
    let loading: string | undefined;
    if (c.kind === 'committed' && !deployments) {
      await within(this.repos.ensureGraph(target.root), budgetMs);
      deployments = this.repos.whereNow(target.root, c.sha);
      const s = this.repos.state(target.root);
      loading = s.graphError ? vscode.l10n.t('The commit graph could not be loaded: {0}', s.graphError) : vscode.l10n.t('Loading the commit graph…');
    }
    if (deployments && this.store.lastSuccessAt === undefined) {
      // No release data yet: the answer would say "not yet" everywhere, which is not known.
      loading = this.store.lastError ? undefined : vscode.l10n.t('Loading release data…');
      if (loading) deployments = undefined;
    }
    return deploymentMarkdown({
      commit: c,
      deployments,
      checks: c.kind === 'committed' && deployments ? this.knownChecks(c.sha, deployments.products.map((p) => p.product)) : undefined,
      loading,
      error: this.store.lastError?.message,
      dataAgeMs: this.store.lastSuccessAt !== undefined ? Date.now() - this.store.lastSuccessAt : undefined,
      staleAfterMs: Math.max(5 * 60_000, readSettings().idleSeconds * 2_000),
      demo: isDemoBackend(this.store.backendId),
      savedAnswer: savedAnswerNote(this.store.restoredAt, this.store.lastError !== undefined),
    });
  }
}
