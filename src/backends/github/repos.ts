// Which GitHub repository a local checkout is: the path of its remote (`owner/name`) when the remote is on the
// GitHub host the backend talks to. The test engine names its repository by the same rule, with `local/<folder>`
// for a checkout without a remote.

import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseRemoteUrl, remoteUrl } from '../../git/remote';
import type { WorkflowFile } from './flow';

export interface RepoSource {
  /** `owner/name`. */
  fullName: string;
  /** A local checkout, whose workflow files give the flow. */
  localPath?: string;
}

/**
 * The `owner/name` of a checkout on `host` (e.g. `github.com`, or `ghe.example.com:8443`); any host when `host` is
 * undefined (the test engine, whose data is made up from the checkout itself). Host names are compared without
 * ports: a server's web port is not its SSH port, and a clone over either is a checkout of it.
 */
export async function repositoryOfCheckout(localPath: string, host: string | undefined): Promise<string | undefined> {
  const remote = parseRemoteUrl(await remoteUrl(localPath));
  const hostname = host?.toLowerCase().replace(/:\d+$/, '');
  if (remote && (hostname === undefined || remote.host.toLowerCase() === hostname)) {
    const parts = remote.path.split('/');
    if (parts.length >= 2) return `${parts[parts.length - 2]}/${parts[parts.length - 1]}`;
  }
  return host === undefined ? `local/${path.basename(path.resolve(localPath)).replace(/[^A-Za-z0-9._-]/g, '-') || 'repo'}` : undefined;
}

/** The `.github/workflows/*.yml` files of a checkout (none when the folder is missing). */
export async function readWorkflowFiles(localPath: string): Promise<WorkflowFile[]> {
  const dir = path.join(localPath, '.github', 'workflows');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return [];
  }
  const files: WorkflowFile[] = [];
  for (const n of names) {
    try {
      files.push({ path: `.github/workflows/${n}`, text: await readFile(path.join(dir, n), 'utf8') });
    } catch {
      // A file that vanished between the listing and the read is simply not there.
    }
  }
  return files;
}
