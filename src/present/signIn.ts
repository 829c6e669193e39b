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

export function signInFailure(url: string, kind: FailureKind, message: string): SignInFailureText {
  const where = host(url);
  const { retry, getKey, showLog } = SIGN_IN_ACTIONS;
  if (kind === 'auth') {
    return { text: `Sign-in failed: ${where} rejected the API key. Nothing was stored.`, actions: [retry, getKey, showLog] };
  }
  const detail = withoutQueryLead(message);
  if (kind === 'not-found') {
    return { text: `Sign-in failed: ${where} has no Codefresh API. Check the URL. Nothing was stored.`, actions: [retry, showLog] };
  }
  return { text: `Sign-in failed: ${sentence(detail)} Nothing was stored.`, actions: [retry, showLog] };
}

/** Where a Codefresh user creates an API key (User Settings, API Keys). */
export function apiKeyPage(url: string): string {
  return `${url.replace(/\/+$/, '')}/user/settings`;
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** True when the URL is plain http to a host other than this machine: the API key would cross the network in clear. */
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
