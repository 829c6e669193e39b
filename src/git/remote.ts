// Remote URLs: the repository's origin, and the one reading of a remote URL (https, ssh://, git://, or scp-like
// `git@host:owner/repo.git`) into its host and repository path, from which the web and https forms are derived.
// Credentials embedded in a URL never survive it.

import { gitOrUndefined } from './exec';

/** Remove `user:password@` from an http(s) URL so a token in a remote never reaches a link or a log. */
export function stripCredentials(url: string): string {
  return url.replace(/^(https?:\/\/)[^@/]*@/i, '$1');
}

export interface RemoteUrl {
  host: string;
  /** The web port of an http(s) remote, when it names one (an ssh port is not the web server's). */
  port?: string;
  /** The repository path without `.git`, e.g. `acme/shop` or `group/sub/shop`. */
  path: string;
  /** `https://host[:port]/path`: the repository's web page. */
  web: string;
  /** `https://host[:port]/path.git`: the https clone URL (the form Codefresh shows as a commit's repoURL). */
  https: string;
}

/** The host and repository path of a remote URL; undefined for local paths and anything that is not a remote. */
export function parseRemoteUrl(url: string | undefined): RemoteUrl | undefined {
  if (!url) return undefined;
  const u = stripCredentials(url.trim());
  let host: string | undefined;
  let port: string | undefined;
  let repoPath: string | undefined;
  let m = /^(https?|ssh|git(?:\+ssh)?):\/\/(?:[^@/]+@)?([^/:]+)(?::(\d+))?\/(.+)$/i.exec(u);
  if (m) {
    host = m[2];
    if (/^https?$/i.test(m[1]!)) port = m[3];
    repoPath = m[4];
  } else if ((m = /^(?:[^@/]+@)?([^/:]+):(?!\/)(.+)$/.exec(u))) {
    host = m[1];
    repoPath = m[2];
  }
  if (!host || !repoPath) return undefined;
  repoPath = repoPath.replace(/\/+$/, '').replace(/\.git$/, '');
  if (!repoPath) return undefined;
  const web = `https://${host}${port ? `:${port}` : ''}/${repoPath}`;
  return { host, port, path: repoPath, web, https: `${web}.git` };
}

/** URL of the `origin` remote (or the first remote), with any credentials removed. */
export async function remoteUrl(repoRoot: string): Promise<string | undefined> {
  const names = (await gitOrUndefined(repoRoot, ['remote']))?.split('\n').map((s) => s.trim()).filter(Boolean) ?? [];
  const name = names.includes('origin') ? 'origin' : names[0];
  if (!name) return undefined;
  const url = (await gitOrUndefined(repoRoot, ['remote', 'get-url', name]))?.trim();
  return url ? stripCredentials(url) : undefined;
}
