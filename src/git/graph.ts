// The in-memory commit graph: every commit reachable from the refs (and from release commits that matter), loaded
// with one `git rev-list --parents`, held in typed arrays indexed by integer ids. Generation numbers make "is A an
// ancestor of B" a pruned walk in memory; no git process per question.
//
// Layout (n = commits): shaWords (5 × Uint32 per commit), an open-addressing hash table sha -> id, parents in a
// pooled Int32Array (offset + count per commit), children in CSR form (rebuilt after each update), generation
// numbers (Uint32), committer dates (Uint32 seconds, from `--timestamp`), and one flag byte per commit (listed,
// shallow boundary, reaches boundary).
//
// Shallow clones: a commit whose parents git does not have is a boundary. Ancestry that is not found inside the
// loaded graph but could pass through a boundary is 'unknown', never a wrong "no".

import fs from 'node:fs/promises';
import path from 'node:path';
import type { AncestryOracle } from '../core/deployment';
import { silentLogger, type Logger } from '../core/log';
import { FULL_SHA, git, gitOrUndefined } from './exec';

const F_LISTED = 1; // rev-list printed this commit with its parents
const F_BOUNDARY = 2; // shallow boundary (git has no parents for it) or a parent is not loaded
const F_REACHES_BOUNDARY = 4; // this commit or one of its ancestors is a boundary

/** A prepared set of target commits for batch questions ("which of these contain C?"). */
export interface TargetSet {
  /** Graph version the set was prepared for; prepare again when `graph.version` changes. */
  readonly version: number;
  readonly shas: readonly string[];
  /** Node id per target, -1 when the commit is not in the graph. */
  readonly nodes: Int32Array;
  /**
   * Optional reach index: for every commit, a bitset (`words` Uint32 per commit) of the targets it is contained in.
   * Built when it fits the memory budget; otherwise questions walk the children index.
   */
  readonly rows?: Uint32Array;
  readonly words?: number;
}

/** Budget for the per-snapshot reach index (commits × targets bits). */
export const REACH_INDEX_MAX_BYTES = 48 * 1024 * 1024;

/** Answers per target: 1 = contains (sha is the target or an ancestor of it), 0 = no, 2 = unknown. */
export const CONTAINS_NO = 0;
export const CONTAINS_YES = 1;
export const CONTAINS_UNKNOWN = 2;

/** An ancestry oracle that can also answer many targets at once (the resolver's fast path). */
export interface BatchAncestryOracle extends AncestryOracle {
  readonly version: number;
  prepareTargets(shas: readonly string[]): TargetSet;
  /** For each target of the set: does it contain `sha`? (see CONTAINS_*). Unknown for all when sha is not loaded. */
  containedIn(sha: string, targets: TargetSet): Uint8Array;
}

export function isBatchOracle(o: AncestryOracle): o is BatchAncestryOracle {
  const b = o as Partial<BatchAncestryOracle>;
  return typeof b.prepareTargets === 'function' && typeof b.containedIn === 'function';
}

function hexWord(sha: string, i: number): number {
  return parseInt(sha.slice(i * 8, i * 8 + 8), 16) >>> 0;
}

