// Codefresh: the client at gitopsReleases.codefresh.url with the API key from SecretStorage, falling back to
// ~/.cfconfig when it names the same URL; no key -> the "no backend" welcome.

import * as vscode from 'vscode';
import { CODEFRESH_SIGN_IN } from '../../present/signIn';
import { readSettings, updateSetting } from '../config';
import { loadData } from '../deps';
import { sameUrl, trimUrl, type Connector, type ConnectorContext } from './types';

const SECRET_PREFIX = 'gitopsReleases.apiKey:';

/** The SecretStorage name of the API key of a Codefresh URL. */
export function secretName(url: string): string {
  return SECRET_PREFIX + trimUrl(url);
}

async function build(ctx: ConnectorContext, baseUrl: string, apiKey: string) {
  return (await loadData()).createBackend('codefresh', { baseUrl, apiKey }, ctx.setup());
}

export const codefresh: Connector<'codefresh'> = {
  id: 'codefresh',
  settings: ['codefresh.url'],
  secretNames: (s) => [secretName(s.codefreshUrl)],

  async connect(ctx, settings) {
    let apiKey = await ctx.secrets.get(secretName(settings.codefreshUrl));
    let baseUrl = settings.codefreshUrl;
    if (!apiKey) {
      const cf = await (await loadData()).readCfConfig().catch(() => undefined);
      if (cf && cf.token && sameUrl(cf.url, settings.codefreshUrl)) {
        apiKey = cf.token;
        baseUrl = cf.url;
        ctx.log.info(`using the API key of ~/.cfconfig context "${cf.context}"`);
      }
    }
    if (!apiKey) return { missing: vscode.l10n.t('No API key for {0}. Run "GitOps Releases: Sign In".', settings.codefreshUrl) };
    ctx.log.addSecret(apiKey);
    ctx.keepSavedUnder({ backend: 'codefresh', endpoint: baseUrl, secret: apiKey });
    return { backend: await build(ctx, baseUrl, apiKey), url: baseUrl };
  },

  signIn: {
    kind: 'secret',
    service: CODEFRESH_SIGN_IN,
    urlHint: async () => readSettings().codefreshUrl,
    build,
    async keep(ctx, url, apiKey) {
      await ctx.secrets.store(secretName(url), apiKey);
      await updateSetting('codefresh.url', url);
      await updateSetting('backend', 'codefresh');
    },
  },

  async signOut(ctx, settings) {
    const url = trimUrl(settings.codefreshUrl);
    await ctx.secrets.delete(secretName(url));
    await ctx.forgetSaved('codefresh', url);
    ctx.log.info(`signed out of ${url}`);
    return vscode.l10n.t('Signed out of {0}; the API key was removed.', url);
  },
};
