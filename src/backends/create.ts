// How each backend of the registry (./registry) is built, keyed by the same kinds. This is the heavy side (HTTP
// client, zod schemas, the demo's graphql-js server): the extension loads it on first use as a bundle of its own
// (src/vscode/deps.ts), the CLI bundles it in.

import type { Logger } from '../core/log';
import type { BackendId } from '../core/model';
import { readCfConfig } from './codefresh/localConfig';
import { CodefreshBackend } from './codefresh/backend';
import type { ProxyOptions } from './http/dispatcher';
import { DemoBackend } from './demo/backend';
import { readKargoCliConfig } from './kargo/localConfig';
import { KargoBackend } from './kargo/backend';
import { GitHubBackend } from './github/backend';
import { GITHUB_TEST_ENGINE_TOKEN } from './github/testEngineToken';
import type { ReleaseBackend } from './types';

export { readCfConfig, readKargoCliConfig };
export { DemoBackend };

/** What every backend is built with, whatever its kind. */
export interface BackendSetup {
  log?: Logger;
  proxy?: ProxyOptions;
  caFile?: string;
  /** The products the user asked for (`gitopsReleases.products`), read at each product listing. */
  configuredProducts?: () => readonly string[];
  /** Local checkouts whose remotes and workflow files the GitHub backend reads. */
  localRepos?: () => readonly string[];
}

/** What the GitHub backend is built with, for github.com, an Enterprise Server, or the test engine. */
export interface GitHubConfig {
  apiUrl?: string;
  /** Required for GitHub; the test engine's own public token when left out for `github-demo`. */
  token?: string;
  /** Environment names that are production. */
  prodNames?: () => readonly string[];
  flowSetting?: () => Readonly<Record<string, readonly string[]>>;
}

/** The kind-specific part of building a backend. */
export interface BackendConfigs {
  codefresh: { baseUrl: string; apiKey: string };
  /** `api`: which API the demo server speaks (default Codefresh's); its data is made up either way. */
  demo: { serverUrl?: string; repoPath?: string; api?: 'codefresh' | 'kargo' };
  kargo: {
    baseUrl: string;
    token: string;
    /** Where the token came from, said in the description (`VS Code`, `KARGO_API_TOKEN`, the CLI's config file). */
    tokenOrigin?: string;
    project?: string;
    warehouse?: string;
    prodStages?: () => readonly string[];
    /** Keep Stages and Promotions live through watch streams (default true; a one-shot CLI call turns it off). */
    watch?: boolean;
  };
  github: GitHubConfig;
  'github-demo': GitHubConfig;
}

const FACTORIES: { readonly [K in BackendId]: (config: BackendConfigs[K], setup: BackendSetup) => Promise<ReleaseBackend> } = {
  codefresh: async (c, s) =>
    new CodefreshBackend({ baseUrl: c.baseUrl, apiKey: c.apiKey, log: s.log, proxy: s.proxy, caFile: s.caFile, configuredProducts: s.configuredProducts }),
  demo: (c, s) => DemoBackend.create({ ...c, log: s.log, proxy: s.proxy, configuredProducts: s.configuredProducts }),
  kargo: async (c, s) => new KargoBackend({ ...c, log: s.log, proxy: s.proxy, caFile: s.caFile, configuredProducts: s.configuredProducts }),
  github: async (c, s) => new GitHubBackend({ ...c, token: c.token ?? '', id: 'github', ...githubSetup(s) }),
  'github-demo': async (c, s) => new GitHubBackend({ ...c, token: c.token ?? GITHUB_TEST_ENGINE_TOKEN, id: 'github-demo', ...githubSetup(s) }),
};

function githubSetup(s: BackendSetup): { log?: Logger; proxy?: ProxyOptions; caFile?: string; localRepos?: () => readonly string[]; repositories?: () => readonly string[] } {
  return { log: s.log, proxy: s.proxy, caFile: s.caFile, localRepos: s.localRepos, repositories: s.configuredProducts };
}

/** Build a backend of the given kind. */
export function createBackend<K extends BackendId>(id: K, config: BackendConfigs[K], setup: BackendSetup = {}): Promise<ReleaseBackend> {
  const factory: (config: BackendConfigs[K], setup: BackendSetup) => Promise<ReleaseBackend> = FACTORIES[id];
  return factory(config, setup);
}
