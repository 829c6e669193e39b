// The demo backend: releases made up from a Git repository's history. It runs a demo server that speaks Codefresh's
// API (./server), in-process for a repository or already running at a URL, and reads it with the Codefresh client,
// so the demo exercises the same request, validation and mapping path as the real thing. Its releases say
// `source.backend: 'demo'`, and its own registry entry says what it can do.

import type { Logger } from '../../core/log';
import { CodefreshBackend } from '../codefresh/client';
import type { ProxyOptions } from '../codefresh/transport';
import type { AccountInfo, BackendCapabilities, ListReleasesOptions, ReleaseBackend, ReleasePage } from '../types';
import type { Product, ReleaseDetail, ReleaseNotes } from '../../core/model';
import { BACKENDS } from '../registry';
import { DEMO_API_KEY, startDemoServer, type DemoServer } from './server';

export interface DemoBackendOptions {
  /** An already running demo server (`npm run demo:server`); else one is started for `repoPath`. */
  serverUrl?: string;
  /** The repository whose history seeds an in-process demo server. */
  repoPath?: string;
  log?: Logger;
  proxy?: ProxyOptions;
  configuredProducts?: () => readonly string[];
}

export class DemoBackend implements ReleaseBackend {
  readonly id = 'demo';
  readonly capabilities: BackendCapabilities = BACKENDS.demo.capabilities;
  readonly description: string;

  private constructor(
    private readonly client: CodefreshBackend,
    /** The in-process server this backend started (closed with it), if any. */
    private readonly server: DemoServer | undefined,
  ) {
    this.description = client.description;
  }

  /** Base URL of the demo server it reads. */
  get url(): string {
    return this.client.baseUrl;
  }

  static async create(options: DemoBackendOptions): Promise<DemoBackend> {
    let server: DemoServer | undefined;
    let baseUrl = options.serverUrl;
    let apiKey = DEMO_API_KEY;
    if (!baseUrl) {
      if (!options.repoPath) throw new Error('The demo backend needs a Git repository in the workspace: open a folder that is in a Git repository.');
      server = await startDemoServer({ repoPath: options.repoPath, host: '127.0.0.1', port: 0, log: options.log });
      baseUrl = server.url;
      apiKey = server.apiKey;
      options.log?.info(`demo server for ${options.repoPath} listening on ${server.url}`);
    }
    const client = new CodefreshBackend({
      baseUrl,
      apiKey,
      id: 'demo',
      serverName: 'Demo server',
      log: options.log,
      proxy: options.proxy,
      configuredProducts: options.configuredProducts,
    });
    return new DemoBackend(client, server);
  }

  whoAmI(signal?: AbortSignal): Promise<AccountInfo> {
    return this.client.whoAmI(signal);
  }
  listProducts(signal?: AbortSignal): Promise<Product[]> {
    return this.client.listProducts(signal);
  }
  listReleases(productName: string, options?: ListReleasesOptions): Promise<ReleasePage> {
    return this.client.listReleases(productName, options);
  }
  getRelease(releaseId: string, signal?: AbortSignal): Promise<ReleaseDetail> {
    return this.client.getRelease(releaseId, signal);
  }
  getReleaseNotes(releaseId: string, signal?: AbortSignal): Promise<ReleaseNotes> {
    return this.client.getReleaseNotes(releaseId, signal);
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
    await this.server?.close().catch(() => undefined);
  }
}
