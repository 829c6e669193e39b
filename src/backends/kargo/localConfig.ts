// Credentials of the Kargo CLI, read as a fallback when VS Code holds no token: the environment variables
// `KARGO_API_ADDRESS` / `KARGO_API_TOKEN` first, then the CLI's YAML config at `$XDG_CONFIG_HOME/kargo/config`
// (default `~/.config/kargo/config`) with `apiAddress`, `bearerToken`, `project` and `insecureSkipTLSVerify`
// (https://github.com/akuity/kargo/blob/main/pkg/cli/config/config.go). The answer says where the token came from,
// so the UI can tell the user. The token never appears in an error message.

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { issuePath } from '../../core/zodIssues';
import { BackendError } from '../types';

const ConfigSchema = z.object({
  apiAddress: z.string().nullish(),
  bearerToken: z.string().nullish(),
  project: z.string().nullish(),
  insecureSkipTLSVerify: z.boolean().nullish(),
});

export interface KargoCliCredentials {
  apiAddress?: string;
  token: string;
  project?: string;
  insecureSkipTLSVerify?: boolean;
  /** Where the token came from, in words: `KARGO_API_TOKEN` or the config file's path. */
  origin: string;
}

export function kargoConfigPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const base = env.XDG_CONFIG_HOME?.trim() || join(home, '.config');
  return join(base, 'kargo', 'config');
}

/**
 * The Kargo CLI's token (and address, project) from the environment or the config file; undefined when neither
 * holds a token. A config file that exists but cannot be read or parsed is a BackendError('config').
 */
export async function readKargoCliConfig(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): Promise<KargoCliCredentials | undefined> {
  const envToken = env.KARGO_API_TOKEN?.trim();
  const envAddress = env.KARGO_API_ADDRESS?.trim() || undefined;
  const file = kargoConfigPath(env, home);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new BackendError('config', `Cannot read ${file}: ${typeof code === 'string' ? code : 'read error'}`);
  }
  let fromFile: z.infer<typeof ConfigSchema> = {};
  if (text !== undefined) {
    const doc = parseDocument(text, { prettyErrors: false });
    if (doc.errors.length > 0) {
      const line = doc.errors[0]?.linePos?.[0]?.line;
      throw new BackendError('config', `${file} is not valid YAML${line !== undefined ? ` (line ${line})` : ''}`);
    }
    const parsed = ConfigSchema.safeParse(doc.toJS() ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new BackendError('config', `${file} has an unexpected shape${first?.path.length ? ` at ${issuePath(first.path)}` : ''}`);
    }
    fromFile = parsed.data;
  }
  const apiAddress = envAddress ?? (fromFile.apiAddress || undefined);
  const shared = {
    ...(apiAddress ? { apiAddress } : {}),
    ...(fromFile.project ? { project: fromFile.project } : {}),
    ...(fromFile.insecureSkipTLSVerify ? { insecureSkipTLSVerify: true } : {}),
  };
  if (envToken) return { ...shared, token: envToken, origin: 'KARGO_API_TOKEN' };
  if (fromFile.bearerToken) return { ...shared, token: fromFile.bearerToken, origin: file };
  return undefined;
}
