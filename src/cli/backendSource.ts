// The CLI's way to a release backend: the demo server, Codefresh with the key from the environment or ~/.cfconfig,
// Kargo with the token from the environment or the Kargo CLI's config, GitHub with the token from the environment or
// the GitHub CLI, or the GitHub backend on the local GitHub test engine. A module of its own, imported on demand, and
// a bundle of its own (dist/backendSource.js): a `where` or `notes` over a releases file never loads the HTTP
// clients, GraphQL or the demo servers.

import { execFile } from 'node:child_process';
import type { Logger } from '../core/log';
import { DEFAULT_CODEFRESH_URL } from '../backends/codefresh/defaults';
import { createBackend, readCfConfig, readKargoCliConfig } from '../backends/create';
import { startFakeGitHub } from '../fakes/github/server';
import { normalizeApiUrl, webUrlOf } from '../backends/github/transport';
import type { ReleaseBackend } from '../backends/types';
import type { BackendChoice } from './backendChoice';

/** An open backend, and what else to stop with it (the GitHub test engine). */
export interface OpenedBackend {
  backend: ReleaseBackend;
  close?: () => Promise<void>;
}

/** The backend asked for, or why it cannot be opened (a message for the user). */
export async function openBackend(choice: BackendChoice, repo: string, env: NodeJS.ProcessEnv, home: string | undefined, log: Logger): Promise<OpenedBackend | string> {
  const configured = choice.products ?? [];
  switch (choice.kind) {
    case 'demo':
      return { backend: await createBackend('demo', { repoPath: repo }, { log }) };
    case 'kargo': {
      const cli = await readKargoCliConfig(env, home);
      if (!cli) return 'no Kargo token: set KARGO_API_TOKEN or run `kargo login`';
      const baseUrl = choice.url ?? cli.apiAddress;
      if (!baseUrl) return 'no Kargo API address: pass --url, set KARGO_API_ADDRESS or run `kargo login`';
      log.info(`Kargo token from ${cli.origin}`);
      return { backend: await createBackend('kargo', { baseUrl, token: cli.token, tokenOrigin: cli.origin, watch: false }, { log, configuredProducts: () => configured }) };
    }
    case 'github':
    case 'github-demo': {
      const setup = { log, localRepos: () => [repo], configuredProducts: () => configured };
      if (choice.kind === 'github-demo') {
        const engine = await startFakeGitHub({ repoPath: repo, log });
        return { backend: await createBackend('github-demo', { apiUrl: engine.apiUrl, token: engine.token }, setup), close: () => engine.close() };
      }
      const apiUrl = normalizeApiUrl(choice.githubUrl);
      const token = await githubToken(env, new URL(webUrlOf(apiUrl)).host);
      if (!token) return 'no GitHub token: set GITHUB_TOKEN or GH_TOKEN, or sign in with `gh auth login`';
      return { backend: await createBackend('github', { apiUrl, token }, setup) };
    }
    case 'codefresh': {
      const cf = await readCfConfig(home);
      const apiKey = env.CODEFRESH_API_KEY || cf?.token;
      if (!apiKey) return 'no Codefresh API key: set CODEFRESH_API_KEY or run `codefresh auth create-context`';
      const baseUrl = choice.url ?? cf?.url ?? DEFAULT_CODEFRESH_URL;
      return { backend: await createBackend('codefresh', { baseUrl, apiKey }, { log, configuredProducts: () => configured }) };
    }
  }
}

/** GITHUB_TOKEN, else GH_TOKEN, else what the GitHub CLI holds for the host (https://cli.github.com/manual/gh_auth_token). */
async function githubToken(env: NodeJS.ProcessEnv, host: string): Promise<string | undefined> {
  const fromEnv = env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  return new Promise((resolve) => {
    execFile('gh', ['auth', 'token', '--hostname', host], { timeout: 10_000, env }, (err, stdout) => resolve(err ? undefined : stdout.trim() || undefined));
  });
}
