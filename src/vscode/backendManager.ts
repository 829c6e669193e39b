// Chooses and builds the release backend from settings and secrets, and owns sign-in / sign-out / demo mode, for
// every backend alike: what differs between backends (settings, credentials, secret names, sign-in, sign-out) is in
// each backend's connector (./connectors/). Backend "none" (the default) builds nothing: the views' welcome offers
// sign-in and the demo. The secrets never go to settings or the log (the log masks them even if a message would
// contain one).

import * as vscode from 'vscode';
import type { BackendSetup } from '../backends/create';
import { BACKENDS, CAPABILITY_CONTEXT_PREFIX, capabilityContext, isDemoBackend } from '../backends/registry';
import type { ReleaseBackend } from '../backends/types';
import { isBackendError } from '../backends/types';
import { errorMessage } from '../core/errorMessage';
import { FollowUpRunner } from '../core/followUp';
import type { BackendId } from '../core/model';
import { proxySettings, readSettings, SECTION, type Settings } from './config';
import { BUILT_IN_DEMO, createConnectors, DEFAULT_CONNECTOR } from './connectors';
import { secretName } from './connectors/codefresh';
import { isMissing, trimUrl, type Connector, type ConnectorContext } from './connectors/types';
import type { ExtensionLog } from './log';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';
import { signInFailure } from '../present/signIn';
import type { ScopeInput, SnapshotKeeper } from './snapshots';

export { SignInCancelled } from './connectors/github';

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

/** What the views' welcome content keys on. */
export type BackendState = 'starting' | 'ready' | 'no-backend' | 'sign-in-failed' | 'error';

/** The settings outside any connector whose change rebuilds the backend, whichever it is. */
const COMMON_SETTINGS = [`${SECTION}.backend`, `${SECTION}.caFile`, 'http.proxy', 'http.proxyStrictSSL'];

