// What every backend brings to the editor side, in one interface: the settings it reads, where its credentials come
// from (SecretStorage, a VS Code authentication provider, the vendor CLI's configuration, environment variables) and
// where each came from, how it signs in and out, the secret names it keeps, and how it builds its ReleaseBackend.
// BackendManager (../backendManager.ts) runs the connectors in a loop; it knows no backend by name.

import type * as vscode from 'vscode';
import type { BackendSetup } from '../../backends/create';
import type { ReleaseBackend } from '../../backends/types';
import type { BackendId } from '../../core/model';
import type { SignInService } from '../../present/signIn';
import type { Settings } from '../config';
import type { ExtensionLog } from '../log';
import type { RepoRegistry } from '../repos';
import type { ScopeInput } from '../snapshots';

/** What a connector may use of the extension. */
export interface ConnectorContext {
  readonly secrets: vscode.SecretStorage;
  readonly log: ExtensionLog;
  readonly repos: RepoRegistry;
  /** What every backend is built with (read at each call: settings may have changed). */
  setup(): BackendSetup;
  /** Start reading the saved answer kept under this scope while the backend is being built. */
  keepSavedUnder(input: ScopeInput): void;
  /** Delete the saved releases of this backend at this address (a failure is logged, not thrown). */
  forgetSaved(backend: BackendId, url: string): Promise<void>;
}

/** A backend built from the settings, with what the views say about its credential. */
export interface Connection {
  backend: ReleaseBackend;
  /** The address of the backend, when it has one of its own. */
  url?: string;
  /** Where the credential came from, when the user should know (a token's origin, a signed-in account). */
  credentialOrigin?: string;
  /** The account of a session an authentication provider gave (Sign Out is then offered). */
  account?: string;
}

/** No backend can be built: `message` says what the user can do (sign in, log in with the vendor's CLI). */
export interface Missing {
  missing: string;
}

/** Sign-in with an address and a secret the user types: checked with whoAmI, kept only when it works. */
export interface SecretSignIn {
  readonly kind: 'secret';
  readonly service: SignInService;
  /** The address to offer when the command is given none. */
  urlHint(ctx: ConnectorContext): Promise<string>;
  /** The backend to check the secret with. */
  build(ctx: ConnectorContext, url: string, secret: string): Promise<ReleaseBackend>;
  /** Keep the checked secret and choose this backend in the settings. */
  keep(ctx: ConnectorContext, url: string, secret: string): Promise<void>;
}

/** Sign-in through a VS Code authentication provider, which shows its own UI. */
export interface ProviderSignIn {
  readonly kind: 'provider';
  /** Ask the provider for a session (interactively) and build the backend with it; undefined when none was given. */
  build(ctx: ConnectorContext): Promise<ReleaseBackend | undefined>;
  /** Choose this backend in the settings. */
  keep(ctx: ConnectorContext): Promise<void>;
}

/** What the manager knows of the connection in use when it signs out. */
export interface ActiveConnection {
  url: string | undefined;
  account: string | undefined;
}

export interface Connector<Id extends BackendId = BackendId> {
  /** The backend this connector builds (one connector per backend id). */
  readonly id: Id;
  /** The settings (dotted keys under `gitopsReleases`) whose change rebuilds this backend. */
  readonly settings: readonly string[];
  /** The SecretStorage names of the secrets this connector keeps for the current settings. */
  secretNames(settings: Settings): readonly string[];
  /** Build the backend from the settings and credentials, or say what is missing. */
  connect(ctx: ConnectorContext, settings: Settings): Promise<Connection | Missing>;
  readonly signIn?: SecretSignIn | ProviderSignIn;
  /** Forget the credential and the saved releases of this backend; returns the sentence that tells the user. */
  signOut?(ctx: ConnectorContext, settings: Settings, active: ActiveConnection): Promise<string>;
  /** A change of credentials outside the extension (a session ended in the Accounts menu) calls `rebuild`. */
  watchCredentials?(settings: () => Settings, rebuild: () => void): vscode.Disposable;
  /** The address of a server the connector runs itself in this process, when one runs. */
  serverUrl?(): string | undefined;
  /** Stop what the connector runs itself (an in-process server). */
  dispose?(): Promise<void>;
}

export function isMissing(c: Connection | Missing): c is Missing {
  return 'missing' in c;
}

/** A URL without its trailing slashes, as secrets and saved answers are keyed. */
export function trimUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

export function sameUrl(a: string, b: string): boolean {
  return trimUrl(a).toLowerCase() === trimUrl(b).toLowerCase();
}
