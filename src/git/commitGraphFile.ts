// A reader of git's commit-graph file (`objects/info/commit-graph`, or the split chain in
// `objects/info/commit-graphs/`), the format documented at https://git-scm.com/docs/gitformat-commit-graph. It turns
// the file straight into the arrays the commit index holds (sha words, parents, topological levels, committer
// dates), without a git process and without text to parse.
//
// Nothing in a file is trusted before its checksum (the SHA-1 trailer over everything before it) matches, and every
// offset, position and count is bounds-checked: a file that fails any check is refused with a reason, so the caller
// falls back to `git rev-list` instead of answering from a corrupt file. Only SHA-1 repositories are read; a SHA-256
// file is refused by name.

import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const SIGNATURE = 0x43475048; // "CGPH"
const HASH_LEN = 20;
const CHUNK_OIDF = 0x4f494446;
const CHUNK_OIDL = 0x4f49444c;
const CHUNK_CDAT = 0x43444154;
const CHUNK_EDGE = 0x45444745;
const CHUNK_GDA2 = 0x47444132;
const CHUNK_GDO2 = 0x47444f32;
const CHUNK_BASE = 0x42415345;
/** A parent slot that holds no parent. */
const PARENT_NONE = 0x70000000;
/** In the second parent slot: the rest of the parents are in the extra-edge list, from this index. */
const EDGE_FLAG = 0x80000000;
/** The topological level field is 30 bits; a level this high is a cap, not a level. */
const LEVEL_MAX = 0x3fffffff;

/** Commits of a commit-graph file (or chain), in file order: base layers first, each layer sorted by object id. */
export interface CommitGraphData {
  readonly count: number;
  /** Five big-endian 32-bit words per commit (the sha). Typed arrays are longer than `count` (room to grow). */
  readonly shaWords: Uint32Array<ArrayBuffer>;
  /** Parents of commit i: `parentPool[parentOffset[i] .. + parentCount[i]]`, as positions in this data. */
  readonly parentOffset: Int32Array<ArrayBuffer>;
  readonly parentCount: Int32Array<ArrayBuffer>;
  readonly parentPool: Int32Array<ArrayBuffer>;
  readonly poolLength: number;
  /** Topological level (1 for a root): git's generation number v1. */
  readonly level: Uint32Array<ArrayBuffer>;
  /** Committer date, seconds since the epoch (capped at 2^32 - 1). */
  readonly time: Uint32Array<ArrayBuffer>;
  /** Every layer carried corrected commit dates (generation data v2). */
  readonly generationData: boolean;
  /** What was read: "commit-graph" or "chain of N". */
  readonly description: string;
}

export type CommitGraphRead = { ok: true; data: CommitGraphData } | { ok: false; absent: boolean; reason: string };

class Refused extends Error {}

interface Layer {
  buf: Buffer;
  name: string;
  count: number;
  oidl: number;
  cdat: number;
  edge: number;
  edgeLen: number;
  gda2: boolean;
}

function u32(buf: Buffer, at: number): number {
  return buf.readUInt32BE(at);
}

