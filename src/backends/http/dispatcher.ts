// How our HTTP clients reach their server: one undici dispatcher per client, honouring the proxy settings (or
// HTTP(S)_PROXY / NO_PROXY), a CA file added to Node's bundled roots, `strictSSL: false`, and the connect timeout.

import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { type Dispatcher, EnvHttpProxyAgent } from 'undici';
import type { Logger } from '../../core/log';
import { errorCode } from './errors';
import { safeUrl } from './url';

export interface ProxyOptions {
  /** Proxy URL (VS Code `http.proxy`); overrides HTTP(S)_PROXY. Without it the environment variables apply. */
  url?: string;
  /** VS Code `http.proxyStrictSSL`: false accepts any server certificate. Default true. */
  strictSSL?: boolean;
  /** Hosts that bypass the proxy (NO_PROXY syntax); overrides NO_PROXY. */
  noProxy?: string;
}

export interface DispatcherOptions {
  proxy?: ProxyOptions;
  /** PEM file with extra CA certificates (added to Node's bundled roots). */
  caFile?: string;
  connectMs: number;
  /** The server's base URL, for log lines. */
  target: string;
  log: Logger;
}

/** The dispatcher; `fail` builds the error for an unreadable CA file. */
async function createProxyDispatcher(options: DispatcherOptions, fail: (message: string) => Error): Promise<Dispatcher> {
  const { proxy, caFile, connectMs, target, log } = options;
  let ca: string[] | undefined;
  if (caFile) {
    try {
      ca = [...rootCertificates, await readFile(caFile, 'utf8')];
    } catch (e) {
      throw fail(`Cannot read the CA certificate file ${caFile}: ${errorCode(e) ?? (e instanceof Error ? e.message : String(e))}`);
    }
  }
  const tls = {
    ...(ca ? { ca } : {}),
    ...(proxy?.strictSSL === false ? { rejectUnauthorized: false } : {}),
  };
  const proxyUrl = proxy?.url?.trim() || undefined;
  const envProxy = process.env.https_proxy ?? process.env.HTTPS_PROXY ?? process.env.http_proxy ?? process.env.HTTP_PROXY;
  if (proxyUrl) log.info(`Using proxy ${safeUrl(proxyUrl)} for ${target}`);
  else if (envProxy) log.info(`Using proxy from the environment (${safeUrl(envProxy)}) for ${target}`);
  if (proxy?.strictSSL === false) log.warn('Certificate checks are off (http.proxyStrictSSL = false).');
  return new EnvHttpProxyAgent({
    connect: { timeout: connectMs, ...tls },
    requestTls: { timeout: connectMs, ...tls },
    proxyTls: { timeout: connectMs, ...tls },
    ...(proxyUrl ? { httpProxy: proxyUrl, httpsProxy: proxyUrl } : {}),
    ...(proxy?.noProxy !== undefined ? { noProxy: proxy.noProxy } : {}),
  });
}

/** The dispatcher made on first use; a failed set-up (an unreadable CA file) is tried again next time, not kept. */
export class LazyDispatcher {
  private promise: Promise<Dispatcher> | undefined;
  constructor(
    private readonly options: DispatcherOptions,
    private readonly fail: (message: string) => Error,
  ) {}

  get(): Promise<Dispatcher> {
    if (!this.promise) {
      const p = createProxyDispatcher(this.options, this.fail);
      this.promise = p;
      p.catch(() => {
        if (this.promise === p) this.promise = undefined;
      });
    }
    return this.promise;
  }

  /** Close the dispatcher and its connections (a set-up that failed has nothing to close). */
  async close(): Promise<void> {
    const p = this.promise;
    this.promise = undefined;
    if (!p) return;
    let d: Dispatcher;
    try {
      d = await p;
    } catch {
      return; // the set-up failed: no dispatcher, no connection
    }
    await d.close();
  }
}
