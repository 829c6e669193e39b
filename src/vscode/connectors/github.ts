// GitHub: a session of VS Code's GitHub sign-in (the `github` provider, or `github-enterprise` with its own URI
// setting) with the scopes below; no session -> the "no backend" welcome with "Sign In to GitHub".

import * as vscode from 'vscode';
import type { BackendSetup } from '../../backends/create';
import type { ReleaseBackend } from '../../backends/types';
import { readSettings, updateSetting, type Settings } from '../config';
import { loadData } from '../deps';
import { errorMessage } from '../../core/errorMessage';
import type { Connector, ConnectorContext } from './types';

/**
 * The classic OAuth scope the GitHub backend asks for: `repo` reads private repositories' environments, runs and
 * jobs and allows re-running and cancelling runs (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps).
 * `repo_deployment` alone would read deployments only, without environments, runs or jobs, so it is not enough.
 */
export const GITHUB_SCOPES = ['repo'];

/** The user closed VS Code's sign-in or declined to let the extension use the account: nothing is wrong. */
export class SignInCancelled extends Error {
  override readonly name = 'SignInCancelled';
}

const provider = (s: Settings) => (s.githubEnterprise ? 'github-enterprise' : 'github');
/** The service's name as the user reads it. */
export const githubService = (s: Settings) => (s.githubEnterprise ? 'GitHub Enterprise' : 'GitHub');

/** What the GitHub backend and the test engine are both built with. */
export async function githubSetup(ctx: ConnectorContext): Promise<{ setup: BackendSetup; config: { prodNames: () => string[]; flowSetting: () => Record<string, string[]> } }> {
  const repoRoots = await ctx.repos.workspaceRoots();
  return {
    setup: { ...ctx.setup(), configuredProducts: () => readSettings().githubRepositories, localRepos: () => repoRoots },
    config: { prodNames: () => readSettings().githubProdNames, flowSetting: () => readSettings().githubFlow },
  };
}

/**
 * The GitHub backend with a session of VS Code's GitHub sign-in (undefined without one, unless `interactive` asks
 * VS Code to sign in), its address and token (its saved answer is kept under them) and the signed-in account.
 */
async function build(ctx: ConnectorContext, interactive: boolean): Promise<{ backend: ReleaseBackend; endpoint: string; secret: string; account: string } | undefined> {
  const settings = readSettings();
  const { setup, config } = await githubSetup(ctx);
  const data = await loadData();
  const service = githubService(settings);
  let session: vscode.AuthenticationSession | undefined;
  try {
    session = await vscode.authentication.getSession(provider(settings), GITHUB_SCOPES, interactive ? { createIfNone: true } : { silent: true });
  } catch (e) {
    throw githubSessionError(e, service);
  }
  if (!session) return undefined;
  ctx.log.addSecret(session.accessToken);
  const uri = settings.githubEnterprise ? settings.githubEnterpriseUrl || vscode.workspace.getConfiguration('github-enterprise').get<string>('uri') : undefined;
  if (settings.githubEnterprise && !uri) throw new Error(vscode.l10n.t('Set github-enterprise.uri (or gitopsReleases.github.enterpriseUrl) to your GitHub Enterprise Server URL to sign in there.'));
  const backend = await data.createBackend('github', { ...config, apiUrl: uri, token: session.accessToken }, setup);
  return { backend, endpoint: uri ?? 'https://api.github.com', secret: session.accessToken, account: session.account.label };
}

export const github: Connector<'github'> = {
  id: 'github',
  settings: ['github'],
  // The token is VS Code's session, not a secret of ours: signed in when a session is given (see connect).
  secretNames: () => [],

  async connect(ctx, settings) {
    const gh = await build(ctx, false);
    if (!gh) return { missing: vscode.l10n.t('Not signed in to {0}. Run "GitOps Releases: Sign In to GitHub".', githubService(settings)) };
    ctx.keepSavedUnder({ backend: 'github', endpoint: gh.endpoint, secret: gh.secret });
    return { backend: gh.backend, url: gh.endpoint, account: gh.account, credentialOrigin: `signed in as ${gh.account}` };
  },

  signIn: {
    kind: 'provider',
    build: async (ctx) => (await build(ctx, true))?.backend,
    async keep() {
      await updateSetting('backend', 'github');
    },
  },

  async signOut(ctx, settings, active) {
    // An extension cannot end a session of VS Code's GitHub sign-in (other extensions may use it): the extension
    // stops using it, and says where the account itself is signed out.
    if (active.url) await ctx.forgetSaved('github', active.url);
    await updateSetting('backend', 'none');
    ctx.log.info(`stopped using the GitHub session${active.account ? ` of ${active.account}` : ''}`);
    const service = githubService(settings);
    const note = vscode.l10n.t('The account stays signed in to VS Code for other extensions: sign out of it from the Accounts menu.');
    return `${active.account ? vscode.l10n.t('GitOps Releases no longer uses {0} ({1}), and its saved releases were deleted.', service, active.account) : vscode.l10n.t('GitOps Releases no longer uses {0}, and its saved releases were deleted.', service)} ${note}`;
  },

  /** A GitHub sign-in or sign-out in the Accounts menu rebuilds the GitHub backend. */
  watchCredentials: (settings, rebuild) =>
    vscode.authentication.onDidChangeSessions((e) => {
      const s = settings();
      if (s.backend === 'github' && e.provider.id === provider(s)) rebuild();
    }),
};

/**
 * What VS Code's `authentication.getSession` threw, in the user's words: a declined consent or a closed sign-in is a
 * cancellation (VS Code says "User did not consent to login." or throws its cancellation error), a missing provider
 * says which sign-in is missing.
 */
function githubSessionError(e: unknown, service: string): Error {
  const message = errorMessage(e);
  if ((e instanceof Error && (e.name === 'Canceled' || e.name === 'CancellationError')) || /did not consent|cancel/i.test(message))
    return new SignInCancelled(vscode.l10n.t('Sign-in to {0} was cancelled; nothing changed.', service));
  if (/no authentication provider/i.test(message)) return new Error(vscode.l10n.t('This VS Code has no {0} sign-in (its built-in GitHub Authentication extension is missing or disabled).', service));
  return new Error(vscode.l10n.t('VS Code\'s {0} sign-in failed: {1}', service, message));
}
