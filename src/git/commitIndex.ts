// The in-memory commit index: commits held in typed arrays indexed by integer ids, with generation numbers, so that
// "which of these releases contain commit C?" is a walk in memory and never a git process. Pure: it is fed the text
// git prints (`rev-list --parents`); src/git/graph.ts runs git.
//
// Layout (n = commits): shaWords (5 × Uint32 per commit), an open-addressing hash table sha -> id, parents in a
// pooled Int32Array (offset + count per commit), children in CSR form (rebuilt after each batch), generation
// numbers (Uint32), committer dates (Uint32 seconds, from `--timestamp`), and one flag byte per commit (listed,
// shallow boundary, reaches boundary).
//
// One ancestry algorithm answers every question: from C, a walk forward over the children index, pruned above the
// highest generation asked about, marks what contains C. Shallow clones: a commit whose parents git does not have is
// a boundary; containment not found inside the loaded graph but that could pass through a boundary is 'unknown'
// (unless the target is itself below C), never a wrong "no".

import type { AncestryOracle } from '../core/deployment';
import { silentLogger, type Logger } from '../core/log';
import type { CommitGraphData } from './commitGraphFile';
import { FULL_SHA } from './shaFormat';

const F_LISTED = 1; // rev-list printed this commit with its parents
const F_BOUNDARY = 2; // shallow boundary (git has no parents for it) or a parent is not loaded
const F_REACHES_BOUNDARY = 4; // this commit or one of its ancestors is a boundary

/** A prepared set of target commits for batch questions ("which of these contain C?"). */
export interface TargetSet {
  /** Index version the set was prepared for; prepare again when `version` changes. */
  readonly version: number;
  readonly shas: readonly string[];
  /** Node id per target, -1 when the commit is not in the index. */
  readonly nodes: Int32Array;
  /** The highest generation among the targets: the forward walk stops above it. */
  readonly maxGen: number;
  /**
   * Per target: its position on the first-parent chain of the highest target (see `chainEntry`), -1 when it is off
   * that chain. Targets on the chain are answered by one comparison each; only the others need the sweep.
   */
  readonly chainPos: Int32Array;
  /** The chain's tip (the highest target), -1 when no target is loaded. */
  readonly chainTip: number;
  /**
   * Per target: its chain position when that alone decides containment (on the chain, and no shallow boundary
   * behind it), else -1. Such a target contains C exactly when C's `chainEntryOf` is at least 0 and at most this.
   */
  readonly chainExact: Int32Array;
}

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
  /**
   * The first chain position (of the set's chain) whose commit contains `sha`, -1 when none does, the set is stale
   * or sha is not loaded: with `chainExact`, the targets it decides are answered without a sweep.
   */
  chainEntryOf?(sha: string, targets: TargetSet): number;
}

export function isBatchOracle(o: AncestryOracle): o is BatchAncestryOracle {
  const b = o as Partial<BatchAncestryOracle>;
  return typeof b.prepareTargets === 'function' && typeof b.containedIn === 'function';
}

function hexWord(sha: string, i: number): number {
  return parseInt(sha.slice(i * 8, i * 8 + 8), 16) >>> 0;
}

const NL = 0x0a;
const SPACE = 0x20;
/** Value of each byte as a lower-case hex digit, -1 for any other byte (git prints object ids in lower case). */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX[0x61 + i] = 10 + i;

