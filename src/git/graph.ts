// The commit graph of a repository: everything reachable from the refs, HEAD and the release commits that matter,
// in the in-memory index (src/git/commitIndex.ts), caught up incrementally when refs move or releases name new
// commits. The first load starts from git's own commit-graph file when the repository has one that passes its
// checks (src/git/commitGraphFile.ts), and asks `git rev-list --parents` only for what the file does not hold
// (commits newer than it); without a usable file, rev-list reads it all. The log says which path was taken.

import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../core/log';
import { levelsAreExact, readCommitGraph } from './commitGraphFile';
import { CommitIndex } from './commitIndex';
import { git, gitOrUndefined, gitStream } from './exec';
import { FULL_SHA } from './shaFormat';

export interface CommitGraphOptions {
  /** Commits to load besides the refs (release commits); unknown ones are remembered as missing. */
  extraShas?: string[];
  log?: Logger;
  /** Read git's commit-graph file when there is a usable one (default true; false: rev-list only). */
  useCommitGraphFile?: boolean;
}

/** How the first load got its commits. */
export interface LoadPath {
  /** Commits taken from git's commit-graph file (0 when it was not used). */
  fromFile: number;
  /** Commits `git rev-list` added on top (all of them when the file was not used). */
  fromRevList: number;
  /** What was read ("commit-graph", "chain of 2"), or why the file was not used. */
  detail: string;
}

export class CommitGraph extends CommitIndex {
  /** Tips (refs, HEAD, extras) already loaded: the next update excludes what they reach. */
  private tips = new Set<string>();
  /** Extra shas git does not have (a release naming a commit that is not in this clone). */
  private readonly missing = new Set<string>();
  private shallowPath: string | undefined;
  /** Set by the first load: whether the commit-graph file was read, and what rev-list added. */
  loadPath: LoadPath | undefined;

  private constructor(
    readonly repoRoot: string,
    log?: Logger,
    private readonly useFile = true,
  ) {
    super(log);
  }

  /** Load the graph of everything reachable from refs, HEAD and the given extra commits. */
  static async load(repoRoot: string, options: CommitGraphOptions = {}): Promise<CommitGraph> {
    const g = new CommitGraph(repoRoot, options.log, options.useCommitGraphFile ?? true);
    const t0 = Date.now();
    await g.update(options.extraShas);
    const p = g.loadPath;
    const how = !p
      ? ''
      : p.fromFile
        ? `: ${p.fromFile} from git's commit-graph file (${p.detail}), ${p.fromRevList} newer from git rev-list`
        : `: all from git rev-list (${p.detail})`;
    g.log.info(`commit graph: ${g.size} commits loaded in ${Date.now() - t0} ms${how}${g.shallow ? ' (shallow clone)' : ''}`);
    return g;
  }

  /**
   * Start from git's commit-graph file, unless something makes git itself ignore it: a shallow clone, grafts or
   * replace refs rewrite parents the file does not know about. Returns why the file was not used, or undefined.
   */
  private async adoptFile(objectsDir: string, graftsPath: string, replaced: boolean): Promise<string | undefined> {
    if (!this.useFile) return 'commit-graph file not asked for';
    if (this.shallow) return 'shallow clone: the commit-graph file is not used';
    if (replaced) return 'replace refs present: the commit-graph file is not used';
    if (await fs.stat(path.resolve(this.repoRoot, graftsPath)).then(() => true, () => false)) return 'grafts present: the commit-graph file is not used';
    const read = await readCommitGraph(path.resolve(this.repoRoot, objectsDir));
    if (!read.ok) {
      if (!read.absent) this.log.warn(`commit graph: git's commit-graph file is not used (${read.reason}); reading history with git rev-list instead`);
      return read.reason;
    }
    const exact = levelsAreExact(read.data);
    if (!exact) this.log.info('commit graph: the commit-graph file has no exact generation numbers; computing them');
    this.adopt(read.data, exact);
    this.loadPath = { fromFile: read.data.count, fromRevList: 0, detail: read.data.description };
    return undefined;
  }

