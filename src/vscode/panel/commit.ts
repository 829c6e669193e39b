// "Open commit" from the release notes: the commit's changes as one multi-file diff (VS Code's `vscode.changes`
// command), built from the built-in Git extension's API, or else the commit's page on its remote. Pure (no vscode
// import): the Git API comes in through the small interface below, so the logic is unit tested with a stand-in.

/**
 * The part of the Git extension's API (extension `vscode.git`, `getAPI(1)`) used here, as declared in its published
 * typings: https://github.com/microsoft/vscode/blob/main/extensions/git/src/api/git.d.ts
 */
export interface GitApiLike<U> {
  readonly repositories: readonly GitRepositoryLike<U>[];
  toGitUri(uri: U, ref: string): U;
}

export interface GitRepositoryLike<U> {
  readonly rootUri: U;
  getCommit(ref: string): Promise<{ hash: string; message: string; parents: string[] }>;
  diffBetween(ref1: string, ref2: string): Promise<{ uri: U; originalUri: U; status: number }[]>;
}

// The Git API's Status values for a file a commit added or deleted (git.d.ts `enum Status`).
const INDEX_ADDED = 1;
const INDEX_DELETED = 2;
const ADDED_STATUSES: ReadonlySet<number> = new Set([INDEX_ADDED, 7 /* UNTRACKED */, 9 /* INTENT_TO_ADD */]);
const DELETED_STATUSES: ReadonlySet<number> = new Set([INDEX_DELETED, 6 /* DELETED */]);

/** The arguments of `vscode.changes`: a title and, per file, the file, its left (before) and right (after) side. */
export interface CommitDiff<U> {
  title: string;
  resources: [U, U | undefined, U | undefined][];
}

/**
 * The diff of commit `sha` in the first repository that has it; undefined when no open repository does (a commit of
 * another repository, or not fetched yet), or for a root commit (the API diffs from the merge base of two commits,
 * and a root commit has no parent to diff from).
 */
export async function commitDiff<U>(api: GitApiLike<U>, sha: string): Promise<CommitDiff<U> | undefined> {
  for (const repo of api.repositories) {
    let commit: { hash: string; message: string; parents: string[] };
    try {
      commit = await repo.getCommit(sha);
    } catch {
      continue;
    }
    const parent = commit.parents[0];
    if (parent === undefined) return undefined;
    const changes = await repo.diffBetween(parent, commit.hash);
    const subject = commit.message.split(/\r?\n/, 1)[0] ?? '';
    return {
      title: `${commit.hash.slice(0, 7)}${subject ? ` ${subject}` : ''}`,
      resources: changes.map((c) => [
        c.uri,
        ADDED_STATUSES.has(c.status) ? undefined : api.toGitUri(c.originalUri, parent),
        DELETED_STATUSES.has(c.status) ? undefined : api.toGitUri(c.uri, commit.hash),
      ]),
    };
  }
  return undefined;
}
