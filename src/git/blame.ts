// The commit that last changed a line: `git blame --porcelain` of that one line, against the saved file or the
// editor's unsaved contents, honouring `.git-blame-ignore-revs`. Results are cached per file, HEAD and content, so
// hovering the same lines again costs no git process; a new HEAD or new content is a new key.

import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger, type Logger } from '../core/log';
import { git, GitCommandError } from './exec';
import { FULL_SHA, ZERO_SHA } from './shaFormat';
import { describeRepo } from './repo';

export type LineCommit =
  | { kind: 'committed'; sha: string; author: string; authorEmail?: string; date: string /* ISO */; summary: string }
  | { kind: 'uncommitted' };

export class BlameError extends Error {
  override readonly name = 'BlameError';
}

interface FileEntry {
  key: string;
  lines: Map<number, Promise<LineCommit>>;
}

const MAX_FILES = 200;

/** Parse one `git blame --porcelain` record (the first in the text). Exported for tests. */
export function parsePorcelain(text: string): LineCommit {
  const lines = text.split('\n');
  const head = /^([0-9a-f]{40}) \d+ \d+/.exec(lines[0] ?? '');
  if (!head) throw new BlameError('unexpected output from git blame');
  const sha = head[1]!;
  if (sha === ZERO_SHA) return { kind: 'uncommitted' };
  const fields = new Map<string, string>();
  for (const l of lines.slice(1)) {
    if (l.startsWith('\t')) break;
    const sp = l.indexOf(' ');
    if (sp > 0) fields.set(l.slice(0, sp), l.slice(sp + 1));
    else fields.set(l, '');
  }
  const time = Number(fields.get('author-time'));
  const mail = (fields.get('author-mail') ?? '').replace(/^<|>$/g, '');
  return {
    kind: 'committed',
    sha,
    author: fields.get('author') ?? '',
    authorEmail: mail || undefined,
    date: Number.isFinite(time) ? new Date(time * 1000).toISOString() : '',
    summary: fields.get('summary') ?? '',
  };
}

export class BlameCache {
  private readonly files = new Map<string, FileEntry>();
  private readonly log: Logger;
  private readonly dirs = new Map<string, Promise<{ gitDir: string; commonDir: string } | undefined>>();

  constructor(log?: Logger) {
    this.log = log ?? silentLogger;
  }

  /** Number of files with cached lines (for tests and the log). */
  get size(): number {
    return this.files.size;
  }

  /** Drop the cache for one file (absolute path), or everything. */
  invalidate(filePath?: string): void {
    if (filePath === undefined) this.files.clear();
    else this.files.delete(path.resolve(filePath));
  }

  /**
   * The commit that last changed `line` (0-based) of `filePath`, or uncommitted when nothing of the line is committed
   * (a new or untracked file, a changed line, a repository without commits). This is the one place that decides it:
   * BlameError means there is no answer (beyond the end, not in this repository, git failed), never "uncommitted".
   */
  async blameLine(repoRoot: string, filePath: string, line: number, contents?: string): Promise<LineCommit> {
    if (!Number.isInteger(line) || line < 0) throw new BlameError(`invalid line ${line}`);
    const abs = path.resolve(repoRoot, filePath);
    const rel = await repoRelative(repoRoot, abs);
    if (rel === undefined) throw new BlameError(`${filePath} is outside ${repoRoot}`);
    const key = `${await this.headKey(repoRoot)}\0${await contentKey(abs, contents)}`;
    let entry = this.files.get(abs);
    if (!entry || entry.key !== key) {
      entry = { key, lines: new Map() };
      this.files.delete(abs);
      this.files.set(abs, entry);
      if (this.files.size > MAX_FILES) this.files.delete(this.files.keys().next().value as string);
    } else {
      // Most recently used last.
      this.files.delete(abs);
      this.files.set(abs, entry);
    }
    let p = entry.lines.get(line);
    if (!p) {
      p = this.runBlame(repoRoot, rel, line, contents);
      entry.lines.set(line, p);
      const current = entry;
      p.catch(() => current.lines.delete(line));
    }
    return p;
  }

