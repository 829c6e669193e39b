// Server addresses as our HTTP clients use them: a base URL checked and normalised once, the origin every request
// must stay on, and a redirect's target reduced to what a message may say (its origin, never its path or query).

import { BackendError } from '../types';

/**
 * A service's base address: `https://` added when no scheme is given, checked to be http(s), without credentials,
 * query, fragment, trailing slash or the API's own path suffix (`suffix`, e.g. `/2.0/api/graphql`). `what` names the
 * address in errors (`The Kargo API address`).
 */
export function normalizeServiceUrl(raw: string, what: string, suffix: string): string {
  let text = raw.trim();
  if (!text) throw new BackendError('config', `No ${what.replace(/^The /, '')} is configured.`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BackendError('config', `${what} is not a valid URL: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BackendError('config', `${what} must start with https:// or http:// (got ${url.protocol})`);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  let s = url.toString().replace(/\/+$/, '');
  if (suffix && s.endsWith(suffix)) s = s.slice(0, -suffix.length);
  return s;
}

/** A URL for logs: no user info, no query. */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/** The origin (scheme, host, port) of an absolute URL, or undefined when it is not one. */
export function originOf(raw: string): string | undefined {
  try {
    return new URL(raw).origin;
  } catch {
    return undefined;
  }
}

/**
 * Where a redirect points, for a message: the ORIGIN only (scheme, host, port), never the path or query, which may
 * carry anything. A relative Location is the same server.
 */
export function redirectTarget(location: string | string[] | undefined, endpoint: string): string {
  const raw = Array.isArray(location) ? location[0] : location;
  if (!raw) return 'no address (the answer has no Location header)';
  try {
    const target = new URL(raw, endpoint);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return `a ${target.protocol} address`;
    return target.origin === new URL(endpoint).origin ? `another path on the same server (${target.origin})` : target.origin;
  } catch {
    return 'an address that is not a valid URL';
  }
}
