// Repository discovery: the repository a file belongs to (the innermost one: nested repositories, submodules and
// linked worktrees each answer for their own files), and the repositories inside a workspace folder.

import fs from 'node:fs/promises';
import path from 'node:path';
import { gitOrUndefined } from './exec';
import { FULL_SHA } from './shaFormat';

async function existingDir(p: string): Promise<string | undefined> {
  let cur = path.resolve(p);
  for (;;) {
    try {
      const st = await fs.stat(cur);
      return st.isDirectory() ? cur : path.dirname(cur);
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return undefined;
      cur = up; // a file not saved yet, or deleted: ask from the nearest folder that exists
    }
  }
}

/** The top-level folder of the repository (or worktree, or submodule) holding `fsPath`; undefined outside Git. */
export async function findRepoRoot(fsPath: string): Promise<string | undefined> {
  const dir = await existingDir(fsPath);
  if (!dir) return undefined;
  const out = await gitOrUndefined(dir, ['rev-parse', '--show-toplevel']);
  return out?.trim() ? path.resolve(out.trim()) : undefined;
}

/**
 * Repository roots of files, remembered per directory for callers that ask often (the editor, per hover), at most
 * `max` directories (the least recently used is dropped first). Whoever holds one clears it when repositories may
 * have appeared or gone (a `.git` created or deleted, workspace folders changed): an answer is never kept past that.
 */
export class RepoRootCache {
  private readonly byDir = new Map<string, Promise<string | undefined>>();

  constructor(private readonly max = 500) {}

  /** Number of directories remembered. */
  get size(): number {
    return this.byDir.size;
  }

  /** The root for a file path, as findRepoRoot answers it. */
  rootFor(fsPath: string): Promise<string | undefined> {
    const dir = path.dirname(path.resolve(fsPath));
    let p = this.byDir.get(dir);
    if (p) this.byDir.delete(dir); // re-inserted below: most recently used last
    else p = findRepoRoot(dir);
    this.byDir.set(dir, p);
    if (this.byDir.size > this.max) this.byDir.delete(this.byDir.keys().next().value as string);
    return p;
  }

  clear(): void {
    this.byDir.clear();
  }
}

/** Full sha of HEAD, undefined for a repository without commits (or outside Git). */
export async function headSha(repoRoot: string): Promise<string | undefined> {
  const out = (await gitOrUndefined(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']))?.trim();
  return out && FULL_SHA.test(out) ? out : undefined;
}

/** Is this a shallow clone (history cut off at some depth)? */
export async function isShallowRepository(repoRoot: string): Promise<boolean> {
  return (await gitOrUndefined(repoRoot, ['rev-parse', '--is-shallow-repository']))?.trim() === 'true';
}

export interface RepoLocation {
  root: string;
  /** The git directory (for a linked worktree or submodule, not `<root>/.git`). */
  gitDir: string;
  /** Shared git directory (differs from gitDir for linked worktrees). */
  commonDir: string;
  kind: 'main' | 'worktree' | 'submodule';
}

/** Where a repository keeps its data, and what kind of checkout it is. */
export async function describeRepo(repoRoot: string): Promise<RepoLocation | undefined> {
  const out = await gitOrUndefined(repoRoot, ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir', '--show-superproject-working-tree']);
  if (!out) return undefined;
  const [gitDir, commonDir, superproject] = out.split('\n').map((l) => l.trim());
  if (!gitDir || !commonDir) return undefined;
  const kind = superproject ? 'submodule' : path.resolve(gitDir) !== path.resolve(commonDir) ? 'worktree' : 'main';
  return { root: repoRoot, gitDir: path.resolve(gitDir), commonDir: path.resolve(commonDir), kind };
}

/** A file-system watch: a folder and a glob below it. */
export interface WatchTarget {
  base: string;
  glob: string;
}

/**
 * What to watch to see HEAD move: HEAD in the repository's own git directory, and the branches (loose and packed) in
 * the shared one. In a linked worktree or a submodule `<root>/.git` is a file naming the git directory, so neither
 * is under `<root>/.git`.
 */
export async function headWatchTargets(repoRoot: string): Promise<WatchTarget[] | undefined> {
  const loc = await describeRepo(repoRoot);
  if (!loc) return undefined;
  const refs = 'packed-refs,refs/heads/**';
  if (loc.gitDir === loc.commonDir) return [{ base: loc.gitDir, glob: `{HEAD,${refs}}` }];
  return [
    { base: loc.gitDir, glob: 'HEAD' },
    { base: loc.commonDir, glob: `{${refs}}` },
  ];
}