export class BackendManager implements vscode.Disposable {
  state: BackendState = 'starting';
  /** Human detail for the current state (the error text, the backend description). */
  detail = '';
  /** Where the active backend's credential came from, when the user should know (a Kargo token's origin, a GitHub account). */
  credentialOrigin: string | undefined;
  /** The account of the session an authentication provider gave the backend in use. */
  private account: string | undefined;
  /** Set by "Use Demo Backend": wins over the settings for this session. */
  private demoOverride = false;
  private readonly configurer = new FollowUpRunner(() => this.configureOnce());
  private readonly emitter = new vscode.EventEmitter<BackendState>();
  /** The capability context keys as last set (VS Code cannot be asked for a context key's value). */
  readonly capabilityKeys = new Map<string, boolean | string>();
  readonly onDidChangeState = this.emitter.event;
  /**
   * Signed in to the backend the settings choose: a secret of ours for the configured address (a Codefresh API key, a
   * Kargo token), or a session an authentication provider gave (GitHub). Sign Out is offered instead of Sign In.
   */
  signedIn = false;
  /** The address of the backend in use, when it has one of its own. */
  activeUrl: string | undefined;
  private readonly connectors = createConnectors();
  private readonly ctx: ConnectorContext;
  /** The saved answer being read for the backend being built. */
  private saved: ReturnType<BackendManager['savedAnswer']> = Promise.resolve(undefined);
  private readonly watchers: vscode.Disposable[];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly store: ReleaseStore,
    repos: RepoRegistry,
    private readonly log: ExtensionLog,
    private readonly snapshots: SnapshotKeeper,
  ) {
    this.ctx = {
      secrets,
      log,
      repos,
      setup: () => this.setup(),
      keepSavedUnder: (input) => {
        this.saved = this.savedAnswer(input);
      },
      forgetSaved: (backend, url) => this.snapshots.forgetEndpoint(backend, url).catch((e: unknown) => this.log.warn(`could not delete the saved releases of ${url}: ${errorMessage(e)}`)),
    };
    this.watchers = this.all().flatMap((c) => (c.watchCredentials ? [c.watchCredentials(readSettings, () => void this.configure())] : []));
  }

  private all(): Connector[] {
    return Object.values(this.connectors);
  }

  /** Whether a settings change may change the backend: the common settings and every connector's own. */
  affectsBackend(e: vscode.ConfigurationChangeEvent): boolean {
    return [...COMMON_SETTINGS, ...new Set(this.all().flatMap((c) => c.settings.map((key) => `${SECTION}.${key}`)))].some((key) => e.affectsConfiguration(key));
  }

  /** Start reading the saved answer of a backend while it is being built (undefined when nothing usable is saved). */
  private async savedAnswer(input: ScopeInput) {
    try {
      const scope = await this.snapshots.scopeOf(input);
      return { scope, restored: await this.snapshots.load(scope) };
    } catch (e) {
      this.log.warn(`the saved releases could not be read: ${errorMessage(e)}`);
      return undefined;
    }
  }

  /** URL of the in-process demo server, when one runs. */
  get demoUrl(): string | undefined {
    return this.all().map((c) => c.serverUrl?.()).find((url) => url !== undefined);
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

  private noBackend(message: string): void {
    this.snapshots.use(undefined);
    this.store.setBackend(undefined);
    this.setState('no-backend', message);
  }

  private async configureOnce(): Promise<void> {
    const settings = readSettings();
    this.credentialOrigin = undefined;
    this.account = undefined;
    this.activeUrl = undefined;
    this.saved = Promise.resolve(undefined);
    const stored = (name: string) => this.secrets.get(name).then(Boolean, () => false);
    let signedIn = false;
    for (const name of this.all().flatMap((c) => c.secretNames(settings))) if (!signedIn) signedIn = await stored(name);
    this.setSignedIn(signedIn);
    try {
      // "Try the Demo Backend" runs the demo's built-in server, whatever the settings say.
      const id: Settings['backend'] = this.demoOverride ? BUILT_IN_DEMO : settings.backend;
      if (id === 'none') {
        this.noBackend(vscode.l10n.t('No release backend is configured. Sign in to Codefresh or try the demo backend.'));
        return;
      }
      const connection = await this.connectors[id].connect(this.ctx, this.demoOverride ? { ...settings, demoServerUrl: '' } : settings);
      if (isMissing(connection)) {
        this.noBackend(connection.missing);
        return;
      }
      const { backend } = connection;
      this.activeUrl = connection.url;
      this.credentialOrigin = connection.credentialOrigin;
      if (connection.account) {
        this.setSignedIn(true);
        this.account = connection.account;
      }
      const answer = await this.saved;
      this.store.setBackend(backend, answer?.restored);
      this.snapshots.use(answer?.scope);
      this.log.info(`backend: ${backend.description}`);
      this.setState('ready', backend.description);
    } catch (e) {
      const message = errorMessage(e);
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

  /** The address a sign-in with an address and a secret offers when it is given none. */
  async urlHint(id: BackendId): Promise<string> {
    const signIn = this.connectors[id].signIn;
    return signIn?.kind === 'secret' ? signIn.urlHint(this.ctx) : '';
  }

  /**
   * Sign in through the backend's authentication provider (it shows its own sign-in), check the session with whoAmI
   * and switch to that backend.
   */
  async signInWithProvider(id: BackendId): Promise<{ user: string; account?: string }> {
    const signIn = this.connectors[id].signIn;
    if (signIn?.kind !== 'provider') throw new Error(vscode.l10n.t('The {0} backend has no sign-in of its own.', id));
    const backend = await signIn.build(this.ctx);
    const name = BACKENDS[id].title;
    if (!backend) throw new Error(vscode.l10n.t('No {0} session was given.', name));
    try {
      const who = await backend.whoAmI();
      this.demoOverride = false;
      await signIn.keep(this.ctx);
      this.log.info(`signed in to ${name} as ${who.user}`);
      await this.configure();
      return who;
    } finally {
      await backend.dispose?.();
    }
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
    return this.demoUrl ?? '';
  }

  /**
   * Sign in with an address and a secret: check the secret with whoAmI; only on success keep it in SecretStorage and
   * switch to that backend. Throws a SignInError otherwise (nothing stored).
   */
  async signIn(id: BackendId, url: string, secret: string): Promise<{ user: string; account?: string }> {
    const signIn = this.connectors[id].signIn;
    if (signIn?.kind !== 'secret') throw new Error(vscode.l10n.t('The {0} backend is not signed in to with an address and a secret.', id));
    const { service } = signIn;
    const clean = trimUrl(url.trim());
    let parsed: URL | undefined;
    try {
      parsed = new URL(clean);
    } catch {
      parsed = undefined;
    }
    if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:') throw new SignInError(`Sign-in failed: ${clean} is not an http(s) URL. Nothing was stored.`, ['Retry'], clean);
    this.log.addSecret(secret);
    const backend: ReleaseBackend = await signIn.build(this.ctx, clean, secret);
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 20_000);
    let who: { user: string; account?: string };
    try {
      who = await backend.whoAmI(ac.signal);
    } catch (e) {
      const kind = isBackendError(e) ? e.kind : 'error';
      const message = errorMessage(e);
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
    await signIn.keep(this.ctx, clean, secret);
    void vscode.commands.executeCommand('setContext', 'gitopsReleases.signInFailed', false);
    this.log.info(`signed in to ${service.name} at ${clean} as ${who.user}${who.account ? ` (${who.account})` : ''}`);
    await this.configure();
    return who;
  }

  /**
   * Sign out of the backend the settings choose (the default connector's when that one has no sign-out): forget its
   * secret or stop using its session, and delete its saved releases. Returns the sentence that tells the user.
   */
  async signOut(): Promise<string> {
    const settings = readSettings();
    const chosen = settings.backend === 'none' ? undefined : this.connectors[settings.backend];
    const connector = chosen?.signOut ? chosen : this.connectors[DEFAULT_CONNECTOR];
    const said = (await connector.signOut?.(this.ctx, settings, { url: this.activeUrl, account: this.account })) ?? '';
    await this.configure();
    return said;
  }

  /** Whether an API key is kept for this Codefresh URL (default: the configured one). */
  async hasStoredKey(url?: string): Promise<boolean> {
    return (await this.secrets.get(secretName(trimUrl(url ?? readSettings().codefreshUrl)))) !== undefined;
  }

  async dispose(): Promise<void> {
    this.emitter.dispose();
    for (const w of this.watchers) w.dispose();
    for (const c of this.all()) await c.dispose?.();
  }
}