/** `Number(token)` of the bytes `b[s..e)`: plain digits read directly, anything else as JavaScript reads it. */
function decimal(b: Uint8Array, s: number, e: number): number {
  if (e - s <= 15) {
    let v = 0;
    let i = s;
    for (; i < e; i++) {
      const c = b[i]! - 0x30;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === e) return v;
  }
  return Number(Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8'));
}

function latin1(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
  return out;
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

export class CommitIndex implements BatchAncestryOracle {
  private n = 0;
  /** Commits below this id have generation numbers and children; `finish` indexes the rest. */
  private indexed = 0;
  private shaWords = new Uint32Array(5 * 1024);
  private table = new Int32Array(2048).fill(-1);
  private parentOffset = new Int32Array(1024);
  private parentCount = new Int32Array(1024);
  private parentPool = new Int32Array(2048);
  private poolLen = 0;
  private gen = new Uint32Array(1024);
  private time = new Uint32Array(1024);
  private flags = new Uint8Array(1024);
  /** Commits in generation order: `byRank[r]` is the commit of rank r, `rank[id]` the rank of a commit. */
  private rank = new Int32Array(0);
  /** First rank of each generation: the commits of generation g are ranks `genStart[g]` to `genStart[g + 1] - 1`. */
  private genStart = new Int32Array(2);
  /** Each rank's parents, as ranks (CSR: those of rank r are `rankParents[rankParentStart[r] ..]`). */
  private rankParentStart = new Int32Array(1);
  private rankParents = new Int32Array(0);
  /**
   * Ranks below `sortedCount` are in generation order (the last full layout); the ranks above are the commits added
   * since, a tail in parents-first order that each sweep reads whole. A batch small beside the sorted part is
   * appended to the tail instead of laying every commit out again; a large one, or one that gives parents to
   * commits already laid out (a deepened shallow clone), lays everything out again.
   */
  private sortedCount = 0;
  /** The highest generation in the sorted ranks. */
  private sortedTop = 0;
  /** Commit of each tail rank (`tailIds[r - sortedCount]`). */
  private tailIds = new Int32Array(0);
  /** A commit laid out already was listed again (it had been a boundary): the next batch lays out everything. */
  private relisted = false;
  /** Per rank: the epoch of the last sweep that reached it. */
  private rankMark = new Uint32Array(0);
  private mark = new Uint32Array(1024);
  private epoch = 0;
  private stack = new Int32Array(1024);
  private shallowSet: ReadonlySet<string> = new Set<string>();
  /** The start of a line that the last streamed chunk cut off. */
  private carry: Uint8Array | undefined;
  /** The five words of the last sha `readSha` read, and the parents of the line being read. */
  private readonly words = new Uint32Array(5);
  private scratch = new Int32Array(16);
  private _version = 0;
  protected readonly log: Logger;

  constructor(log?: Logger) {
    this.log = log ?? silentLogger;
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
      this.rank,
      this.genStart,
      this.rankParentStart,
      this.rankParents,
      this.rankMark,
      this.mark,
      this.stack,
      this.chainPosOf,
      this.chainEntry,
      this.tailIds,
    ].reduce((s, a) => s + a.byteLength, 0);
  }

  /** The shallow clone's boundary commits (git's `shallow` file), for the commits ingested next. */
  setShallow(shas: ReadonlySet<string>): void {
    this.shallowSet = shas;
  }

  /**
   * Start from the commits of git's commit-graph file (src/git/commitGraphFile.ts), taking its arrays over as they
   * are: no text to parse and, when `levelsExact`, no generations to compute. Only for an empty index; `finish`
   * indexes them like any other batch.
   */
  protected adopt(d: CommitGraphData, levelsExact: boolean): void {
    if (this.n !== 0) throw new Error('adopt: the index already holds commits');
    const cap = d.level.length;
    this.n = d.count;
    this.shaWords = d.shaWords;
    this.parentOffset = d.parentOffset;
    this.parentCount = d.parentCount;
    this.parentPool = d.parentPool;
    this.poolLen = d.poolLength;
    this.gen = d.level;
    if (!levelsExact) this.gen.fill(0);
    this.time = d.time;
    this.flags = new Uint8Array(cap).fill(F_LISTED, 0, d.count);
    this.mark = new Uint32Array(cap);
    this.stack = new Int32Array(cap + 1);
    let size = 2048;
    while (cap * 2 > size) size *= 2;
    const table = new Int32Array(size).fill(-1);
    const mask = size - 1;
    const words = this.shaWords;
    for (let id = 0; id < d.count; id++) {
      let slot = words[id * 5]! & mask;
      while (table[slot]! >= 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
  }

  /** Index what `ingest` added since the last call; true (and a new version) when there was anything. */
  finish(): boolean {
    if (this.n === this.indexed) return false;
    this.index(this.indexed);
    this.indexed = this.n;
    this._version++;
    return true;
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

  private internWords(w0: number, w1: number, w2: number, w3: number, w4: number): number {
    const found = this.lookup(w0, w1, w2, w3, w4);
    if (found >= 0) return found;
    const id = this.n++;
    this.ensureCapacity(this.n);
    const o = id * 5;
    this.shaWords[o] = w0;
    this.shaWords[o + 1] = w1;
    this.shaWords[o + 2] = w2;
    this.shaWords[o + 3] = w3;
    this.shaWords[o + 4] = w4;
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

  /**
   * Add the commits of `git rev-list --parents [--timestamp]` output (one `[<date>] <sha> <parents…>` per line).
   * Call `finish` once the batch is in.
   */
  ingest(out: string): void {
    this.ingestBytes(Buffer.from(out, 'utf8'));
    this.ingestEnd();
  }

  /**
   * Streaming `ingest`: the output in chunks as git writes it, read as bytes (no string per line or per sha), so
   * parsing keeps up with git. A line cut by the chunk's end waits for the next chunk; `ingestEnd` takes the last.
   */
  ingestBytes(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.carry) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = undefined;
    }
    let pos = 0;
    const len = bytes.length;
    while (pos < len) {
      const eol = bytes.indexOf(NL, pos);
      if (eol < 0) break;
      this.ingestLine(bytes, pos, eol);
      pos = eol + 1;
    }
    if (pos < len) this.carry = bytes.slice(pos);
  }

  /** The end of a streamed output: its last line, when it had no newline. */
  ingestEnd(): void {
    const rest = this.carry;
    this.carry = undefined;
    if (rest) this.ingestLine(rest, 0, rest.length);
  }

  /** Forget a line cut off by output that stopped early (git failed): it is not a whole line. */
  discardPartialLine(): void {
    this.carry = undefined;
  }

  /** One line `[<date>] <sha> <parents…>` of `b` (bytes `s` to `e`, without the newline): tokens are split on spaces. */
  private ingestLine(b: Uint8Array, s: number, e: number): void {
    if (e - s < 40) return;
    let t0end = b.indexOf(SPACE, s);
    if (t0end < 0 || t0end > e) t0end = e;
    // `<committer date> <sha> <parents…>` (--timestamp), or without the date.
    const dated = !this.readSha(b, s, t0end);
    let selfStart = s;
    let selfEnd = t0end;
    if (dated) {
      if (t0end >= e) return;
      selfStart = t0end + 1;
      selfEnd = b.indexOf(SPACE, selfStart);
      if (selfEnd < 0 || selfEnd > e) selfEnd = e;
      if (!this.readSha(b, selfStart, selfEnd)) return;
    }
    const w = this.words;
    const id = this.internWords(w[0]!, w[1]!, w[2]!, w[3]!, w[4]!);
    if (this.flags[id]! & F_LISTED) return;
    if (id < this.indexed) {
      this.relisted = true;
      this.relists++;
    }
    if (dated) this.time[id] = decimal(b, s, t0end) >>> 0;
    let count = 0;
    for (let p = selfEnd + 1; p <= e; ) {
      let q = b.indexOf(SPACE, p);
      if (q < 0 || q > e) q = e;
      if (this.readSha(b, p, q)) {
        if (count >= this.scratch.length) this.scratch = growInt32(this.scratch, count + 1);
        this.scratch[count++] = this.internWords(w[0]!, w[1]!, w[2]!, w[3]!, w[4]!);
      }
      p = q + 1;
    }
    this.parentPool = growInt32(this.parentPool, this.poolLen + count);
    this.parentOffset[id] = this.poolLen;
    this.parentCount[id] = count;
    for (let k = 0; k < count; k++) this.parentPool[this.poolLen++] = this.scratch[k]!;
    this.flags[id]! |= F_LISTED;
    if (this.shallowSet.size > 0 && this.shallowSet.has(latin1(b, selfStart, selfEnd))) this.flags[id]! |= F_BOUNDARY;
  }

  /** Is `b[s..e)` a full sha (40 lower-case hex digits)? When it is, its five words are left in `words`. */
  private readSha(b: Uint8Array, s: number, e: number): boolean {
    if (e - s !== 40) return false;
    for (let k = 0; k < 5; k++) {
      let v = 0;
      for (let i = s + k * 8, end = i + 8; i < end; i++) {
        const d = HEX[b[i]!]!;
        if (d < 0) return false;
        v = (v << 4) | d;
      }
      this.words[k] = v >>> 0;
    }
    return true;
  }

  /** Generation numbers and boundary flags for the new commits, then the children index. */
  private index(from: number): void {
    const { parentOffset, parentCount, parentPool, gen, flags } = this;
    // Commits that were interned as parents but never listed are outside what git gave us: boundaries.
    for (let id = 0; id < this.n; id++) {
      if (!(flags[id]! & F_LISTED)) flags[id]! |= F_BOUNDARY;
    }
    // Iterative post-order: a commit's generation is 1 + the largest generation of its parents. From the last id
    // down: rev-list lists children before parents, so parents mostly have the higher ids and are done first.
    for (let root = this.n - 1; root >= from; root--) {
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
    if (this.appendTail(from)) return;
    // Generation order, for the sweep of batch questions: a commit's descendants all have higher generations, so
    // one pass over the ranks above it, reading each commit's parents, finds them all; the arrays are read front to
    // back, which is what makes the pass fast.
    const n = this.n;
    let top = 0;
    for (let id = 0; id < n; id++) if (gen[id]! > top) top = gen[id]!;
    const genStart = new Int32Array(top + 2);
    for (let id = 0; id < n; id++) genStart[gen[id]! + 1]!++;
    for (let g = 0; g <= top; g++) genStart[g + 1]! += genStart[g]!;
    const fill = genStart.slice(0, top + 1);
    const rank = new Int32Array(n);
    const byRank = new Int32Array(n);
    for (let id = 0; id < n; id++) {
      const r = fill[gen[id]!]!++;
      rank[id] = r;
      byRank[r] = id;
    }
    const pStart = new Int32Array(n + 1);
    const pList = new Int32Array(this.poolLen);
    let len = 0;
    for (let r = 0; r < n; r++) {
      const id = byRank[r]!;
      const off = parentOffset[id]!;
      for (let k = 0; k < parentCount[id]!; k++) pList[len++] = rank[parentPool[off + k]!]!;
      pStart[r + 1] = len;
    }
    this.rank = rank;
    this.genStart = genStart;
    this.rankParentStart = pStart;
    this.rankParents = pList.subarray(0, len);
    if (this.rankMark.length < n) this.rankMark = new Uint32Array(Math.max(n, this.rankMark.length * 2));
    this.sortedCount = n;
    this.sortedTop = top;
    this.tailIds = new Int32Array(0);
    this.relisted = false;
  }

  /** Append the commits from `from` on to the tail when that is cheaper than a new layout; false when it is not. */
  private appendTail(from: number): boolean {
    const n = this.n;
    const tail = n - this.sortedCount;
    if (this.sortedCount === 0 || this.relisted || tail > this.sortedCount >> 4) return false;
    const { gen, parentOffset, parentCount, parentPool } = this;
    // Parents first: the new commits by generation (their parents are older commits, or new ones of lower generation).
    const fresh = Array.from({ length: n - from }, (_, k) => from + k).sort((a, b) => gen[a]! - gen[b]!);
    const rank = new Int32Array(n);
    rank.set(this.rank.subarray(0, from));
    const tailIds = new Int32Array(tail);
    tailIds.set(this.tailIds.subarray(0, from - this.sortedCount));
    let edges = 0;
    for (const id of fresh) edges += parentCount[id]!;
    const start = new Int32Array(n + 1);
    start.set(this.rankParentStart.subarray(0, from + 1));
    const base = start[from]!;
    const list = new Int32Array(base + edges);
    list.set(this.rankParents.subarray(0, base));
    let r = from;
    let len = base;
    for (const id of fresh) {
      rank[id] = r;
      tailIds[r - this.sortedCount] = id;
      const off = parentOffset[id]!;
      for (let k = 0; k < parentCount[id]!; k++) list[len++] = rank[parentPool[off + k]!]!;
      start[++r] = len;
    }
    this.rank = rank;
    this.tailIds = tailIds;
    this.rankParentStart = start;
    this.rankParents = list;
    if (this.rankMark.length < n) {
      const marks = new Uint32Array(Math.max(n, this.rankMark.length * 2));
      marks.set(this.rankMark);
      this.rankMark = marks;
    }
    return true;
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
    const answer = this.contained(a, [d], this.gen[d]!)[0]!;
    return answer === CONTAINS_YES ? true : answer === CONTAINS_NO ? false : 'unknown';
  }

  private nextEpoch(): number {
    this.epoch++;
    if (this.epoch >= 0xffffffff) {
      this.mark.fill(0);
      this.rankMark.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  prepareTargets(shas: readonly string[]): TargetSet {
    const nodes = new Int32Array(shas.length);
    let maxGen = 0;
    let top = -1;
    for (let i = 0; i < shas.length; i++) {
      const t = this.idOf(shas[i]!);
      nodes[i] = t;
      if (t >= 0 && this.gen[t]! > maxGen) {
        maxGen = this.gen[t]!;
        top = t;
      }
    }
    const chainPos = new Int32Array(shas.length).fill(-1);
    const chainExact = new Int32Array(shas.length).fill(-1);
    if (top >= 0) {
      this.buildChain(top);
      for (let i = 0; i < nodes.length; i++) {
        const t = nodes[i]!;
        if (t < 0) continue;
        chainPos[i] = this.chainPosOf[t]!;
        if (!(this.flags[t]! & F_REACHES_BOUNDARY)) chainExact[i] = chainPos[i]!;
      }
    }
    return { version: this._version, shas: [...shas], nodes, maxGen, chainPos, chainTip: top, chainExact };
  }

  chainEntryOf(sha: string, targets: TargetSet): number {
    const c = this.idOf(sha);
    if (c < 0 || targets.version !== this._version || targets.chainTip < 0) return -1;
    // Another target set may have laid out another chain since: lay this one out again (one pass).
    this.buildChain(targets.chainTip);
    return this.chainEntry[c]!;
  }

  /** The chain the entry positions are for (its tip and the index version), -1 before the first. */
  private chainTip = -1;
  private chainVersion = -1;
  /** Per commit: its position on the chain (0 = the root end), -1 when it is not on it. */
  private chainPosOf = new Int32Array(0);
  /**
   * Per commit: the first chain position whose commit contains it, -1 when no chain commit does. The ancestors of
   * a first-parent chain's commits are nested (each contains the one before it), so a commit is an ancestor of the
   * chain commit at position j exactly when its entry is at most j: main-line releases take one comparison each.
   */
  private chainEntry = new Int32Array(0);

  /** Lay out the first-parent chain from `tip` and every commit's entry onto it: one pass over the graph. */
  private buildChain(tip: number): void {
    if (this.chainTip === tip && this.chainVersion === this._version) return;
    const n = this.n;
    const { parentOffset, parentCount, parentPool } = this;
    const chain: number[] = [];
    // When the old chain's tip is behind the new tip (main moved on), the old layout stands: commits only gain
    // descendants, so only the new chain commits and what they bring in are laid out.
    // Not when a laid-out commit has gained parents since (a deepened shallow clone): old commits' histories grew.
    const old = this.chainTip >= 0 && this.chainRelists === this.relists ? this.chainTip : -1;
    let extend = false;
    for (let id = tip; ; id = parentPool[parentOffset[id]!]!) {
      if (id === old && id < this.chainCount) {
        extend = true;
        break;
      }
      chain.push(id);
      if (parentCount[id]! === 0) break;
    }
    chain.reverse();
    const grow = (a: Int32Array<ArrayBuffer>) => {
      if (a.length >= n) return a;
      const b = new Int32Array(this.gen.length);
      b.set(a.subarray(0, Math.min(a.length, this.chainCount)));
      return b;
    };
    const pos = grow(this.chainPosOf);
    const entry = grow(this.chainEntry);
    const first = extend ? this.chainLength : 0;
    if (extend) {
      pos.fill(-1, this.chainCount, n);
      entry.fill(-1, this.chainCount, n);
    } else {
      pos.fill(-1, 0, n);
      entry.fill(-1, 0, n);
    }
    const stack = this.stack;
    for (let j = 0; j < chain.length; j++) {
      const i = first + j;
      const head = chain[j]!;
      pos[head] = i;
      if (entry[head] !== -1) continue;
      // What this chain commit brings in: everything behind it that no earlier chain commit reaches.
      entry[head] = i;
      let sp = 0;
      stack[sp++] = head;
      while (sp > 0) {
        const id = stack[--sp]!;
        const off = parentOffset[id]!;
        for (let k = 0; k < parentCount[id]!; k++) {
          const p = parentPool[off + k]!;
          if (entry[p] !== -1) continue;
          entry[p] = i;
          stack[sp++] = p;
        }
      }
    }
    this.chainPosOf = pos;
    this.chainEntry = entry;
    this.chainTip = tip;
    this.chainVersion = this._version;
    this.chainCount = n;
    this.chainLength = first + chain.length;
    this.chainRelists = this.relists;
  }

  /** Commits in the index when the chain was laid out, the chain's length, and `relists` then. */
  private chainCount = 0;
  private chainLength = 0;
  private chainRelists = 0;
  /** How many times a laid-out commit was listed again (see `relisted`). */
  private relists = 0;

  /**
   * Which targets contain `sha`: one sweep over the commits of higher generation, up to the highest target's. Cost is
   * bounded by the number of commits, never a git process.
   */
  containedIn(sha: string, targets: TargetSet): Uint8Array {
    const c = this.idOf(sha);
    if (c < 0 || targets.version !== this._version) {
      if (targets.version !== this._version) this.log.warn('commit graph: stale target set (prepare it again after update)');
      return new Uint8Array(targets.nodes.length).fill(CONTAINS_UNKNOWN);
    }
    if (targets.chainTip < 0) return this.contained(c, targets.nodes, targets.maxGen);
    // Another target set may have laid out another chain since: lay this one out again (one pass).
    this.buildChain(targets.chainTip);
    // Targets on the chain: contained when c enters the chain at or below them. A "no" is only certain when the
    // target's history is whole (no shallow boundary behind it); those, and the targets off the chain, are swept.
    const out = new Uint8Array(targets.nodes.length);
    const entry = this.chainEntry[c]!;
    const rest: number[] = [];
    for (let i = 0; i < targets.nodes.length; i++) {
      const t = targets.nodes[i]!;
      const p = targets.chainPos[i]!;
      if (t < 0) out[i] = CONTAINS_UNKNOWN;
      else if (p >= 0 && entry >= 0 && entry <= p) out[i] = CONTAINS_YES;
      else if (p >= 0 && !(this.flags[t]! & F_REACHES_BOUNDARY)) out[i] = CONTAINS_NO;
      else rest.push(i);
    }
    if (rest.length === 0) return out;
    const nodes = Int32Array.from(rest, (i) => targets.nodes[i]!);
    let maxGen = 0;
    for (const t of nodes) if (this.gen[t]! > maxGen) maxGen = this.gen[t]!;
    const swept = this.contained(c, nodes, maxGen);
    for (let k = 0; k < rest.length; k++) out[rest[k]!] = swept[k]!;
    return out;
  }

  /** The one ancestry sweep: for each target node, does it contain commit `c` (see CONTAINS_*)? */
  private contained(c: number, nodes: ArrayLike<number>, maxGen: number): Uint8Array {
    const out = new Uint8Array(nodes.length);
    const { gen, rank, genStart, rankParentStart, rankParents, rankMark, flags, mark } = this;
    const ep = this.nextEpoch();
    rankMark[rank[c]!] = ep;
    const sorted = this.sortedCount;
    // Sorted ranks: a commit of higher generation descends from c when one of its parents does; parents come first
    // in rank order. A commit of the tail has no descendants among the sorted ranks, which were laid out before it.
    if (gen[c]! < maxGen && rank[c]! < sorted) {
      const end = genStart[Math.min(maxGen, this.sortedTop) + 1]!;
      for (let r = genStart[gen[c]! + 1]!; r < end; r++) {
        const stop = rankParentStart[r + 1]!;
        for (let k = rankParentStart[r]!; k < stop; k++) {
          if (rankMark[rankParents[k]!] === ep) {
            rankMark[r] = ep;
            break;
          }
        }
      }
    }
    // The tail, parents first, all of it (it is small beside the sorted ranks).
    const tailIds = this.tailIds;
    for (let r = Math.max(sorted, rank[c]! + 1); r < this.n; r++) {
      if (gen[tailIds[r - sorted]!]! > maxGen) continue;
      const stop = rankParentStart[r + 1]!;
      for (let k = rankParentStart[r]!; k < stop; k++) {
        if (rankMark[rankParents[k]!] === ep) {
          rankMark[r] = ep;
          break;
        }
      }
    }
    let undecided = false;
    for (let i = 0; i < nodes.length; i++) {
      const t = nodes[i]!;
      if (t < 0) out[i] = CONTAINS_UNKNOWN;
      else if (rankMark[rank[t]!] === ep) out[i] = CONTAINS_YES;
      else if (flags[t]! & F_REACHES_BOUNDARY) {
        out[i] = CONTAINS_UNKNOWN;
        undecided = true;
      } else out[i] = CONTAINS_NO;
    }
    if (undecided) {
      // Shallow clone: a target that is itself an ancestor of c cannot contain it (history has no cycles).
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
}