  private async runBlame(repoRoot: string, rel: string, line: number, contents: string | undefined): Promise<LineCommit> {
    // --no-textconv: a textconv driver is a program the repository's config names (git blame runs it by default); the
    // line numbers of the stored text are what the hover needs.
    const args = ['blame', '--porcelain', '--no-textconv', `-L${line + 1},${line + 1}`];
    try {
      await fs.access(path.join(repoRoot, '.git-blame-ignore-revs'));
      args.push('--ignore-revs-file', '.git-blame-ignore-revs');
    } catch {
      // no ignore file: plain blame
    }
    let tmp: string | undefined;
    try {
      if (contents !== undefined) {
        tmp = path.join(os.tmpdir(), `gitops-blame-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
        await fs.writeFile(tmp, contents, { mode: 0o600 });
        args.push('--contents', tmp);
      }
      args.push('--', rel);
      const t0 = Date.now();
      const out = await git(repoRoot, args);
      this.log.debug(`blame ${rel}:${line + 1} in ${Date.now() - t0} ms`);
      return parsePorcelain(out);
    } catch (e) {
      if (e instanceof GitCommandError) {
        // Not in HEAD yet (new or untracked file), or no commit at all: every line is uncommitted.
        if (/no such path|does not have any commits|bad revision 'HEAD'|no such ref: HEAD|ambiguous argument 'HEAD'/i.test(e.message)) {
          return { kind: 'uncommitted' };
        }
        if (/has only \d+ lines?/.test(e.message)) throw new BlameError(`line ${line + 1} is beyond the end of ${rel}`);
        throw new BlameError(`git blame failed for ${rel}: ${e.message}`);
      }
      throw e;
    } finally {
      if (tmp) await fs.rm(tmp, { force: true });
    }
  }

  /** HEAD's target read from the git directory (no process): the symbolic ref and the sha it points to. */
  private async headKey(repoRoot: string): Promise<string> {
    let d = this.dirs.get(repoRoot);
    if (!d) {
      d = describeRepo(repoRoot).then((r) => (r ? { gitDir: r.gitDir, commonDir: r.commonDir } : undefined));
      this.dirs.set(repoRoot, d);
    }
    const dirs = await d;
    if (!dirs) return 'no-repo';
    const head = (await fs.readFile(path.join(dirs.gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
    const m = /^ref: (.+)$/.exec(head);
    if (!m) return head; // detached: the sha itself
    const ref = m[1]!;
    for (const base of [dirs.gitDir, dirs.commonDir]) {
      const v = (await fs.readFile(path.join(base, ref), 'utf8').catch(() => '')).trim();
      if (FULL_SHA.test(v)) return `${ref}=${v}`;
    }
    const packed = await fs.readFile(path.join(dirs.commonDir, 'packed-refs'), 'utf8').catch(() => '');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return `${ref}=${line?.slice(0, 40) ?? 'unborn'}`;
  }
}

/** `abs` relative to the repository root, `/`-separated, or undefined outside it (symbolic links followed). */
async function repoRelative(repoRoot: string, abs: string): Promise<string | undefined> {
  const inside = (root: string, p: string) => {
    const rel = path.relative(root, p);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  };
  const direct = inside(repoRoot, abs);
  if (direct !== undefined) return direct;
  // git names the repository by its real path; the editor may reach the file through a link (the file itself may
  // not exist yet, so its folder is resolved).
  const real = async (p: string) => fs.realpath(p).catch(async () => path.join(await fs.realpath(path.dirname(p)), path.basename(p)));
  try {
    return inside(await fs.realpath(repoRoot), await real(abs));
  } catch {
    return undefined;
  }
}

async function contentKey(abs: string, contents: string | undefined): Promise<string> {
  if (contents !== undefined) return `buf:${crypto.createHash('sha1').update(contents).digest('hex')}`;
  try {
    const st = await fs.stat(abs);
    return `disk:${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return 'missing';
  }
}