function growInt32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
function growUint32(a: Uint32Array<ArrayBuffer>, need: number): Uint32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
function growUint8(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export interface CommitGraphOptions {
  /** Commits to load besides the refs (release commits); unknown ones are remembered as missing. */
  extraShas?: string[];
  log?: Logger;
}

export class CommitGraph implements BatchAncestryOracle {
  private n = 0;
  private shaWords = new Uint32Array(5 * 1024);
  private table = new Int32Array(2048).fill(-1);
  private parentOffset = new Int32Array(1024);
  private parentCount = new Int32Array(1024);
  private parentPool = new Int32Array(2048);
  private poolLen = 0;
  private gen = new Uint32Array(1024);
  private time = new Uint32Array(1024);
  private flags = new Uint8Array(1024);
  private childStart = new Int32Array(1);
  private childList = new Int32Array(0);
  private mark = new Uint32Array(1024);
  private epoch = 0;
  private stack = new Int32Array(1024);
  /** Tips (refs, HEAD, extras) already loaded: the next update excludes what they reach. */
  private tips = new Set<string>();
  /** Extra shas git does not have (a release naming a commit that is not in this clone). */
  private readonly missing = new Set<string>();
  private shallowSet = new Set<string>();
  private _version = 0;
  private shallowPath: string | undefined;
  private readonly log: Logger;

  private constructor(
    readonly repoRoot: string,
    log?: Logger,
  ) {
    this.log = log ?? silentLogger;
  }

  /** Load the graph of everything reachable from refs, HEAD and the given extra commits. */
  static async load(repoRoot: string, options: CommitGraphOptions = {}): Promise<CommitGraph> {
    const g = new CommitGraph(repoRoot, options.log);
    const t0 = Date.now();
    await g.update(options.extraShas);
    g.log.info(`commit graph: ${g.n} commits loaded in ${Date.now() - t0} ms${g.shallow ? ' (shallow clone)' : ''}`);
    return g;
  }

  /** Bumped on every change; batch target sets are prepared per version. */
  get version(): number {
    return this._version;
  }

  get size(): number {
    return this.n;
  }

  get shallow(): boolean {
    return this.shallowSet.size > 0;
  }

  /** Approximate bytes held by the typed arrays (for the benchmark and the log). */
  get byteSize(): number {
    return [
      this.shaWords,
      this.table,
      this.parentOffset,
      this.parentCount,
      this.parentPool,
      this.gen,
      this.time,
      this.flags,
      this.childStart,
      this.childList,
      this.mark,
      this.stack,
    ].reduce((s, a) => s + a.byteLength, 0);
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
    const before = this.n;
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
    if (this.n === before) return false;
    this.finish(before);
    this._version++;
    return true;
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

  /** Full shas of `shas` that are commits in the repository (one `cat-file --batch-check` per 2,000). */
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
      this.shallowSet = new Set(text.split('\n').filter((s) => FULL_SHA.test(s)));
    } catch {
      this.shallowSet = new Set();
    }
  }

  private hashSlot(w0: number): number {
    return w0 & (this.table.length - 1);
  }

  private lookup(w0: number, w1: number, w2: number, w3: number, w4: number): number {
    const mask = this.table.length - 1;
    for (let slot = w0 & mask; ; slot = (slot + 1) & mask) {
      const id = this.table[slot]!;
      if (id < 0) return -1;
      const o = id * 5;
      const s = this.shaWords;
      if (s[o] === w0 && s[o + 1] === w1 && s[o + 2] === w2 && s[o + 3] === w3 && s[o + 4] === w4) return id;
    }
  }

  /** Integer id of a full sha, -1 when not loaded. */
  idOf(sha: string): number {
    if (sha.length !== 40) return -1;
    const s = sha.toLowerCase();
    if (!FULL_SHA.test(s)) return -1;
    return this.lookup(hexWord(s, 0), hexWord(s, 1), hexWord(s, 2), hexWord(s, 3), hexWord(s, 4));
  }

  /** Full sha of an id. */
  shaOf(id: number): string {
    let out = '';
    for (let i = 0; i < 5; i++) out += this.shaWords[id * 5 + i]!.toString(16).padStart(8, '0');
    return out;
  }

  private intern(sha: string): number {
    const w0 = hexWord(sha, 0);
    const w1 = hexWord(sha, 1);
    const w2 = hexWord(sha, 2);
    const w3 = hexWord(sha, 3);
    const w4 = hexWord(sha, 4);
    const found = this.lookup(w0, w1, w2, w3, w4);
    if (found >= 0) return found;
    const id = this.n++;
    this.ensureCapacity(this.n);
    this.shaWords.set([w0, w1, w2, w3, w4], id * 5);
    this.parentOffset[id] = 0;
    this.parentCount[id] = 0;
    this.flags[id] = 0;
    this.gen[id] = 0;
    this.time[id] = 0;
    const mask = this.table.length - 1;
    let slot = this.hashSlot(w0);
    while (this.table[slot]! >= 0) slot = (slot + 1) & mask;
    this.table[slot] = id;
    return id;
  }

  private ensureCapacity(count: number): void {
    if (count > this.gen.length) {
      const cap = Math.max(count, this.gen.length * 2);
      this.shaWords = growUint32(this.shaWords, cap * 5);
      this.parentOffset = growInt32(this.parentOffset, cap);
      this.parentCount = growInt32(this.parentCount, cap);
      this.gen = growUint32(this.gen, cap);
      this.time = growUint32(this.time, cap);
      this.flags = growUint8(this.flags, cap);
      this.mark = growUint32(this.mark, cap);
      this.stack = growInt32(this.stack, cap + 1);
    }
    // Keep the hash table at most half full.
    if (count * 2 > this.table.length) {
      let size = this.table.length * 2;
      while (count * 2 > size) size *= 2;
      this.table = new Int32Array(size).fill(-1);
      const mask = size - 1;
      for (let id = 0; id < count - 1; id++) {
        let slot = this.shaWords[id * 5]! & mask;
        while (this.table[slot]! >= 0) slot = (slot + 1) & mask;
        this.table[slot] = id;
      }
    }
  }

  private ingest(out: string): void {
    let pos = 0;
    const len = out.length;
    while (pos < len) {
      let eol = out.indexOf('\n', pos);
      if (eol < 0) eol = len;
      if (eol - pos >= 40) {
        const line = out.slice(pos, eol);
        const tokens = line.split(' ');
        // `<committer date> <sha> <parents…>` (--timestamp), or without the date.
        const first = FULL_SHA.test(tokens[0]!) ? 0 : 1;
        const self = tokens[first] ?? '';
        if (FULL_SHA.test(self)) {
          const id = this.intern(self);
          if (!(this.flags[id]! & F_LISTED)) {
            if (first === 1) this.time[id] = Number(tokens[0]) >>> 0;
            const ps: number[] = [];
            for (let i = first + 1; i < tokens.length; i++) {
              const p = tokens[i]!;
              if (FULL_SHA.test(p)) ps.push(this.intern(p));
            }
            this.parentPool = growInt32(this.parentPool, this.poolLen + ps.length);
            this.parentOffset[id] = this.poolLen;
            this.parentCount[id] = ps.length;
            for (const p of ps) this.parentPool[this.poolLen++] = p;
            this.flags[id]! |= F_LISTED;
            if (this.shallowSet.has(self)) this.flags[id]! |= F_BOUNDARY;
          }
        }
      }
      pos = eol + 1;
    }
  }

  /** Generation numbers and boundary flags for the new commits, then the children index. */
  private finish(from: number): void {
    const { parentOffset, parentCount, parentPool, gen, flags } = this;
    // Commits that were interned as parents but never listed are outside what git gave us: boundaries.
    for (let id = 0; id < this.n; id++) {
      if (!(flags[id]! & F_LISTED)) flags[id]! |= F_BOUNDARY;
    }
    // Iterative post-order: a commit's generation is 1 + the largest generation of its parents.
    for (let root = from; root < this.n; root++) {
      if (gen[root] !== 0) continue;
      let sp = 0;
      this.stack[sp++] = root;
      while (sp > 0) {
        const id = this.stack[sp - 1]!;
        if (gen[id] !== 0) {
          sp--;
          continue;
        }
        let pending = false;
        const off = parentOffset[id]!;
        const cnt = parentCount[id]!;
        for (let k = 0; k < cnt; k++) {
          const p = parentPool[off + k]!;
          if (gen[p] === 0) {
            if (sp >= this.stack.length) this.stack = growInt32(this.stack, sp + 1);
            this.stack[sp++] = p;
            pending = true;
          }
        }
        if (pending) continue;
        let g = 0;
        let reach = flags[id]! & F_BOUNDARY ? F_REACHES_BOUNDARY : 0;
        for (let k = 0; k < cnt; k++) {
          const p = parentPool[off + k]!;
          if (gen[p]! > g) g = gen[p]!;
          reach |= flags[p]! & F_REACHES_BOUNDARY;
        }
        gen[id] = g + 1;
        flags[id]! |= reach;
        sp--;
      }
    }
    // Children (CSR), for the forward walk of batch questions.
    const n = this.n;
    const start = new Int32Array(n + 1);
    for (let id = 0; id < n; id++) {
      const off = parentOffset[id]!;
      for (let k = 0; k < parentCount[id]!; k++) start[parentPool[off + k]! + 1]!++;
    }
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const fill = start.slice(0, n);
    const list = new Int32Array(start[n]!);
    for (let id = 0; id < n; id++) {
      const off = parentOffset[id]!;
      for (let k = 0; k < parentCount[id]!; k++) {
        const p = parentPool[off + k]!;
        list[fill[p]!++] = id;
      }
    }
    this.childStart = start;
    this.childList = list;
  }

  has(sha: string): boolean {
    return this.idOf(sha) >= 0;
  }

  /** Generation number of a loaded commit (1 for roots and shallow boundaries), 0 when not loaded. */
  generation(sha: string): number {
    const id = this.idOf(sha);
    return id < 0 ? 0 : this.gen[id]!;
  }

  /** Committer date of a loaded commit (seconds since the epoch), undefined when not loaded or not known. */
  commitTime(sha: string): number | undefined {
    const id = this.idOf(sha);
    if (id < 0 || !(this.flags[id]! & F_LISTED)) return undefined;
    return this.time[id] || undefined;
  }

  /** Parents of a loaded commit (empty for roots and shallow boundaries). */
  parents(sha: string): string[] {
    const id = this.idOf(sha);
    if (id < 0) return [];
    const out: string[] = [];
    for (let k = 0; k < this.parentCount[id]!; k++) out.push(this.shaOf(this.parentPool[this.parentOffset[id]! + k]!));
    return out;
  }

  /** Is `ancestor` equal to or an ancestor of `descendant`? 'unknown' across a shallow boundary or for missing commits. */
  isAncestor(ancestor: string, descendant: string): boolean | 'unknown' {
    const a = this.idOf(ancestor);
    const d = this.idOf(descendant);
    if (a < 0 || d < 0) return 'unknown';
    if (a === d) return true;
    const unknownIfNot = (this.flags[d]! & F_REACHES_BOUNDARY) !== 0;
    const ga = this.gen[a]!;
    if (this.gen[d]! <= ga) return unknownIfNot && !this.reaches(a, d) ? 'unknown' : false;
    if (this.reaches(d, a)) return true;
    // Not found below a shallow boundary: still a definite "no" when descendant is itself below ancestor.
    if (unknownIfNot && this.reaches(a, d)) return false;
    return unknownIfNot ? 'unknown' : false;
  }

  /** Plain loaded-graph reachability from `from` down its parents to `to` (generation-pruned). */
  private reaches(from: number, to: number): boolean {
    if (from === to) return true;
    const { parentOffset, parentCount, parentPool, gen, mark } = this;
    const gt = gen[to]!;
    const ep = this.nextEpoch();
    let sp = 0;
    const stack = this.stack;
    stack[sp++] = from;
    mark[from] = ep;
    while (sp > 0) {
      const id = stack[--sp]!;
      const off = parentOffset[id]!;
      const cnt = parentCount[id]!;
      for (let k = 0; k < cnt; k++) {
        const p = parentPool[off + k]!;
        if (p === to) return true;
        if (mark[p] === ep || gen[p]! <= gt) continue;
        mark[p] = ep;
        stack[sp++] = p;
      }
    }
    return false;
  }

  private nextEpoch(): number {
    this.epoch++;
    if (this.epoch >= 0xffffffff) {
      this.mark.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  prepareTargets(shas: readonly string[], options: { reachIndex?: boolean } = {}): TargetSet {
    const nodes = new Int32Array(shas.length);
    for (let i = 0; i < shas.length; i++) nodes[i] = this.idOf(shas[i]!);
    const words = Math.ceil(shas.length / 32);
    if (options.reachIndex === false || words === 0 || this.n * words * 4 > REACH_INDEX_MAX_BYTES) return { version: this._version, shas: [...shas], nodes };
    // Reach rows, children before parents (descending generation): row(c) = own bits | rows of c's children.
    const n = this.n;
    const rows = new Uint32Array(n * words);
    for (let i = 0; i < nodes.length; i++) {
      const t = nodes[i]!;
      if (t >= 0) rows[t * words + (i >>> 5)]! |= 1 << (i & 31);
    }
    let maxGen = 0;
    for (let id = 0; id < n; id++) if (this.gen[id]! > maxGen) maxGen = this.gen[id]!;
    const count = new Int32Array(maxGen + 2);
    for (let id = 0; id < n; id++) count[this.gen[id]!]!++;
    for (let g = maxGen; g > 0; g--) count[g - 1]! += count[g]!; // count[g] = nodes with gen >= g
    const order = new Int32Array(n);
    const fill = new Int32Array(maxGen + 2);
    for (let id = 0; id < n; id++) {
      const g = this.gen[id]!;
      order[count[g + 1]! + fill[g]!++] = id;
    }
    const { childStart, childList } = this;
    for (let k = 0; k < n; k++) {
      const id = order[k]!;
      const base = id * words;
      const end = childStart[id + 1]!;
      for (let j = childStart[id]!; j < end; j++) {
        const cb = childList[j]! * words;
        for (let w = 0; w < words; w++) rows[base + w]! |= rows[cb + w]!;
      }
    }
    return { version: this._version, shas: [...shas], nodes, rows, words };
  }

  /**
   * Which targets contain `sha`: one forward walk over the descendants of `sha` (children index), pruned above the
   * highest target generation. Cost is bounded by the number of commits, never a git process.
   */
  containedIn(sha: string, targets: TargetSet): Uint8Array {
    const out = new Uint8Array(targets.nodes.length);
    const c = this.idOf(sha);
    if (c < 0 || targets.version !== this._version) {
      if (targets.version !== this._version) this.log.warn('commit graph: stale target set (prepare it again after update)');
      out.fill(CONTAINS_UNKNOWN);
      return out;
    }
    const { nodes } = targets;
    const { gen, mark, childStart, childList, flags } = this;
    let maxGen = 0;
    for (let i = 0; i < nodes.length; i++) {
      const t = nodes[i]!;
      if (t >= 0 && gen[t]! > maxGen) maxGen = gen[t]!;
    }
    const ep = this.nextEpoch();
    if (targets.rows && targets.words) {
      const { rows, words } = targets;
      const base = c * words;
      for (let i = 0; i < nodes.length; i++) if (rows[base + (i >>> 5)]! & (1 << (i & 31))) mark[nodes[i]!] = ep;
    } else if (gen[c]! <= maxGen) {
      let sp = 0;
      const stack = this.stack;
      stack[sp++] = c;
      mark[c] = ep;
      while (sp > 0) {
        const id = stack[--sp]!;
        const end = childStart[id + 1]!;
        for (let k = childStart[id]!; k < end; k++) {
          const ch = childList[k]!;
          if (mark[ch] === ep || gen[ch]! > maxGen) continue;
          mark[ch] = ep;
          stack[sp++] = ch;
        }
      }
    }
    let undecided = false;
    for (let i = 0; i < nodes.length; i++) {
      const t = nodes[i]!;
      if (t < 0) out[i] = CONTAINS_UNKNOWN;
      else if (mark[t] === ep) out[i] = CONTAINS_YES;
      else if (flags[t]! & F_REACHES_BOUNDARY) {
        out[i] = CONTAINS_UNKNOWN;
        undecided = true;
      } else out[i] = CONTAINS_NO;
    }
    if (undecided) {
      // Shallow clone: a target that is itself an ancestor of sha cannot contain it (history has no cycles).
      const below = this.nextEpoch();
      let sp = 0;
      const stack = this.stack;
      stack[sp++] = c;
      mark[c] = below;
      while (sp > 0) {
        const id = stack[--sp]!;
        const off = this.parentOffset[id]!;
        for (let k = 0; k < this.parentCount[id]!; k++) {
          const p = this.parentPool[off + k]!;
          if (mark[p] === below) continue;
          mark[p] = below;
          stack[sp++] = p;
        }
      }
      for (let i = 0; i < nodes.length; i++) {
        const t = nodes[i]!;
        if (out[i] === CONTAINS_UNKNOWN && t >= 0 && t !== c && mark[t] === below) out[i] = CONTAINS_NO;
      }
    }
    return out;
  }

  /** Was this sha asked for (as an extra) and found missing from the repository? */
  isMissing(sha: string): boolean {
    return this.missing.has(sha.toLowerCase());
  }
}
