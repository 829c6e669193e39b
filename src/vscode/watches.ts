// Watched commits: "Notify me when this reaches …" from the hover, the Commit Deployments view and the palette.
// Watches are kept in the workspace's state (so they survive restarts), listed in the Watched Commits view, checked
// whenever the release data changes (the poller's budget, focus and backoff rules apply: no polling of its own), and
// each event is claimed in the extension's storage folder before it is shown, so no window tells it twice. The rules
// of a watch are in src/core/watch.ts.

import * as vscode from 'vscode';
import { z } from 'zod';
import { derivedStatus } from '../core/derivedStatus';
import { FollowUpRunner } from '../core/followUp';
import type { EventClaims } from '../resolve/eventClaims';
import { stepWatch, watchEventText, watchTargetLabel, type Watch, type WatchEvent, type WatchInput, type WatchTarget } from '../core/watch';
import { DEPLOYMENT_STATE_LABELS } from '../core/deployment';
import type { CommitFinder, CursorCommitTracker } from './commits';
import { readSettings } from './config';
import { loadData } from './deps';
import { Disposable } from './disposable';
import type { ExtensionLog } from './log';
import { showInfo, showWarning } from './notify';
import { pickOne } from './prompts';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';

const STATE_KEY = 'gitopsReleases.watches';
/** Own commits whose automatic watch ended or was stopped: not watched again. */
const AUTO_DONE_KEY = 'gitopsReleases.watches.autoDone';
const AUTO_DONE_MAX = 500;
/** How often the user's own recent commits are looked for (a HEAD change looks at once). */
const OWN_SCAN_MS = 10 * 60_000;

const watchSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  root: z.string().min(1),
  target: z.discriminatedUnion('kind', [z.object({ kind: z.literal('environment'), product: z.string(), environment: z.string() }), z.object({ kind: z.literal('prod') })]),
  subject: z.string().optional(),
  createdAt: z.number(),
  reached: z.array(z.string()),
  auto: z.boolean().optional(),
}) satisfies z.ZodType<Watch>;

const targetKey = (t: WatchTarget) => (t.kind === 'prod' ? 'prod' : `${t.product}/${t.environment}`);
const watchId = (w: Watch) => `${w.sha}|${targetKey(w.target)}`;

export interface WatchNode {
  id: string;
  watch: Watch;
}

interface TargetItem extends vscode.QuickPickItem {
  target: WatchTarget;
}

