// Credentials of the Codefresh CLI: `~/.cfconfig` (YAML) with `current-context` and
// `contexts.<name>.{type, name, url, token}`, as cli-v2 writes it
// (https://github.com/codefresh-io/cli-v2/blob/HEAD/internal/config/config.go). Used when no key is stored in VS Code.
// The token never appears in an error message: YAML errors are reported by line only.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlConfig } from '../localConfig';
import { DEFAULT_CODEFRESH_URL } from './defaults';

const CfConfigSchema = z.object({
  'current-context': z.string().nullish(),
  contexts: z
    .record(
      z.string(),
      z
        .object({ url: z.string().nullish(), token: z.string().nullish(), name: z.string().nullish(), type: z.string().nullish() })
        .nullable(),
    )
    .nullish(),
});

export interface CfConfigCredentials {
  url: string;
  token: string;
  context: string;
}

/**
 * The current context's URL and token from `<home>/.cfconfig`, or undefined when the file, the current context or
 * its token is absent. A file that exists but cannot be read or parsed is a BackendError('config').
 */
export async function readCfConfig(home: string = homedir()): Promise<CfConfigCredentials | undefined> {
  const config = await readYamlConfig(join(home, '.cfconfig'), CfConfigSchema);
  if (!config) return undefined;
  const contextName = config['current-context'];
  if (!contextName) return undefined;
  const context = config.contexts?.[contextName];
  if (!context?.token) return undefined;
  return { url: context.url || DEFAULT_CODEFRESH_URL, token: context.token, context: contextName };
}
