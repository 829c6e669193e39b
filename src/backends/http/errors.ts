// Failures of an HTTP exchange in words, and errors that cannot leak a secret: a BackendError made here has its
// message redacted, and its details keep only primitives and a redacted summary of the cause (name, code, message),
// never the raw cause object, whose own properties (a response body, request headers) may hold the secret.

import { redactSecrets } from '../../core/log';
import { BackendError, type BackendErrorKind } from '../types';

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
};

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

/** The first `code` along an error's cause chain (bounded). */
export function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur !== null && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Why a request failed to get an answer, in words: a TLS problem (with what to set), a known network error code, or
 * the error's own message. `tls` is true for certificate failures, which retrying does not cure.
 */
export function networkReason(e: unknown): { text: string; code?: string; tls: boolean } {
  const code = errorCode(e);
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')))
    return { text: `TLS failure (${code}). If a proxy or private CA is in the way, set gitopsReleases.caFile or http.proxyStrictSSL.`, code, tls: true };
  const known = code ? NETWORK_CODES[code] : undefined;
  return { text: known ? `${known} (${code})` : e instanceof Error ? e.message : String(e), ...(code ? { code } : {}), tls: false };
}

/** A cause as a caller may keep it: its name, code and message, each redacted and shortened. */
export function causeSummary(e: unknown, secrets: readonly string[]): { name: string; code?: string; message: string } {
  // A summary made earlier (an error re-worded after retries) is summarised again from its own fields.
  const o = e !== null && typeof e === 'object' ? (e as { name?: unknown; message?: unknown }) : undefined;
  const name = e instanceof Error ? e.name : typeof o?.name === 'string' ? o.name : typeof e;
  const message = e instanceof Error ? e.message : typeof o?.message === 'string' ? o.message : String(e);
  const code = errorCode(e);
  return { name, ...(code ? { code } : {}), message: redactSecrets(message, secrets).slice(0, 500) };
}

export type ErrorDetails = NonNullable<BackendError['details']>;

/** A BackendError whose message and details hold none of `secrets`; a `cause` is kept as a redacted summary. */
export function safeError(kind: BackendErrorKind, message: string, details: ErrorDetails | undefined, secrets: readonly string[]): BackendError {
  const clean = (v: string | undefined): string | undefined => (v === undefined ? undefined : redactSecrets(v, secrets));
  let safe: ErrorDetails | undefined;
  if (details) {
    safe = {};
    if (details.query !== undefined) safe.query = clean(details.query);
    if (details.path !== undefined) safe.path = clean(details.path);
    if (details.status !== undefined) safe.status = details.status;
    if (details.retryAfterMs !== undefined) safe.retryAfterMs = details.retryAfterMs;
    if (details.cause !== undefined) safe.cause = causeSummary(details.cause, secrets);
  }
  return new BackendError(kind, redactSecrets(message, secrets), safe);
}
