// Kargo: the API at gitopsReleases.kargo.url with the token from SecretStorage, else the Kargo CLI's
// (KARGO_API_TOKEN, ~/.config/kargo/config); where the token came from is shown in the view.

import * as vscode from 'vscode';
import { KARGO_SIGN_IN } from '../../present/signIn';
import { readSettings, updateSetting } from '../config';
import { loadData } from '../deps';
import { errorMessage } from '../../core/errorMessage';
import { sameUrl, trimUrl, type Connector, type ConnectorContext } from './types';

const SECRET_PREFIX = 'gitopsReleases.kargoToken:';

/** The SecretStorage name of the token of a Kargo address. */
export function kargoSecretName(url: string): string {
  return SECRET_PREFIX + trimUrl(url);
}

/** Where a Kargo token kept in VS Code is said to come from. */
const STORED_TOKEN = 'VS Code (SecretStorage)';

/** The Kargo address and token: the setting and SecretStorage first, then the Kargo CLI's; undefined without a token. */
async function credentials(ctx: ConnectorContext): Promise<{ url: string; token: string; origin: string } | undefined> {
  const settings = readSettings();
  const cli = await (await loadData()).readKargoCliConfig().catch((e: unknown) => {
    ctx.log.warn(`the Kargo CLI's configuration could not be read: ${errorMessage(e)}`);
    return undefined;
  });
  const url = settings.kargoUrl || cli?.apiAddress || '';
  if (!url) return undefined;
  const stored = await ctx.secrets.get(kargoSecretName(url));
  if (stored) return { url, token: stored, origin: STORED_TOKEN };
  // The CLI's token belongs to its own address: use it only for that one.
  if (cli && (!cli.apiAddress || sameUrl(cli.apiAddress, url))) return { url, token: cli.token, origin: cli.origin };
  return undefined;
}

async function build(ctx: ConnectorContext, url: string, token: string, origin: string) {
  const s = readSettings();
  return (await loadData()).createBackend(
    'kargo',
    {
      baseUrl: url,
      token,
      tokenOrigin: origin,
      ...(s.kargoProject ? { project: s.kargoProject } : {}),
      ...(s.kargoWarehouse ? { warehouse: s.kargoWarehouse } : {}),
      prodStages: () => readSettings().kargoProdStages,
    },
    ctx.setup(),
  );
}

/** The Kargo address to offer at sign-in: the setting, else the Kargo CLI's. */
async function urlHint(): Promise<string> {
  const s = readSettings();
  if (s.kargoUrl) return s.kargoUrl;
  return (await (await loadData()).readKargoCliConfig().catch(() => undefined))?.apiAddress ?? '';
}

export const kargo: Connector<'kargo'> = {
  id: 'kargo',
  settings: ['kargo'],
  secretNames: (s) => (s.kargoUrl !== '' ? [kargoSecretName(s.kargoUrl)] : []),

  async connect(ctx) {
    const creds = await credentials(ctx);
    if (!creds) return { missing: vscode.l10n.t('No Kargo token. Run "GitOps Releases: Sign In to Kargo", or log in with the Kargo CLI.') };
    ctx.log.addSecret(creds.token);
    ctx.log.info(`Kargo token from ${creds.origin}`);
    ctx.keepSavedUnder({ backend: 'kargo', endpoint: creds.url, secret: creds.token });
    return { backend: await build(ctx, creds.url, creds.token, creds.origin), url: creds.url, credentialOrigin: `token from ${creds.origin}` };
  },

  signIn: {
    kind: 'secret',
    service: KARGO_SIGN_IN,
    urlHint,
    build: (ctx, url, token) => build(ctx, url, token, STORED_TOKEN),
    async keep(ctx, url, token) {
      await ctx.secrets.store(kargoSecretName(url), token);
      await updateSetting('kargo.url', url);
      await updateSetting('backend', 'kargo');
    },
  },

  async signOut(ctx, settings) {
    const url = trimUrl(settings.kargoUrl || (await urlHint()));
    await ctx.secrets.delete(kargoSecretName(url));
    await ctx.forgetSaved('kargo', url);
    ctx.log.info(`signed out of Kargo at ${url}`);
    return vscode.l10n.t('Signed out of Kargo at {0}; the token was removed.', url);
  },
};
