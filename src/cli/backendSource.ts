// The CLI's way to a release backend (the demo server, or Codefresh with the key from the environment or
// ~/.cfconfig). A module of its own, imported on demand, and a bundle of its own (dist/backendSource.js): a `where`
// or `notes` over a releases file never loads the HTTP client, GraphQL or the demo server.

import type { Logger } from '../core/log';
import { DEFAULT_CODEFRESH_URL } from '../backends/codefresh/defaults';
import { createBackend, readCfConfig } from '../backends/create';
import type { ReleaseBackend } from '../backends/types';

export interface BackendChoice {
  kind: 'demo' | 'codefresh';
  url?: string;
  /** Products asked for on the command line (Codefresh lists only these when given). */
  products?: string[];
}

/** The backend asked for, or why it cannot be opened (a message for the user). */
export async function openBackend(choice: BackendChoice, repo: string, env: NodeJS.ProcessEnv, home: string | undefined, log: Logger): Promise<ReleaseBackend | string> {
  if (choice.kind === 'demo') return createBackend('demo', { repoPath: repo }, { log });
  const cf = await readCfConfig(home);
  const apiKey = env.CODEFRESH_API_KEY || cf?.token;
  if (!apiKey) return 'no Codefresh API key: set CODEFRESH_API_KEY or run `codefresh auth create-context`';
  const baseUrl = choice.url ?? cf?.url ?? DEFAULT_CODEFRESH_URL;
  const configured = choice.products ?? [];
  return createBackend('codefresh', { baseUrl, apiKey }, { log, configuredProducts: () => configured });
}
