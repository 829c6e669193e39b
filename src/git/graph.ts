// The commit graph of a repository: everything reachable from the refs, HEAD and the release commits that matter,
// read with `git rev-list --parents` into the in-memory index (src/git/commitIndex.ts), and caught up incrementally
// when refs move or releases name new commits.

import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../core/log';
import { CommitIndex } from './commitIndex';
import { git, gitOrUndefined } from './exec';
import { FULL_SHA } from './shaFormat';

export interface CommitGraphOptions {
  /** Commits to load besides the refs (release commits); unknown ones are remembered as missing. */
  extraShas?: string[];
  log?: Logger;
}

export class CommitGraph extends CommitIndex {
  /** Tips (refs, HEAD, extras) already loaded: the next update excludes what they reach. */
  private tips = new Set<string>();
  /** Extra shas git does not have (a release naming a commit that is not in this clone). */
  private readonly missing = new Set<string>();
  private shallowPath: string | undefined;

  private constructor(
    readonly repoRoot: string,
    log?: Logger,
  ) {
    super(log);
  }

  /** Load the graph of everything reachable from refs, HEAD and the given extra commits. */
  static async load(repoRoot: string, options: CommitGraphOptions = {}): Promise<CommitGraph> {
    const g = new CommitGraph(repoRoot, options.log);
    const t0 = Date.now();
    await g.update(options.extraShas);
    g.log.info(`commit graph: ${g.size} commits loaded in ${Date.now() - t0} ms${g.shallow ? ' (shallow clone)' : ''}`);
    return g;
  }

  /**
   * Load what is new: refs or HEAD that moved, and extra commits not loaded yet. Returns true when commits were
   * added. Cheap when nothing moved (one `for-each-ref`, no rev-list).
   */
  async update(extraShas: string[] = []): Promise<boolean> {
    // Independent probes run side by side (each is a process start).
    const [refOut, headOut, shallowPath] = await Promise.all([
      git(this.repoRoot, ['for-each-ref', '--format=%(objectname) %(objecttype) %(*objecttype)']),
      gitOrUndefined(this.repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
      this.shallowPath === undefined ? gitOrUndefined(this.repoRoot, ['rev-parse', '--git-path', 'shallow']) : Promise.resolve(this.shallowPath),
    ]);
    this.shallowPath = shallowPath?.trim() ?? '';
    const head = headOut?.trim();
    const candidates = new Set<string>();
    for (const line of refOut.split('\n')) {
      const [sha, type, peeled] = line.split(' ');
      // Refs to trees or blobs (rare tags) are not history; tags are peeled by rev-list.
      if (sha && FULL_SHA.test(sha) && (type === 'commit' || (type === 'tag' && peeled === 'commit'))) candidates.add(sha);
    }
    if (head && FULL_SHA.test(head)) candidates.add(head);
    await this.readShallow();
    // Refs first: release commits are mostly on branches, and what the refs reach needs no existence check.
    await this.walk([...candidates]);
    const extras = [...new Set(extraShas.map((s) => s.toLowerCase()))].filter((s) => FULL_SHA.test(s) && !this.has(s) && !this.missing.has(s));
    if (extras.length) {
      const present = await this.existingCommits(extras);
      const found: string[] = [];
      for (const s of extras) {
        if (present.has(s)) found.push(s);
        else this.missing.add(s);
      }
      await this.walk(found);
    }
    return this.finish();
  }

  /** rev-list from the tips not walked yet, excluding what the tips already walked reach. */
  private async walk(candidates: string[]): Promise<void> {
    const newTips = candidates.filter((s) => !this.tips.has(s) && !this.has(s));
    for (const s of candidates) this.tips.add(s);
    if (newTips.length === 0) return;
    const fresh = new Set(newTips);
    // Exclude what the known tips already reach (bounded by the tips that are still loaded commits).
    const exclude = [...this.tips].filter((s) => !fresh.has(s) && this.has(s)).map((s) => `^${s}`);
    for (let i = 0; i < newTips.length; i += 2000) {
      // A tip an earlier chunk reached is loaded already.
      const chunk = newTips.slice(i, i + 2000).filter((s) => !this.has(s));
      if (chunk.length === 0) continue;
      const out = await git(this.repoRoot, ['rev-list', '--timestamp', '--parents', ...chunk, ...(exclude.length <= 4000 ? exclude : []), '--']);
      this.ingest(out);
    }
  }

  /** Full shas of `shas` that are commits in the repository (one `rev-list --no-walk` per 2,000). */
  private async existingCommits(shas: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < shas.length; i += 2000) {
      const chunk = shas.slice(i, i + 2000);
      // --no-walk lists just the named commits; --ignore-missing skips names git does not have.
      const out = await gitOrUndefined(this.repoRoot, ['rev-list', '--no-walk', '--ignore-missing', ...chunk, '--']);
      if (out !== undefined) {
        for (const line of out.split('\n')) if (FULL_SHA.test(line)) found.add(line);
      }
    }
    return found;
  }

  private async readShallow(): Promise<void> {
    const p = this.shallowPath;
    if (!p) return;
    try {
      const text = await fs.readFile(path.resolve(this.repoRoot, p), 'utf8');
      this.setShallow(new Set(text.split('\n').filter((s) => FULL_SHA.test(s))));
    } catch {
      this.setShallow(new Set());
    }
  }

  /** Was this sha asked for (as an extra) and found missing from the repository? */
  isMissing(sha: string): boolean {
    return this.missing.has(sha.toLowerCase());
  }
}
