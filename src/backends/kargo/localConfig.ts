// Credentials of the Kargo CLI, read as a fallback when VS Code holds no token: the environment variables
// `KARGO_API_ADDRESS` / `KARGO_API_TOKEN` first, then the CLI's YAML config at `$XDG_CONFIG_HOME/kargo/config`
// (default `~/.config/kargo/config`) with `apiAddress`, `bearerToken`, `project` and `insecureSkipTLSVerify`
// (https://github.com/akuity/kargo/blob/main/pkg/cli/config/config.go). The answer says where the token came from,
// so the UI can tell the user. The token never appears in an error message.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlConfig } from '../localConfig';

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
  const fromFile: z.infer<typeof ConfigSchema> = (await readYamlConfig(file, ConfigSchema)) ?? {};
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
