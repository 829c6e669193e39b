// Chooses and builds the release backend from settings and secrets, and owns sign-in / sign-out / demo mode.
// - backend "none" (the default): no backend; the views' welcome offers sign-in and the demo.
// - backend "codefresh": the Codefresh client at gitopsReleases.codefresh.url with the API key from SecretStorage
//   (falling back to ~/.cfconfig when it names the same URL); no key -> "no backend" welcome.
// - backend "demo": gitopsReleases.demo.serverUrl when set (an already running demo server, DEMO_API_KEY), else the
//   demo server started in-process on loopback for the current repository; gitopsReleases.demo.api says whether it
//   speaks Codefresh's API or Kargo's.
// - backend "kargo": Kargo at gitopsReleases.kargo.url with the token from SecretStorage, else the Kargo CLI's
//   (KARGO_API_TOKEN, ~/.config/kargo/config); where the token came from is shown in the view.
// - backend "github": a session of VS Code's GitHub sign-in (the `github` provider, or `github-enterprise` with
//   its own URI setting) with the scopes below; no session -> "no backend" welcome with "Sign In to GitHub".
// - backend "github-demo": the GitHub backend against the GitHub test engine at gitopsReleases.github.demoServerUrl
//   (made-up data, labelled as demo data).
// The API key never goes to settings or the log (the log masks it even if a message would contain it).

import * as vscode from 'vscode';
import type { BackendSetup, DemoBackend } from '../backends/create';
import { CAPABILITY_CONTEXT_PREFIX, capabilityContext, isDemoBackend } from '../backends/registry';
import type { ReleaseBackend } from '../backends/types';
import { isBackendError } from '../backends/types';
import { FollowUpRunner } from '../core/followUp';
import { proxySettings, readSettings, updateSetting } from './config';
import { loadData } from './deps';
import type { ExtensionLog } from './log';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';
import { CODEFRESH_SIGN_IN, KARGO_SIGN_IN, signInFailure, type SignInService } from '../present/signIn';

/** A sign-in that failed: its message says what happened in the user's terms; `actions` are the buttons to offer. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    message: string,
    readonly actions: readonly string[],
    readonly url: string,
  ) {
    super(message);
  }
}
import type { ScopeInput, SnapshotKeeper } from './snapshots';

/** What the views' welcome content keys on. */
export type BackendState = 'starting' | 'ready' | 'no-backend' | 'sign-in-failed' | 'error';

export const SECRET_PREFIX = 'gitopsReleases.apiKey:';

/**
 * The classic OAuth scope the GitHub backend asks for: `repo` reads private repositories' environments, runs and
 * jobs and allows re-running and cancelling runs (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps).
 * `repo_deployment` alone would read deployments only, without environments, runs or jobs, so it is not enough.
 */
export const GITHUB_SCOPES = ['repo'];

export function secretName(url: string): string {
  return SECRET_PREFIX + url.replace(/\/+$/, '');
}

const KARGO_SECRET_PREFIX = 'gitopsReleases.kargoToken:';

export function kargoSecretName(url: string): string {
  return KARGO_SECRET_PREFIX + url.replace(/\/+$/, '');
}

/** Where a Kargo token kept in VS Code is said to come from. */
const STORED_TOKEN = 'VS Code (SecretStorage)';