export class WatchManager extends Disposable implements vscode.TreeDataProvider<WatchNode> {
  private watches: Watch[];
  private claims: Promise<EventClaims> | undefined;
  private readonly checker = new FollowUpRunner(() => this.checkOnce());
  private lastOwnScan = 0;
  private readonly emitter = new vscode.EventEmitter<WatchNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** What the watches told, in order (the test API reads it). */
  readonly told: { key: string; text: string }[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly claimsDir: string,
    private readonly store: ReleaseStore,
    private readonly repos: RepoRegistry,
    private readonly finder: CommitFinder,
    private readonly tracker: CursorCommitTracker,
    private readonly log: ExtensionLog,
  ) {
    super();
    this.watches = this.read();
    const sub = store.onDidChange(() => this.schedule());
    this.register(
      this.emitter,
      { dispose: () => sub.dispose() },
      repos.onDidChangeHead(() => {
        this.lastOwnScan = 0;
        void this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('gitopsReleases.watch.ownCommitsDays')) return;
        this.lastOwnScan = 0;
        void this.schedule();
      }),
    );
  }

  private read(): Watch[] {
    const raw = this.state.get<unknown[]>(STATE_KEY, []);
    const out: Watch[] = [];
    for (const item of Array.isArray(raw) ? raw : []) {
      const r = watchSchema.safeParse(item);
      if (r.success) out.push(r.data);
      else this.log.warn('ignoring a saved commit watch that could not be read');
    }
    return out;
  }

  private async save(): Promise<void> {
    await this.state.update(STATE_KEY, this.watches);
    this.emitter.fire(undefined);
  }

  list(): readonly Watch[] {
    return this.watches;
  }

  private getClaims(): Promise<EventClaims> {
    this.claims ??= loadData().then(async (d) => {
      const c = new d.EventClaims(this.claimsDir);
      await c.sweep().catch(() => 0);
      return c;
    });
    return this.claims;
  }

  private input(): WatchInput {
    return {
      environmentKind: (product, environment) => this.store.productState(product)?.product.environments.find((e) => e.name === environment)?.kind,
      failingStep: (releaseId, environment) => {
        const r = this.store.currentRelease(releaseId);
        return r ? derivedStatus(r).failures.find((f) => f.environment === environment) : undefined;
      },
    };
  }

  /** Check the watches against the data as it is now (serialised; calls meanwhile share one more check). */
  schedule(): Promise<void> {
    if ((this.watches.length === 0 && readSettings().watchOwnCommitsDays === 0) || this.store.lastSuccessAt === undefined || this.store.restoredAt !== undefined) return Promise.resolve();
    return this.checker.run();
  }

  private autoDone(): string[] {
    const v = this.state.get<unknown>(AUTO_DONE_KEY, []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  private async endAuto(w: Watch): Promise<void> {
    if (!w.auto) return;
    await this.state.update(AUTO_DONE_KEY, [...this.autoDone().filter((s) => s !== w.sha), w.sha].slice(-AUTO_DONE_MAX));
  }

  /** With the setting on: watch the user's own recent commits until they reach production; drop those now older. */
  private async scanOwnCommits(): Promise<boolean> {
    const days = readSettings().watchOwnCommitsDays;
    const now = Date.now();
    if (days === 0) {
      const before = this.watches.length;
      this.watches = this.watches.filter((w) => !w.auto);
      return this.watches.length !== before;
    }
    if (now - this.lastOwnScan < OWN_SCAN_MS) return false;
    this.lastOwnScan = now;
    const data = await loadData();
    const done = new Set(this.autoDone());
    let changed = false;
    for (const root of await this.repos.workspaceRoots()) {
      const own = await data.ownRecentCommits(root, days).catch((e: unknown) => {
        this.log.warn(`could not read your recent commits in ${root}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      });
      if (!own) continue;
      const recent = new Set(own.map((c) => c.sha));
      const before = this.watches.length;
      this.watches = this.watches.filter((w) => !w.auto || w.root !== root || recent.has(w.sha));
      if (this.watches.length !== before) changed = true;
      for (const c of own) {
        if (done.has(c.sha) || this.watches.some((w) => w.sha === c.sha)) continue;
        this.watches.push({ sha: c.sha, root, target: { kind: 'prod' }, subject: c.subject, createdAt: now, reached: [], auto: true });
        changed = true;
      }
    }
    return changed;
  }

  private async checkOnce(): Promise<void> {
    let changed = await this.scanOwnCommits();
    for (const w of [...this.watches]) {
      await this.repos.ensureGraph(w.root).catch(() => undefined);
      let step = stepWatch(w, this.repos.whereNow(w.root, w.sha), this.input());
      // A failure is told with its failing step, which only a release's detail names: load it first (once per
      // failed release; the store caches it until the release changes).
      const lacking = [...new Set(step.events.filter((e) => e.kind === 'failed' && !e.failingStep && e.releaseId).map((e) => e.releaseId!))];
      if (lacking.length > 0) {
        await Promise.all(lacking.map((id) => this.store.getDetail(id).catch(() => undefined)));
        step = stepWatch(w, this.repos.whereNow(w.root, w.sha), this.input());
      }
      const i = this.watches.findIndex((x) => watchId(x) === watchId(w));
      if (i < 0) continue;
      if (step.watch.reached.length !== w.reached.length) {
        this.watches[i] = step.watch;
        changed = true;
      }
      for (const ev of step.events) await this.tell(step.watch, ev);
      if (step.done) {
        this.watches = this.watches.filter((x) => watchId(x) !== watchId(w));
        await this.endAuto(w);
        this.log.info(`watch of ${w.sha.slice(0, 7)} for ${watchTargetLabel(w.target)} ended: every target is reached`);
        changed = true;
      }
    }
    if (changed) await this.save();
  }

  private async tell(w: Watch, ev: WatchEvent): Promise<void> {
    let first: boolean;
    try {
      first = await (await this.getClaims()).claim(ev.key);
    } catch (e) {
      this.log.warn(`could not record a commit watch event, not showing it: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (!first) return;
    const text = watchEventText(ev, w.subject);
    this.told.push({ key: ev.key, text });
    this.log.info(`watch: ${text}`);
    const actions = [...(ev.releaseId ? ['Open Release'] : []), ...(this.watches.some((x) => watchId(x) === watchId(w)) ? ['Stop Watching'] : [])];
    const shown = ev.kind === 'reached' ? showInfo(text, ...actions) : showWarning(text, ...actions);
    void Promise.resolve(shown).then(async (choice) => {
      if (choice === 'Open Release' && ev.releaseId) await vscode.commands.executeCommand('gitopsReleases.openRelease', ev.product, ev.releaseId);
      if (choice === 'Stop Watching') await this.stop(watchId(w));
    });
  }

  /** Start watching a commit; checks at once (a target already reached is told, and may end the watch). */
  async add(sha: string, root: string, target: WatchTarget, subject?: string): Promise<Watch> {
    const w: Watch = { sha, root, target, subject, createdAt: Date.now(), reached: [] };
    const existing = this.watches.find((x) => watchId(x) === watchId(w));
    if (existing) return existing;
    this.watches.push(w);
    await this.save();
    this.log.info(`watching ${sha.slice(0, 7)} until it reaches ${watchTargetLabel(target)}`);
    await this.schedule();
    return w;
  }

  async stop(id: string): Promise<void> {
    const gone = this.watches.filter((x) => watchId(x) === id);
    this.watches = this.watches.filter((x) => watchId(x) !== id);
    for (const w of gone) await this.endAuto(w);
    if (gone.length > 0) await this.save();
  }

  /** The command: which commit (argument, else the line under the cursor, else the commit shown), then where to. */
  async watchCommand(shaArg: unknown, targetArg: unknown): Promise<void> {
    // From an environment row of the Commit Deployments view: the commit it shows, that environment.
    const row = envRow(shaArg);
    if (row) {
      shaArg = undefined;
      targetArg = row;
    }
    let target = typeof shaArg === 'string' && shaArg.trim() ? undefined : this.tracker.current;
    if (!target && typeof shaArg === 'string') {
      const root = await this.repos.currentRoot();
      if (!root) throw new Error(vscode.l10n.t('No Git repository is open.'));
      target = await this.finder.fromCommitish(root, shaArg);
      if (!target) throw new Error(vscode.l10n.t('Not a commit in {0}: {1}', root, shaArg));
    }
    if (!target) {
      const ed = vscode.window.activeTextEditor;
      target = ed ? await this.finder.at(ed.document, ed.selection.active) : undefined;
    }
    if (!target) throw new Error(vscode.l10n.t('No commit to watch: put the cursor on a committed line, or pass a commit.'));
    const c = target.commit;
    if (c.kind !== 'committed') throw new Error(vscode.l10n.t('This line is not committed yet, so there is nothing to watch.'));
    let where = parseTarget(targetArg);
    if (!where) {
      await this.repos.ensureGraph(target.root);
      const answer = this.repos.whereNow(target.root, c.sha);
      const items: TargetItem[] = [{ label: `$(globe) ${vscode.l10n.t('Every production environment')}`, target: { kind: 'prod' } }];
      for (const p of answer?.products ?? []) {
        for (const e of p.environments) {
          items.push({ label: `${e.environment}`, description: `${p.product} · ${DEPLOYMENT_STATE_LABELS[e.state]}`, target: { kind: 'environment', product: p.product, environment: e.environment } });
        }
      }
      const picked = await pickOne(items, { title: vscode.l10n.t('Notify me when {0} reaches…', c.sha.slice(0, 7)), placeholder: vscode.l10n.t('An environment, or every production environment') });
      if (!picked) return;
      where = picked.target;
    }
    const w = await this.add(c.sha, target.root, where, c.summary);
    if (this.watches.includes(w)) void showInfo(vscode.l10n.t('Watching {0}: you will be told when it reaches {1}.', c.sha.slice(0, 7), watchTargetLabel(where)));
    else void showInfo(vscode.l10n.t('{0} has already reached {1}.', c.sha.slice(0, 7), watchTargetLabel(where)));
  }

  // ---- the Watched Commits view -------------------------------------------------------------------------------
  getChildren(node?: WatchNode): WatchNode[] {
    if (node) return [];
    return this.watches.map((w) => ({ id: watchId(w), watch: w }));
  }

  getTreeItem(node: WatchNode): vscode.TreeItem {
    const w = node.watch;
    const item = new vscode.TreeItem(`${w.sha.slice(0, 7)} → ${watchTargetLabel(w.target)}`, vscode.TreeItemCollapsibleState.None);
    item.id = `watch/${node.id}`;
    item.description = [w.subject ?? '', w.reached.length ? `reached ${w.reached.join(', ')}` : ''].filter(Boolean).join(' · ');
    item.tooltip = w.reached.length
      ? vscode.l10n.t('Watching commit {0} until it reaches {1} (reached so far: {2}).', w.sha, watchTargetLabel(w.target), w.reached.join(', '))
      : vscode.l10n.t('Watching commit {0} until it reaches {1}.', w.sha, watchTargetLabel(w.target));
    item.iconPath = new vscode.ThemeIcon(w.auto ? 'person' : 'eye');
    item.contextValue = 'watch';
    return item;
  }
}

function envRow(arg: unknown): { product: string; environment: string } | undefined {
  const r = z.object({ type: z.literal('env'), product: z.string(), env: z.object({ environment: z.string() }) }).safeParse(arg);
  return r.success ? { product: r.data.product, environment: r.data.env.environment } : undefined;
}

function parseTarget(arg: unknown): WatchTarget | undefined {
  if (arg === 'prod') return { kind: 'prod' };
  const r = z.object({ product: z.string().min(1), environment: z.string().min(1) }).safeParse(arg);
  return r.success ? { kind: 'environment', ...r.data } : undefined;
}

/** The watch a Stop Watching call names: a view row, or the id of a watch. */
export function watchIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && 'id' in arg && typeof (arg as { id: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}
