// What sign-in says: a failure in one sentence of its own (the backend's error without its query prefix, and no
// second copy of what the first sentence said), the buttons that help next, and whether a URL would send the API key
// unencrypted over the network.

/** The error kinds a sign-in can end with (the backends' BackendErrorKind, and anything else). */
type FailureKind = 'auth' | 'rate-limit' | 'network' | 'timeout' | 'http' | 'graphql' | 'payload' | 'not-found' | 'cancelled' | 'config' | 'error';

export const SIGN_IN_ACTIONS = { retry: 'Retry', getKey: 'Get an API Key', showLog: 'Show Log' } as const;
type SignInAction = (typeof SIGN_IN_ACTIONS)[keyof typeof SIGN_IN_ACTIONS];

interface SignInFailureText {
  text: string;
  actions: SignInAction[];
}

/** The backend's message without a leading `Could not read … (query): ` or `The query query failed: `. */
export function withoutQueryLead(message: string): string {
  return message.replace(/^(?:Could not read [^:]*?\(\w+\)|The \w+ query failed|\w+): /, '');
}

const sentence = (s: string): string => {
  const t = s.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A service one signs in to with an address and a secret: what the sign-in says and asks about it. */
export interface SignInService {
  /** `Codefresh`, `Kargo`. */
  name: string;
  /** What the secret is called: `API key`, `token`. */
  secret: string;
  /** The command that runs this sign-in (Retry runs it again with the address given). */
  command: string;
  urlPrompt: string;
  secretPrompt(url: string): string;
  /** Where a user gets a secret, when the service has such a page. */
  secretPage?(url: string): string;
}

export const CODEFRESH_SIGN_IN: SignInService = {
  name: 'Codefresh',
  secret: 'API key',
  command: 'gitopsReleases.signIn',
  urlPrompt: 'Codefresh URL',
  secretPrompt: (url) => `API key for ${url} (stored in the OS keychain via SecretStorage)`,
  secretPage: (url) => apiKeyPage(url),
};

export const KARGO_SIGN_IN: SignInService = {
  name: 'Kargo',
  secret: 'token',
  command: 'gitopsReleases.signInKargo',
  urlPrompt: 'Kargo API server address',
  secretPrompt: (url) => `Token for ${url}: an API token (kargo create token) or the CLI's bearer token; stored in the OS keychain via SecretStorage`,
};

export function signInFailure(url: string, kind: FailureKind, message: string, service: SignInService = CODEFRESH_SIGN_IN): SignInFailureText {
  const where = host(url);
  const { retry, getKey, showLog } = SIGN_IN_ACTIONS;
  if (kind === 'auth') {
    return { text: `Sign-in failed: ${where} rejected the ${service.secret}. Nothing was stored.`, actions: service.secretPage ? [retry, getKey, showLog] : [retry, showLog] };
  }
  const detail = withoutQueryLead(message);
  if (kind === 'not-found') {
    return { text: `Sign-in failed: ${where} has no ${service.name} API. Check the URL. Nothing was stored.`, actions: [retry, showLog] };
  }
  return { text: `Sign-in failed: ${sentence(detail)} Nothing was stored.`, actions: [retry, showLog] };
}

/** Where a Codefresh user creates an API key (User Settings, API Keys). */
export function apiKeyPage(url: string): string {
  return `${url.replace(/\/+$/, '')}/user/settings`;
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** True when the URL is plain http to a host other than this machine: the secret would cross the network in clear. */
export function sendsKeyInClear(url: string): boolean {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' && !LOOPBACK.test(u.hostname);
  } catch {
    return false;
  }
}

/** The https form of a URL. */
export function httpsUrl(url: string): string {
  return url.trim().replace(/^http:/i, 'https:');
}