export class BackendManager implements vscode.Disposable {
  state: BackendState = 'starting';
  /** Human detail for the current state (the error text, the backend description). */
  detail = '';
  /** The in-process demo backend (its server runs for the rest of the session once started), and its API. */
  private demo: DemoBackend | undefined;
  private demoApi: 'codefresh' | 'kargo' | undefined;
  /** Where the active backend's credential came from, when the user should know (a Kargo token's origin, a GitHub account). */
  credentialOrigin: string | undefined;
  /** The account of the GitHub session in use (VS Code's GitHub sign-in), when GitHub is the backend. */
  private githubAccount: string | undefined;
  /** Set by "Use Demo Backend": wins over the settings for this session. */
  private demoOverride = false;
  private readonly configurer = new FollowUpRunner(() => this.configureOnce());
  private readonly emitter = new vscode.EventEmitter<BackendState>();
  /** The capability context keys as last set (VS Code cannot be asked for a context key's value). */
  readonly capabilityKeys = new Map<string, boolean | string>();
  readonly onDidChangeState = this.emitter.event;
  /**
   * Signed in to the backend the settings choose: an API key of ours for the configured Codefresh URL, a Kargo token
   * of ours, or, with GitHub in use, a session VS Code's GitHub sign-in gave. Sign Out is offered instead of Sign In.
   */
  signedIn = false;
  /** The address of the backend in use, when it has one of its own (Codefresh). */
  activeUrl: string | undefined;
  /** A GitHub sign-in or sign-out in the Accounts menu rebuilds the GitHub backend. */
  private readonly sessions = vscode.authentication.onDidChangeSessions((e) => {
    const s = readSettings();
    if (s.backend === 'github' && e.provider.id === (s.githubEnterprise ? 'github-enterprise' : 'github')) void this.configure();
  });

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly store: ReleaseStore,
    private readonly repos: RepoRegistry,
    private readonly log: ExtensionLog,
    private readonly snapshots: SnapshotKeeper,
  ) {}

  /** Start reading the saved answer of a backend while it is being built (undefined when nothing usable is saved). */
  private async savedAnswer(input: ScopeInput) {
    try {
      const scope = await this.snapshots.scopeOf(input);
      return { scope, restored: await this.snapshots.load(scope) };
    } catch (e) {
      this.log.warn(`the saved releases could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** URL of the in-process demo server, when one runs. */
  get demoUrl(): string | undefined {
    return this.demo?.url;
  }

  get backendDescription(): string | undefined {
    return this.state === 'ready' ? this.detail : undefined;
  }

  /** The demo backend is the one in use (its data is made up: every surface says so). */
  get isDemo(): boolean {
    return isDemoBackend(this.store.backendId);
  }

  /** Sign In and Sign Out are never offered together (package.json `when` clauses read this key). */
  private setSignedIn(value: boolean): void {
    this.signedIn = value;
    void vscode.commands.executeCommand('setContext', 'gitopsReleases.signedIn', value);
  }

  private setState(state: BackendState, detail: string): void {
    this.state = state;
    this.detail = detail;
    void vscode.commands.executeCommand('setContext', 'gitopsReleases.backendState', state);
    void vscode.commands.executeCommand('setContext', 'gitopsReleases.demo', this.isDemo);
    // What the active backend can do: menus and commands show only those (package.json `when` clauses).
    for (const [key, value] of Object.entries(capabilityContext(this.store.capabilities))) {
      this.capabilityKeys.set(CAPABILITY_CONTEXT_PREFIX + key, value);
      void vscode.commands.executeCommand('setContext', CAPABILITY_CONTEXT_PREFIX + key, value);
    }
    this.emitter.fire(state);
  }

  /** (Re)build the backend from settings; serialised, a call during a run schedules one more run. */
  configure(): Promise<void> {
    return this.configurer.run();
  }

  private async configureOnce(): Promise<void> {
    const settings = readSettings();
    this.credentialOrigin = undefined;
    this.githubAccount = undefined;
    this.activeUrl = undefined;
    const stored = (name: string) => this.secrets.get(name).then(Boolean, () => false);
    this.setSignedIn((await stored(secretName(settings.codefreshUrl))) || (settings.kargoUrl !== '' && (await stored(kargoSecretName(settings.kargoUrl)))));
    try {
      let backend: ReleaseBackend | undefined;
      let saved: ReturnType<BackendManager['savedAnswer']> = Promise.resolve(undefined);
      if (!this.demoOverride && settings.backend === 'none') {
        this.snapshots.use(undefined);
        this.store.setBackend(undefined);
        this.setState('no-backend', vscode.l10n.t('No release backend is configured. Sign in to Codefresh or try the demo backend.'));
        return;
      }
      if (!this.demoOverride && (settings.backend === 'github' || settings.backend === 'github-demo')) {
        const gh = await this.githubBackend(settings.backend === 'github-demo', false);
        if (!gh) {
          this.snapshots.use(undefined);
          this.store.setBackend(undefined);
          this.setState('no-backend', vscode.l10n.t('Not signed in to {0}. Run "GitOps Releases: Sign In to GitHub".', settings.githubEnterprise ? 'GitHub Enterprise' : 'GitHub'));
          return;
        }
        saved = this.savedAnswer({ backend: settings.backend, endpoint: gh.endpoint, secret: gh.secret });
        backend = gh.backend;
        this.activeUrl = gh.endpoint;
        if (gh.account) {
          this.setSignedIn(true);
          this.githubAccount = gh.account;
          this.credentialOrigin = `signed in as ${gh.account}`;
        }
      } else if (this.demoOverride || settings.backend === 'demo') {
        const serverUrl = this.demoOverride ? '' : settings.demoServerUrl;
        // The demo speaks Codefresh's API or Kargo's: the two keep their saved answers apart.
        saved = this.savedAnswer({ backend: 'demo', endpoint: serverUrl || (settings.demoApi === 'kargo' ? 'built-in:kargo' : undefined) });
        backend = await this.demoBackend(serverUrl, settings.demoApi);
      } else if (settings.backend === 'kargo') {
        const creds = await this.kargoCredentials();
        if (!creds) {
          this.snapshots.use(undefined);
          this.store.setBackend(undefined);
          this.setState('no-backend', vscode.l10n.t('No Kargo token. Run "GitOps Releases: Sign In to Kargo", or log in with the Kargo CLI.'));
          return;
        }
        this.log.addSecret(creds.token);
        this.log.info(`Kargo token from ${creds.origin}`);
        this.credentialOrigin = `token from ${creds.origin}`;
        saved = this.savedAnswer({ backend: 'kargo', endpoint: creds.url, secret: creds.token });
        backend = await this.kargoBackend(creds.url, creds.token, creds.origin);
        this.activeUrl = creds.url;
      } else {
        const key = await this.secrets.get(secretName(settings.codefreshUrl));
        let apiKey = key;
        let baseUrl = settings.codefreshUrl;
        if (!apiKey) {
          const cf = await (await loadData()).readCfConfig().catch(() => undefined);
          if (cf && cf.token && sameUrl(cf.url, settings.codefreshUrl)) {
            apiKey = cf.token;
            baseUrl = cf.url;
            this.log.info(`using the API key of ~/.cfconfig context "${cf.context}"`);
          }
        }
        if (!apiKey) {
          this.snapshots.use(undefined);
          this.store.setBackend(undefined);
          this.setState('no-backend', vscode.l10n.t('No API key for {0}. Run "GitOps Releases: Sign In".', settings.codefreshUrl));
          return;
        }
        this.log.addSecret(apiKey);
        saved = this.savedAnswer({ backend: 'codefresh', endpoint: baseUrl, secret: apiKey });
        backend = await this.codefreshBackend(baseUrl, apiKey);
        this.activeUrl = baseUrl;
      }
      const answer = await saved;
      this.store.setBackend(backend, answer?.restored);
      this.snapshots.use(answer?.scope);
      this.log.info(`backend: ${backend.description}`);
      this.setState('ready', backend.description);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.snapshots.use(undefined);
      this.store.setBackend(undefined);
      this.log.error(`setting up the backend failed: ${message}`);
      this.setState('error', message);
    }
  }

  /** What every backend is built with (read at each build: settings may have changed). */
  private setup(): BackendSetup {
    return {
      log: this.log,
      proxy: proxySettings(),
      caFile: readSettings().caFile || undefined,
      // Read at each refresh: the product list on platforms without a products query.
      configuredProducts: () => readSettings().products,
    };
  }

  /**
   * The GitHub backend with the address and token its saved answer is kept under and the signed-in account: with a
   * session of VS Code's GitHub sign-in (undefined without one, unless `interactive` asks VS Code to sign in), or on
   * the test engine (no account).
   */
  private async githubBackend(testEngine: boolean, interactive: boolean): Promise<{ backend: ReleaseBackend; endpoint?: string; secret?: string; account?: string } | undefined> {
    const settings = readSettings();
    const repoRoots = await this.repos.workspaceRoots();
    const setup = { ...this.setup(), configuredProducts: () => readSettings().githubRepositories, localRepos: () => repoRoots };
    const config = { prodNames: () => readSettings().githubProdNames, flowSetting: () => readSettings().githubFlow };
    const data = await loadData();
    if (testEngine) {
      if (!settings.githubDemoServerUrl) throw new Error(vscode.l10n.t('gitopsReleases.github.demoServerUrl is not set: start the GitHub test engine with `npm run demo -- --backend github`.'));
      return { backend: await data.createBackend('github-demo', { ...config, apiUrl: settings.githubDemoServerUrl }, setup), endpoint: settings.githubDemoServerUrl };
    }
    const provider = settings.githubEnterprise ? 'github-enterprise' : 'github';
    const service = settings.githubEnterprise ? 'GitHub Enterprise' : 'GitHub';
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await vscode.authentication.getSession(provider, GITHUB_SCOPES, interactive ? { createIfNone: true } : { silent: true });
    } catch (e) {
      throw githubSessionError(e, service);
    }
    if (!session) return undefined;
    this.log.addSecret(session.accessToken);
    const uri = settings.githubEnterprise ? settings.githubEnterpriseUrl || vscode.workspace.getConfiguration('github-enterprise').get<string>('uri') : undefined;
    if (settings.githubEnterprise && !uri) throw new Error(vscode.l10n.t('Set github-enterprise.uri (or gitopsReleases.github.enterpriseUrl) to your GitHub Enterprise Server URL to sign in there.'));
    const backend = await data.createBackend('github', { ...config, apiUrl: uri, token: session.accessToken }, setup);
    return { backend, endpoint: uri ?? 'https://api.github.com', secret: session.accessToken, account: session.account.label };
  }

  /** "Sign In to GitHub": ask VS Code for a GitHub session (it shows its own sign-in), check it, switch to GitHub. */
  async signInGitHub(): Promise<{ user: string; account?: string }> {
    const backend = (await this.githubBackend(false, true))?.backend;
    if (!backend) throw new Error(vscode.l10n.t('No GitHub session was given.'));
    try {
      const who = await backend.whoAmI();
      this.demoOverride = false;
      await updateSetting('backend', 'github');
      this.log.info(`signed in to GitHub as ${who.user}`);
      await this.configure();
      return who;
    } finally {
      await backend.dispose?.();
    }
  }

  private async codefreshBackend(baseUrl: string, apiKey: string): Promise<ReleaseBackend> {
    return (await loadData()).createBackend('codefresh', { baseUrl, apiKey }, this.setup());
  }

  private async demoBackend(serverUrl: string, api: 'codefresh' | 'kargo'): Promise<ReleaseBackend> {
    const backends = await loadData();
    if (serverUrl) return backends.createBackend('demo', { serverUrl, api }, this.setup());
    if (this.demo && this.demoApi !== api) {
      const old = this.demo;
      this.demo = undefined;
      await old.dispose().catch(() => undefined);
    }
    if (!this.demo) {
      const root = await this.repos.currentRoot();
      if (!root) throw new Error(vscode.l10n.t('The demo backend needs a Git repository in the workspace: open a folder that is in a Git repository.'));
      this.demo = await backends.DemoBackend.create({ repoPath: root, api, ...this.setup() });
      this.demoApi = api;
    }
    return this.demo;
  }

  /** The Kargo address and token: the setting and SecretStorage first, then the Kargo CLI's; undefined without a token. */
  private async kargoCredentials(): Promise<{ url: string; token: string; origin: string } | undefined> {
    const settings = readSettings();
    const cli = await (await loadData()).readKargoCliConfig().catch((e: unknown) => {
      this.log.warn(`the Kargo CLI's configuration could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    const url = settings.kargoUrl || cli?.apiAddress || '';
    if (!url) return undefined;
    const stored = await this.secrets.get(kargoSecretName(url));
    if (stored) return { url, token: stored, origin: STORED_TOKEN };
    // The CLI's token belongs to its own address: use it only for that one.
    if (cli && (!cli.apiAddress || sameUrl(cli.apiAddress, url))) return { url, token: cli.token, origin: cli.origin };
    return undefined;
  }


  private async kargoBackend(url: string, token: string, origin: string): Promise<ReleaseBackend> {
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
      this.setup(),
    );
  }

  /** The Kargo address to offer at sign-in: the setting, else the Kargo CLI's. */
  async kargoUrlHint(): Promise<string> {
    const s = readSettings();
    if (s.kargoUrl) return s.kargoUrl;
    return (await (await loadData()).readKargoCliConfig().catch(() => undefined))?.apiAddress ?? '';
  }



  /** The backend setting changed: it chooses the backend again, even after "Try the Demo Backend" this session. */
  followSettings(): void {
    this.demoOverride = false;
  }

  /** "Use Demo Backend": start the in-process demo server for the current repository and switch to it. */
  async useDemo(): Promise<string> {
    this.demoOverride = true;
    await this.configure();
    if (this.state !== 'ready') throw new Error(this.detail);
    return this.demo?.url ?? '';
  }

  /**
   * Validate a URL + API key with whoAmI; only on success store the key in SecretStorage and switch to Codefresh.
   * Throws a SignInError otherwise (nothing stored).
   */
  signIn(url: string, apiKey: string): Promise<{ user: string; account?: string }> {
    return this.signInWith(CODEFRESH_SIGN_IN, url, apiKey, (clean) => this.codefreshBackend(clean, apiKey), async (clean) => {
      await this.secrets.store(secretName(clean), apiKey);
      await updateSetting('codefresh.url', clean);
      await updateSetting('backend', 'codefresh');
    });
  }

  /**
   * Validate a Kargo address and token (list projects); only on success keep the token in SecretStorage and switch
   * to Kargo. Throws a SignInError otherwise (nothing stored).
   */
  signInKargo(url: string, token: string): Promise<{ user: string; account?: string }> {
    return this.signInWith(KARGO_SIGN_IN, url, token, (clean) => this.kargoBackend(clean, token, STORED_TOKEN), async (clean) => {
      await this.secrets.store(kargoSecretName(clean), token);
      await updateSetting('kargo.url', clean);
      await updateSetting('backend', 'kargo');
    });
  }

  /** One sign-in for every service with an address and a secret: check the secret with whoAmI, then keep it. */
  private async signInWith(
    service: SignInService,
    url: string,
    secret: string,
    build: (cleanUrl: string) => Promise<ReleaseBackend>,
    keep: (cleanUrl: string) => Promise<void>,
  ): Promise<{ user: string; account?: string }> {
    const clean = url.trim().replace(/\/+$/, '');
    let parsed: URL | undefined;
    try {
      parsed = new URL(clean);
    } catch {
      parsed = undefined;
    }
    if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:') throw new SignInError(`Sign-in failed: ${clean} is not an http(s) URL. Nothing was stored.`, ['Retry'], clean);
    this.log.addSecret(secret);
    const backend = await build(clean);
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 20_000);
    let who: { user: string; account?: string };
    try {
      who = await backend.whoAmI(ac.signal);
    } catch (e) {
      const kind = isBackendError(e) ? e.kind : 'error';
      const message = e instanceof Error ? e.message : String(e);
      this.log.warn(`sign-in to ${service.name} at ${clean} failed (${kind}): ${message}`);
      const failure = signInFailure(clean, kind, message, service);
      this.setState(this.state === 'ready' ? 'ready' : 'sign-in-failed', this.state === 'ready' ? this.detail : failure.text);
      void vscode.commands.executeCommand('setContext', 'gitopsReleases.signInFailed', true);
      throw new SignInError(failure.text, failure.actions, clean);
    } finally {
      clearTimeout(timer);
      await backend.dispose?.();
    }
    this.demoOverride = false;
    await keep(clean);
    void vscode.commands.executeCommand('setContext', 'gitopsReleases.signInFailed', false);
    this.log.info(`signed in to ${service.name} at ${clean} as ${who.user}${who.account ? ` (${who.account})` : ''}`);
    await this.configure();
    return who;
  }


  /**
   * Forget the key of the configured Codefresh URL (with Kargo in use: its stored token; with GitHub: stop using the
   * GitHub session and delete its saved releases). Returns the sentence that tells the user what happened.
   */
  async signOut(): Promise<string> {
    const settings = readSettings();
    if (settings.backend === 'github') {
      // An extension cannot end a session of VS Code's GitHub sign-in (other extensions may use it): the extension
      // stops using it, and says where the account itself is signed out.
      const url = this.activeUrl;
      const account = this.githubAccount;
      if (url) await this.snapshots.forgetEndpoint('github', url).catch((e: unknown) => this.log.warn(`could not delete the saved releases of ${url}: ${e instanceof Error ? e.message : String(e)}`));
      await updateSetting('backend', 'none');
      this.log.info(`stopped using the GitHub session${account ? ` of ${account}` : ''}`);
      await this.configure();
      const service = settings.githubEnterprise ? 'GitHub Enterprise' : 'GitHub';
      const note = vscode.l10n.t('The account stays signed in to VS Code for other extensions: sign out of it from the Accounts menu.');
      return `${account ? vscode.l10n.t('GitOps Releases no longer uses {0} ({1}), and its saved releases were deleted.', service, account) : vscode.l10n.t('GitOps Releases no longer uses {0}, and its saved releases were deleted.', service)} ${note}`;
    }
    if (settings.backend === 'kargo') {
      const url = (settings.kargoUrl || (await this.kargoUrlHint())).replace(/\/+$/, '');
      await this.secrets.delete(kargoSecretName(url));
      await this.snapshots.forgetEndpoint('kargo', url).catch((e: unknown) => this.log.warn(`could not delete the saved releases of ${url}: ${e instanceof Error ? e.message : String(e)}`));
      this.log.info(`signed out of Kargo at ${url}`);
      await this.configure();
      return vscode.l10n.t('Signed out of Kargo at {0}; the token was removed.', url);
    }
    const url = settings.codefreshUrl.replace(/\/+$/, '');
    await this.secrets.delete(secretName(url));
    await this.snapshots.forgetEndpoint('codefresh', url).catch((e: unknown) => this.log.warn(`could not delete the saved releases of ${url}: ${e instanceof Error ? e.message : String(e)}`));
    this.log.info(`signed out of ${url}`);
    await this.configure();
    return vscode.l10n.t('Signed out of {0}; the API key was removed.', url);
  }

  async hasStoredKey(url?: string): Promise<boolean> {
    return (await this.secrets.get(secretName((url ?? readSettings().codefreshUrl).replace(/\/+$/, '')))) !== undefined;
  }

  async dispose(): Promise<void> {
    this.emitter.dispose();
    this.sessions.dispose();
    const d = this.demo;
    this.demo = undefined;
    await d?.dispose().catch(() => undefined);
  }
}

/** The user closed VS Code's sign-in or declined to let the extension use the account: nothing is wrong. */
export class SignInCancelled extends Error {
  override readonly name = 'SignInCancelled';
}

/**
 * What VS Code's `authentication.getSession` threw, in the user's words: a declined consent or a closed sign-in is a
 * cancellation (VS Code says "User did not consent to login." or throws its cancellation error), a missing provider
 * says which sign-in is missing.
 */
function githubSessionError(e: unknown, service: string): Error {
  const message = e instanceof Error ? e.message : String(e);
  if ((e instanceof Error && (e.name === 'Canceled' || e.name === 'CancellationError')) || /did not consent|cancel/i.test(message))
    return new SignInCancelled(`Sign-in to ${service} was cancelled; nothing changed.`);
  if (/no authentication provider/i.test(message)) return new Error(vscode.l10n.t('This VS Code has no {0} sign-in (its built-in GitHub Authentication extension is missing or disabled).', service));
  return new Error(vscode.l10n.t('VS Code\'s {0} sign-in failed: {1}', service, message));
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}
