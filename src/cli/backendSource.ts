// The CLI's way to a release backend (the demo server, Codefresh with the key from the environment or ~/.cfconfig,
// or Kargo with the token from the environment or the Kargo CLI's config). A module of its own, imported on demand, and a bundle of its own (dist/backendSource.js): a `where`
// or `notes` over a releases file never loads the HTTP client, GraphQL or the demo server.

import type { Logger } from '../core/log';
import { DEFAULT_CODEFRESH_URL } from '../backends/codefresh/defaults';
import { createBackend, readCfConfig, readKargoCliConfig } from '../backends/create';
import type { ReleaseBackend } from '../backends/types';

export interface BackendChoice {
  kind: 'demo' | 'codefresh' | 'kargo';
  url?: string;
  /** Products asked for on the command line (Codefresh lists only these when given). */
  products?: string[];
}

/** The backend asked for, or why it cannot be opened (a message for the user). */
export async function openBackend(choice: BackendChoice, repo: string, env: NodeJS.ProcessEnv, home: string | undefined, log: Logger): Promise<ReleaseBackend | string> {
  if (choice.kind === 'demo') return createBackend('demo', { repoPath: repo }, { log });
  const configured = choice.products ?? [];
  if (choice.kind === 'kargo') {
    const cli = await readKargoCliConfig(env, home);
    if (!cli) return 'no Kargo token: set KARGO_API_TOKEN or run `kargo login`';
    const baseUrl = choice.url ?? cli.apiAddress;
    if (!baseUrl) return 'no Kargo API address: pass --url, set KARGO_API_ADDRESS or run `kargo login`';
    log.info(`Kargo token from ${cli.origin}`);
    return createBackend('kargo', { baseUrl, token: cli.token, tokenOrigin: cli.origin, watch: false }, { log, configuredProducts: () => configured });
  }
  const cf = await readCfConfig(home);
  const apiKey = env.CODEFRESH_API_KEY || cf?.token;
  if (!apiKey) return 'no Codefresh API key: set CODEFRESH_API_KEY or run `codefresh auth create-context`';
  const baseUrl = choice.url ?? cf?.url ?? DEFAULT_CODEFRESH_URL;
  return createBackend('codefresh', { baseUrl, apiKey }, { log, configuredProducts: () => configured });
}
