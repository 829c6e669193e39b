// The release backends the extension and the CLI know, keyed by kind: what each one is and what it can do. Pure and
// light (no client code), so the editor can gate its UI on a backend's capabilities before loading the backend
// itself. How each one is built is in ./create.

import { RELEASE_ACTIONS, type BackendId } from '../core/model';
import type { BackendCapabilities } from './types';

export interface BackendInfo {
  readonly id: BackendId;
  /** Name for the UI and the log. */
  readonly title: string;
  /** Its releases are made up (the demo): every surface that shows them labels them as demo data. */
  readonly madeUp: boolean;
  readonly capabilities: BackendCapabilities;
}

export const BACKENDS: { readonly [K in BackendId]: BackendInfo & { readonly id: K } } = {
  codefresh: {
    id: 'codefresh',
    title: 'Codefresh',
    madeUp: false,
    // GraphQL over POST: no ETags and no subscription the client could use, so every refresh is a full request.
    capabilities: { updates: 'poll', workflows: true, releaseNotes: true, webPages: true, actions: [] },
  },
  demo: {
    id: 'demo',
    title: 'Demo',
    madeUp: true,
    // The demo server speaks Codefresh's API; its releases have no web page (the hosts it names are invented).
    capabilities: { updates: 'poll', workflows: true, releaseNotes: true, webPages: false, actions: [] },
  },
  kargo: {
    id: 'kargo',
    title: 'Kargo',
    madeUp: false,
    // Stages and Promotions stream through `?watch=true`; Freight carries commits and images; promote, approve, abort
    // and re-verify are REST calls.
    capabilities: { updates: 'stream', workflows: true, releaseNotes: true, webPages: false, actions: ['promote', 'approve', 'abort', 'verify'] },
  },
  github: {
    id: 'github',
    title: 'GitHub',
    madeUp: false,
    // REST lists answer 304 to an unchanged ETag, which costs no rate limit; jobs are the workflows, runs the releases.
    capabilities: { updates: 'conditional-poll', workflows: true, releaseNotes: false, webPages: false, actions: ['approve', 'reject', 'retry', 'abort'] },
  },
  'github-demo': {
    id: 'github-demo',
    title: 'GitHub (demo)',
    madeUp: true,
    // The GitHub backend against the local test engine, whose repository data is made up from the local history.
    capabilities: { updates: 'conditional-poll', workflows: true, releaseNotes: false, webPages: false, actions: ['approve', 'reject', 'retry', 'abort'] },
  },
};

/** The registry entry of a backend id, or undefined for anything else (no backend, an unknown id). */
export function backendInfo(id: string | undefined): BackendInfo | undefined {
  return id !== undefined && Object.hasOwn(BACKENDS, id) ? BACKENDS[id as BackendId] : undefined;
}

/** What `gitopsReleases.backend` may say: a registered backend, or none. */
export type BackendKind = 'none' | BackendId;

/** The setting's value as the extension acts on it: only a registered backend's id chooses one; anything else (unset,
 * a typo, another case) means no backend. */
export function backendKind(value: unknown): BackendKind {
  return typeof value === 'string' && backendInfo(value) ? (value as BackendId) : 'none';
}

/** The backend's releases are made up (the registry says so): every surface that shows them labels them. */
export function isDemoBackend(id: string | undefined): boolean {
  return backendInfo(id)?.madeUp === true;
}

/** Prefix of the context keys that say what the active backend can do. */
export const CAPABILITY_CONTEXT_PREFIX = 'gitopsReleases.can.';


/**
 * The context keys (without the prefix) for a backend's capabilities, for package.json `when` clauses such as
 * `gitopsReleases.can.openWebPage`. No backend: every key false, the update mode empty.
 */
export function capabilityContext(capabilities: BackendCapabilities | undefined): Record<string, boolean | string> {
  const keys: Record<string, boolean | string> = {
    updates: capabilities?.updates ?? '',
    workflows: capabilities?.workflows ?? false,
    releaseNotes: capabilities?.releaseNotes ?? false,
    openWebPage: capabilities?.webPages ?? false,
  };
  for (const a of RELEASE_ACTIONS) keys[a] = capabilities?.actions.includes(a) ?? false;
  return keys;
}
