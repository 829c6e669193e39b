// The deployment checks of commits as the hover and the Commit Deployments view know them: what was fetched is there
// at once (the hover never waits on the network), and asking for a commit starts a fetch in the background whose
// answer is told to listeners, so the next hover and the view show it. Answers are asked again after a short while
// (the backend keeps its own cache and decides what that costs); a backend switch forgets everything. No vscode
// import: unit-tested under Node with a scripted backend.

import type { ReleaseBackend } from '../../backends/types';
import type { Logger } from '../../core/log';
import type { ChecksView } from '../../present/checks';

/** Where the checks come from: the store's backend now, and the generation its data belongs to. */
export interface ChecksSource {
  backend(): ReleaseBackend | undefined;
  generation(): number;
}

interface Entry {
  view: ChecksView;
  /** When the view was last settled (ready or failed); absent while the first answer is loading. */
  at?: number;
}

/** Answers kept at most; the oldest go first. */
const MAX_ENTRIES = 300;

export class CommitChecksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private generation: number | undefined;
  private abort = new AbortController();
  private readonly now: () => number;
  /** After how long a settled answer is asked for again when someone wants it. */
  private readonly refreshAfterMs: number;

  constructor(
    private readonly source: ChecksSource,
    private readonly log: Logger,
    options: { now?: () => number; refreshAfterMs?: number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.refreshAfterMs = options.refreshAfterMs ?? 15_000;
  }

  /** The backend can report checks at all (else the UI shows none). */
  get available(): boolean {
    return typeof this.source.backend()?.commitChecks === 'function';
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Drop what belongs to an earlier backend. */
  private sync(): void {
    const gen = this.source.generation();
    if (gen === this.generation) return;
    this.generation = gen;
    this.abort.abort();
    this.abort = new AbortController();
    this.entries.clear();
    this.loading.clear();
  }

  /** What is known now of a product's checks on a commit, without asking anyone. */
  peek(product: string, sha: string): ChecksView | undefined {
    this.sync();
    return this.entries.get(`${product}\n${sha}`)?.view;
  }

  /** Start fetching a product's checks on a commit unless a fresh answer is known or a fetch is running. */
  want(product: string, sha: string): void {
    this.sync();
    const backend = this.source.backend();
    if (!backend?.commitChecks) return;
    const key = `${product}\n${sha}`;
    const known = this.entries.get(key);
    if (this.loading.has(key) || (known?.at !== undefined && this.now() - known.at < this.refreshAfterMs)) return;
    // A known answer stays shown while it is asked again.
    if (!known) this.entries.set(key, { view: { state: 'loading' } });
    this.loading.add(key);
    const gen = this.generation;
    const signal = this.abort.signal;
    void backend
      .commitChecks(product, sha, signal)
      .then(
        (checks): ChecksView => ({ state: 'ready', checks }),
        (e: unknown): ChecksView => {
          const message = e instanceof Error ? e.message : String(e);
          this.log.warn(`checks of ${sha.slice(0, 7)} in ${product}: ${message}`);
          return { state: 'failed', message };
        },
      )
      .then((view) => {
        if (gen !== this.generation || signal.aborted) return;
        this.loading.delete(key);
        this.entries.delete(key);
        this.entries.set(key, { view, at: this.now() });
        while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
        for (const l of [...this.listeners]) {
          try {
            l();
          } catch (e) {
            this.log.error(`checks listener failed: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      });
  }

  dispose(): void {
    this.abort.abort();
    this.listeners.clear();
  }
}