  /**
   * Load what is new: refs or HEAD that moved, and extra commits not loaded yet. Returns true when commits were
   * added. Cheap when nothing moved (one `for-each-ref`, no rev-list).
   */
  async update(extraShas: string[] = []): Promise<boolean> {
    // Independent probes run side by side (each is a process start).
    const first = this.shallowPath === undefined;
    const [refOut, headOut, paths] = await Promise.all([
      git(this.repoRoot, ['for-each-ref', '--format=%(objectname) %(objecttype) %(*objecttype) %(refname)']),
      gitOrUndefined(this.repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
      first ? gitOrUndefined(this.repoRoot, ['rev-parse', '--git-path', 'shallow', '--git-path', 'objects', '--git-path', 'info/grafts']) : Promise.resolve(undefined),
    ]);
    const [shallowPath, objectsDir, graftsPath] = paths?.split('\n') ?? [];
    if (first) this.shallowPath = shallowPath?.trim() ?? '';
    const head = headOut?.trim();
    const candidates = new Set<string>();
    let replaced = false;
    for (const line of refOut.split('\n')) {
      const [sha, type, peeled, name] = line.split(' ');
      if (name?.startsWith('refs/replace/')) replaced = true;
      // Refs to trees or blobs (rare tags) are not history; tags are peeled by rev-list.
      if (sha && FULL_SHA.test(sha) && (type === 'commit' || (type === 'tag' && peeled === 'commit'))) candidates.add(sha);
    }
    if (head && FULL_SHA.test(head)) candidates.add(head);
    await this.readShallow();
    if (first) {
      const before = this.size;
      const notUsed = objectsDir && graftsPath ? await this.adoptFile(objectsDir.trim(), graftsPath.trim(), replaced) : 'git did not say where its objects are';
      if (notUsed !== undefined) this.loadPath = { fromFile: 0, fromRevList: 0, detail: notUsed };
      const added = () => this.size - (this.loadPath?.fromFile ?? before);
      await this.walkAndExtras([...candidates], extraShas);
      if (this.loadPath) this.loadPath.fromRevList = added();
      return this.finish();
    }
    await this.walkAndExtras([...candidates], extraShas);
    return this.finish();
  }

  /**
   * Load extra commits (release commits) that are not loaded yet, without asking git about the refs again (for a
   * load whose refs were read just before). True when commits were added.
   */
  async addCommits(extraShas: string[]): Promise<boolean> {
    await this.walkAndExtras([], extraShas);
    return this.finish();
  }

  private async walkAndExtras(candidates: string[], extraShas: string[]): Promise<void> {
    // Refs first: release commits are mostly on branches, and what the refs reach needs no existence check.
    await this.walk(candidates);
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
  }

  /** rev-list from the tips not walked yet, excluding what the tips already walked reach. */
  private async walk(candidates: string[]): Promise<void> {
    const newTips = candidates.filter((s) => !this.tips.has(s) && !this.has(s));
    for (const s of candidates) this.tips.add(s);
    if (newTips.length === 0) return;
    const fresh = new Set(newTips);
    // Exclude what the known tips already reach (bounded by the tips that are still loaded commits).
    // Past 4,000 (the command line has limits), the tips of highest generation: they cut the walk off soonest.
    const known = [...this.tips].filter((s) => !fresh.has(s) && this.has(s));
    if (known.length > 4000) known.sort((a, b) => this.generation(b) - this.generation(a)).length = 4000;
    const exclude = known.map((s) => `^${s}`);
    for (let i = 0; i < newTips.length; i += 2000) {
      // A tip an earlier chunk reached is loaded already.
      const chunk = newTips.slice(i, i + 2000).filter((s) => !this.has(s));
      if (chunk.length === 0) continue;
      // Parsed as git writes it: the parse runs beside git instead of after it.
      try {
        await gitStream(this.repoRoot, ['rev-list', '--timestamp', '--parents', ...chunk, ...exclude, '--'], (bytes) => this.ingestBytes(bytes));
      } catch (e) {
        // A line git did not finish would read as a commit with fewer parents than it has.
        this.discardPartialLine();
        throw e;
      }
      this.ingestEnd();
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