/** Check one file's header, checksum and chunk table; `bases` are the hashes of the layers below it. */
function parseLayer(buf: Buffer, name: string, bases: readonly string[]): Layer {
  if (buf.length < 8 + 12 + HASH_LEN) throw new Refused(`${name} is too short (${buf.length} bytes)`);
  if (u32(buf, 0) !== SIGNATURE) throw new Refused(`${name} has no commit-graph signature`);
  const version = buf[4]!;
  if (version !== 1) throw new Refused(`${name} is format version ${version}, only version 1 is known`);
  const hashVersion = buf[5]!;
  if (hashVersion === 2) throw new Refused(`${name} is for a SHA-256 repository; only SHA-1 repositories are read from the commit-graph file`);
  if (hashVersion !== 1) throw new Refused(`${name} has unknown hash version ${hashVersion}`);
  const trailer = buf.length - HASH_LEN;
  const sum = createHash('sha1').update(buf.subarray(0, trailer)).digest();
  if (!sum.equals(buf.subarray(trailer))) throw new Refused(`${name} fails its checksum (corrupt or truncated)`);
  const chunks = buf[6]!;
  const baseCount = buf[7]!;
  if (baseCount !== bases.length) throw new Refused(`${name} says it has ${baseCount} base graphs, the chain puts ${bases.length} below it`);
  const tableEnd = 8 + (chunks + 1) * 12;
  if (tableEnd > trailer) throw new Refused(`${name}: chunk table runs past the end of the file`);
  const found = new Map<number, { start: number; length: number }>();
  for (let i = 0; i < chunks; i++) {
    const at = 8 + i * 12;
    const id = u32(buf, at);
    const start = offset64(buf, at + 4, name);
    const next = offset64(buf, at + 16, name);
    if (id === 0) throw new Refused(`${name}: chunk table ends early`);
    if (start < tableEnd || next < start || next > trailer) throw new Refused(`${name}: chunk ${chunkName(id)} lies outside the file`);
    if (found.has(id)) throw new Refused(`${name}: chunk ${chunkName(id)} appears twice`);
    found.set(id, { start, length: next - start });
  }
  if (u32(buf, 8 + chunks * 12) !== 0) throw new Refused(`${name}: chunk table has no terminating entry`);
  const need = (id: number) => {
    const c = found.get(id);
    if (!c) throw new Refused(`${name} has no ${chunkName(id)} chunk`);
    return c;
  };
  const oidf = need(CHUNK_OIDF);
  if (oidf.length !== 256 * 4) throw new Refused(`${name}: fan-out chunk has the wrong size`);
  let prev = 0;
  for (let i = 0; i < 256; i++) {
    const v = u32(buf, oidf.start + i * 4);
    if (v < prev) throw new Refused(`${name}: fan-out is not in order`);
    prev = v;
  }
  const count = prev;
  const oidl = need(CHUNK_OIDL);
  if (oidl.length !== count * HASH_LEN) throw new Refused(`${name}: object id list does not hold ${count} ids`);
  const cdat = need(CHUNK_CDAT);
  if (cdat.length !== count * (HASH_LEN + 16)) throw new Refused(`${name}: commit data does not hold ${count} commits`);
  const gda2 = found.get(CHUNK_GDA2);
  if (gda2 && gda2.length !== count * 4) throw new Refused(`${name}: generation data does not hold ${count} entries`);
  const gdo2 = found.get(CHUNK_GDO2);
  if (gdo2 && gdo2.length % 8 !== 0) throw new Refused(`${name}: generation data overflow has the wrong size`);
  const edge = found.get(CHUNK_EDGE);
  if (edge && edge.length % 4 !== 0) throw new Refused(`${name}: extra edge list has the wrong size`);
  if (bases.length) {
    const base = need(CHUNK_BASE);
    if (base.length !== bases.length * HASH_LEN) throw new Refused(`${name}: base graph list has the wrong size`);
    for (let i = 0; i < bases.length; i++) {
      const h = buf.toString('hex', base.start + i * HASH_LEN, base.start + (i + 1) * HASH_LEN);
      if (h !== bases[i]) throw new Refused(`${name}: base graph ${i} is ${h}, the chain says ${bases[i]}`);
    }
  }
  return { buf, name, count, oidl: oidl.start, cdat: cdat.start, edge: edge?.start ?? -1, edgeLen: (edge?.length ?? 0) / 4, gda2: !!gda2 };
}

function offset64(buf: Buffer, at: number, name: string): number {
  const hi = u32(buf, at);
  if (hi !== 0) throw new Refused(`${name}: chunk offset beyond 4 GiB`);
  return u32(buf, at + 4);
}

function chunkName(id: number): string {
  return String.fromCharCode((id >>> 24) & 255, (id >>> 16) & 255, (id >>> 8) & 255, id & 255);
}

