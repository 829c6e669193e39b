// Which URLs the extension shows or opens. Every link a backend reports is untrusted: only absolute http(s) URLs on a
// host that can exist are kept.

/** Longest URL the panel opens. */
export const MAX_URL_CHARS = 8192;

/** True for a string that is an absolute http(s) URL (links are only ever opened when this holds). */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_CHARS) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * True for a URL on a host that cannot exist (the reserved `.invalid` top-level domain, which made-up data uses):
 * such a link is never rendered, whichever backend sent it.
 */
export function isInventedHostUrl(value: string): boolean {
  try {
    const host = new URL(value).hostname.toLowerCase().replace(/\.$/, '');
    return host === 'invalid' || host.endsWith('.invalid');
  } catch {
    return false;
  }
}

/** A URL kept only when it is http(s) on a host that can exist; anything else (javascript:, data:, relative) is dropped. */
export function safeUrl(url: string | undefined | null): string | undefined {
  return isHttpUrl(url) && !isInventedHostUrl(url) ? url : undefined;
}

/**
 * The web UI URL of a release from a template with `{url}`, `{product}`, `{releaseId}`, `{version}` placeholders.
 * Values are URL-encoded; the result must be http(s) or it is rejected (undefined).
 */
export function fillWebUrlTemplate(
  template: string,
  values: { url: string; product: string; releaseId: string; version?: string },
): string | undefined {
  const base = values.url.replace(/\/+$/, '');
  const out = template.replace(/\{(url|product|releaseId|version)\}/g, (_m, key: string) => {
    if (key === 'url') return base;
    const v = key === 'product' ? values.product : key === 'releaseId' ? values.releaseId : (values.version ?? '');
    return encodeURIComponent(v);
  });
  try {
    const u = new URL(out);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
