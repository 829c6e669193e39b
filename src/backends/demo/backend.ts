// The demo backend: releases made up from a Git repository's history. It runs a fake server, in-process for a
// repository or already running at a URL, and reads it with the real client of the API the fake speaks: Codefresh's
// GraphQL (src/fakes/codefresh, read by the Codefresh client) or Kargo's REST (src/fakes/kargo, read by the Kargo client). So the
// demo exercises the same request, validation and mapping path as the real thing. Its releases say
// `source.backend: 'demo'`, so every surface labels them as made up.

import type { Logger } from '../../core/log';
import { CodefreshBackend } from '../codefresh/backend';
import type { ProxyOptions } from '../http/dispatcher';
import { KargoBackend } from '../kargo/backend';
import { FAKE_KARGO_TOKEN, startFakeKargo } from '../../fakes/kargo/server';
import type { AccountInfo, ActionRequest, ActionResult, BackendCapabilities, ListReleasesOptions, ReleaseBackend, ReleasePage } from '../types';
import type { Product, ReleaseDetail, ReleaseNotes } from '../../core/model';
import { BACKENDS } from '../registry';
import { DEMO_API_KEY, startDemoServer } from '../../fakes/codefresh/server';

export interface DemoBackendOptions {
  /** An already running demo server (`npm run demo:server`); else one is started for `repoPath`. */
  serverUrl?: string;
  /** The repository whose history seeds an in-process demo server. */
  repoPath?: string;
  /** The API the demo server speaks: Codefresh's (the default) or Kargo's. */
  api?: 'codefresh' | 'kargo';
  log?: Logger;
  proxy?: ProxyOptions;
  configuredProducts?: () => readonly string[];
}

type Client = CodefreshBackend | KargoBackend;

export class DemoBackend implements ReleaseBackend {
  readonly id = 'demo';
  readonly capabilities: BackendCapabilities;
  readonly description: string;

  private constructor(
    private readonly client: Client,
    /** The in-process server this backend started (closed with it), if any. */
    private readonly server: { close(): Promise<void> } | undefined,
  ) {
    this.description = client.description;
    // The Kargo fake streams changes and takes actions as Kargo does; the Codefresh demo does what its entry says.
    this.capabilities = client instanceof KargoBackend ? client.capabilities : BACKENDS.demo.capabilities;
    if (client instanceof KargoBackend) {
      this.act = (request, signal) => client.act(request, signal);
      this.onDidChange = (listener) => client.onDidChange(listener);
    }
  }

  /** Base URL of the demo server it reads. */
  get url(): string {
    return this.client.baseUrl;
  }

  static async create(options: DemoBackendOptions): Promise<DemoBackend> {
    const needRepo = (): string => {
      if (!options.repoPath) throw new Error('The demo backend needs a Git repository in the workspace: open a folder that is in a Git repository.');
      return options.repoPath;
    };
    if (options.api === 'kargo') {
      let baseUrl = options.serverUrl;
      let server: { close(): Promise<void> } | undefined;
      if (!baseUrl) {
        const fake = await startFakeKargo({ repoPath: needRepo(), log: options.log, stepMs: 15_000 });
        server = fake;
        baseUrl = fake.url;
        options.log?.info(`Kargo demo server for ${options.repoPath} listening on ${fake.url}`);
      }
      const client = new KargoBackend({ baseUrl, token: FAKE_KARGO_TOKEN, id: 'demo', serverName: 'Kargo demo server', log: options.log, proxy: options.proxy, configuredProducts: options.configuredProducts });
      return new DemoBackend(client, server);
    }
    let baseUrl = options.serverUrl;
    let apiKey = DEMO_API_KEY;
    let server: { close(): Promise<void> } | undefined;
    if (!baseUrl) {
      const demo = await startDemoServer({ repoPath: needRepo(), host: '127.0.0.1', port: 0, log: options.log });
      server = demo;
      baseUrl = demo.url;
      apiKey = demo.apiKey;
      options.log?.info(`demo server for ${options.repoPath} listening on ${demo.url}`);
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

  act?(request: ActionRequest, signal?: AbortSignal): Promise<ActionResult>;
  onDidChange?(listener: () => void): { dispose(): void };

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