/** Turn checked layers (base first) into the index's arrays; parent positions are global over the chain. */
function assemble(layers: readonly Layer[], description: string): CommitGraphData {
  const count = layers.reduce((s, l) => s + l.count, 0);
  // Headroom, so the first commits rev-list adds after the file do not copy every array.
  const cap = count + (count >> 4) + 1024;
  const shaWords = new Uint32Array(cap * 5);
  const parentOffset = new Int32Array(cap);
  const parentCount = new Int32Array(cap);
  const level = new Uint32Array(cap);
  const time = new Uint32Array(cap);
  let parentPool = new Int32Array(cap + (cap >> 3));
  let pool = 0;
  let id = 0;
  for (const l of layers) {
    // A DataView reads big-endian words without Buffer's per-call checks (the chunk bounds are checked already).
    const buf = new DataView(l.buf.buffer, l.buf.byteOffset, l.buf.byteLength);
    const first = id;
    const limit = id + l.count; // a parent is in this layer or one below it
    const position = (p: number, what: string) => {
      if (p >= limit) throw new Refused(`${l.name}: ${what} points at commit ${p}, past the ${limit} the graph holds`);
      return p;
    };
    for (let i = 0; i < l.count; i++, id++) {
      const o = l.oidl + i * HASH_LEN;
      const w = id * 5;
      shaWords[w] = buf.getUint32(o);
      shaWords[w + 1] = buf.getUint32(o + 4);
      shaWords[w + 2] = buf.getUint32(o + 8);
      shaWords[w + 3] = buf.getUint32(o + 12);
      shaWords[w + 4] = buf.getUint32(o + 16);
      // Object ids strictly ascending within a layer, the order git's own lookups rely on.
      if (id > first && !ascending(shaWords, w)) throw new Refused(`${l.name}: object ids are not sorted`);
      const c = l.cdat + i * (HASH_LEN + 16) + HASH_LEN;
      const p1 = buf.getUint32(c);
      const p2 = buf.getUint32(c + 4);
      const hi = buf.getUint32(c + 8);
      const lo = buf.getUint32(c + 12);
      level[id] = hi >>> 2;
      const seconds = (hi & 3) * 0x100000000 + lo;
      time[id] = seconds > 0xffffffff ? 0xffffffff : seconds;
      if (pool + 2 > parentPool.length) parentPool = grow(parentPool, pool + 2);
      parentOffset[id] = pool;
      let n = 0;
      if (p1 !== PARENT_NONE) {
        parentPool[pool + n++] = position(p1, 'a first parent');
        if (p2 & EDGE_FLAG) {
          if (l.edge < 0) throw new Refused(`${l.name}: an octopus merge without an extra edge list`);
          for (let e = p2 & 0x7fffffff; ; e++) {
            if (e >= l.edgeLen) throw new Refused(`${l.name}: extra edge list runs past its end`);
            const v = buf.getUint32(l.edge + e * 4);
            if (pool + n + 1 > parentPool.length) parentPool = grow(parentPool, pool + n + 1);
            parentPool[pool + n++] = position(v & 0x7fffffff, 'an extra edge');
            if (v & EDGE_FLAG) break;
          }
        } else if (p2 !== PARENT_NONE) parentPool[pool + n++] = position(p2, 'a second parent');
      } else if (p2 !== PARENT_NONE) throw new Refused(`${l.name}: a second parent without a first`);
      parentCount[id] = n;
      pool += n;
    }
  }
  return {
    count,
    shaWords,
    parentOffset,
    parentCount,
    parentPool,
    poolLength: pool,
    level,
    time,
    generationData: layers.every((l) => l.gda2),
    description,
  };
}

/** Is the sha at word `w` above the one before it? */
function ascending(words: Uint32Array, w: number): boolean {
  for (let k = 0; k < 5; k++) {
    const a = words[w - 5 + k]!;
    const b = words[w + k]!;
    if (a !== b) return a < b;
  }
  return false;
}

function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Are the file's topological levels right (1 + the highest parent's, and below the 30-bit cap)? Checked in one pass
 * over the parents, so a level git left out (0) or capped is recomputed by the index instead of trusted.
 */
export function levelsAreExact(d: CommitGraphData): boolean {
  const { parentOffset, parentCount, parentPool, level } = d;
  for (let id = 0; id < d.count; id++) {
    let g = 0;
    const off = parentOffset[id]!;
    for (let k = 0; k < parentCount[id]!; k++) {
      const pg = level[parentPool[off + k]!]!;
      if (pg > g) g = pg;
    }
    if (level[id] !== g + 1 || level[id]! >= LEVEL_MAX) return false;
  }
  return true;
}

async function readOrUndefined(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Read the commit-graph of an objects folder: the single file when there is one (as git does), else the split
 * chain. `absent` says there is neither (nothing to report); any other refusal names what is wrong with the file.
 */
export async function readCommitGraph(objectsDir: string): Promise<CommitGraphRead> {
  const info = path.join(objectsDir, 'info');
  try {
    const single = await readOrUndefined(path.join(info, 'commit-graph'));
    if (single) return { ok: true, data: assemble([parseLayer(single, 'commit-graph', [])], 'commit-graph') };
    const chainText = await readOrUndefined(path.join(info, 'commit-graphs', 'commit-graph-chain'));
    if (chainText === undefined) return { ok: false, absent: true, reason: 'no commit-graph file' };
    const hashes = chainText.toString('utf8').split('\n').filter((l) => l.length > 0);
    if (hashes.length === 0) return { ok: false, absent: true, reason: 'empty commit-graph chain' };
    const layers: Layer[] = [];
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i]!;
      if (!/^[0-9a-f]{40}$/.test(h)) throw new Refused(`commit-graph chain line ${i + 1} is not a SHA-1 hash`);
      const name = `graph-${h}.graph`;
      const buf = await readOrUndefined(path.join(info, 'commit-graphs', name));
      if (!buf) throw new Refused(`commit-graph chain names ${name}, which is missing`);
      const layer = parseLayer(buf, name, hashes.slice(0, i));
      if (buf.toString('hex', buf.length - HASH_LEN) !== h) throw new Refused(`${name} is not the file its name says (checksum differs)`);
      layers.push(layer);
    }
    return { ok: true, data: assemble(layers, `chain of ${layers.length}`) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, absent: false, reason: e.message };
    return { ok: false, absent: false, reason: `cannot read the commit-graph: ${e instanceof Error ? e.message : String(e)}` };
  }
}
