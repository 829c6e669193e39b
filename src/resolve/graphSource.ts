// The one path from release data to an answer, shared by the editor and the CLI: which commits the commit graph of
// a repository loads, loading it once and catching it up, and the resolver, cached per data snapshot and graph
// version. Both front ends asking the same question of the same data get the same answer.

import type { CommitDeployments } from '../core/deployment';
import { silentLogger, type Logger } from '../core/log';
import type { IsoDate, ProductReleases } from '../core/model';
import { CommitGraph } from '../git/graph';
import { createResolver, releaseCarriers, type Resolver } from './where';

/** Release data as the front ends hold it: a snapshot, and a version that changes whenever the snapshot does. */
export interface ReleaseData {
  readonly version: number;
  snapshot(): readonly ProductReleases[];
}

/**
 * Every commit the releases carry (trigger, image, PR and promotion commits: what the resolver asks about), each once
 * (lower-case), for the graph to load besides the refs. Releases of a product often share commits (a retry, a
 * promotion of the same build), and each one named twice is work for git and for the graph load.
 */
export function graphCommits(data: readonly ProductReleases[]): string[] {
  const out = new Set<string>();
  for (const p of data) for (const r of p.releases) for (const c of releaseCarriers(r, p.notes)) out.add(c.sha);
  return [...out];
}

export interface GraphSourceOptions {
  log?: Logger;
  /** The graph gained commits outside a call the caller awaits (an asked commit loaded in the background). */
  onDidChange?: () => void;
}

export class GraphSource {
  private current: CommitGraph | undefined;
  private loading: Promise<CommitGraph> | undefined;
  /** A load of what the refs reach, started by `preload` before the data was at hand. */
  private early: Promise<CommitGraph> | undefined;
  private cached: { dataVersion: number; graphVersion: number; resolver: Resolver } | undefined;
  private readonly log: Logger;
  /** Commits asked about that the graph did not have, loaded (or found missing) in the background once each. */
  private readonly asked = new Set<string>();
  private updating: Promise<unknown> = Promise.resolve();
  /** Why the last load failed (cleared by a load that succeeds). */
  error: string | undefined;
  /** Bumped whenever the graph is loaded or gains commits. */
  version = 0;

  constructor(
    readonly root: string,
    private readonly releases: ReleaseData,
    private readonly options: GraphSourceOptions = {},
  ) {
    this.log = options.log ?? silentLogger;
  }

  /** The graph, once loaded. */
  get graph(): CommitGraph | undefined {
    return this.current;
  }

  /**
   * Load the graph (once: a call while it loads joins that load) with the releases' commits and `extra` ones.
   * Rejects when git fails; the next call tries again.
   */
  load(extra: readonly string[] = []): Promise<CommitGraph> {
    if (this.current) return Promise.resolve(this.current);
    if (this.loading) return this.loading;
    const early = this.early;
    this.early = undefined;
    const extraShas = () => [...extra, ...graphCommits(this.releases.snapshot())];
    const loaded = early
      ? early.then(async (g) => {
          await g.addCommits(extraShas());
          return g;
        })
      : CommitGraph.load(this.root, { extraShas: extraShas(), log: this.log });
    this.loading = loaded
      .then(
        (g) => {
          this.current = g;
          this.error = undefined;
          this.version++;
          return g;
        },
        (e: unknown) => {
          this.error = e instanceof Error ? e.message : String(e);
          throw e;
        },
      )
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /**
   * Catch up with moved refs and with commits new in the data; true when the graph gained commits. Updates run one
   * after the other, so each one asks git about what the previous one left out, and says whether it added anything.
   */
  update(extra: readonly string[] = []): Promise<boolean> {
    const run = async () => {
      const g = this.current;
      if (!g || !(await g.update([...extra, ...graphCommits(this.releases.snapshot())]))) return false;
      this.version++;
      return true;
    };
    const next = this.updating.then(run);
    this.updating = next.catch(() => false);
    return next;
  }

  /**
   * The answer from what is loaded now, never waiting: undefined until the graph is loaded. A commit that no ref or
   * release reaches (a sha typed or named in a file) is loaded in the background, and `onDidChange` tells when.
   */
  whereNow(sha: string, dataAsOf?: IsoDate): CommitDeployments | undefined {
    const g = this.current;
    if (!g) return undefined;
    if (!g.has(sha) && !g.isMissing(sha) && !this.asked.has(sha.toLowerCase())) {
      this.asked.add(sha.toLowerCase());
      this.update([sha]).then(
        (changed) => changed && this.options.onDidChange?.(),
        (e: unknown) => this.log.warn(`loading commit ${sha} into the graph of ${this.root} failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
    const dataVersion = this.releases.version;
    if (!this.cached || this.cached.dataVersion !== dataVersion || this.cached.graphVersion !== this.version) {
      this.cached = { dataVersion, graphVersion: this.version, resolver: createResolver(this.releases.snapshot(), g) };
    }
    const answer = this.cached.resolver.where(sha);
    if (dataAsOf && !answer.dataAsOf) answer.dataAsOf = dataAsOf;
    return answer;
  }

  /**
   * Start loading what the refs and HEAD reach before the release data is at hand (git works while the caller
   * reads and checks the data); the next `load` adds the data's commits to that graph rather than starting over.
   * A failure is reported by that `load`.
   */
  preload(): void {
    if (this.current || this.loading || this.early) return;
    this.early = CommitGraph.load(this.root, { log: this.log });
    this.early.catch(() => undefined);
  }

  /** The answer, loading the graph first. */
  async where(sha: string, dataAsOf?: IsoDate): Promise<CommitDeployments> {
    await this.load([sha]);
    return this.whereNow(sha, dataAsOf)!;
  }
}
