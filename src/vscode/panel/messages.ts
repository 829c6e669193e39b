// Validation of what the webview posts to the host and of the state VS Code hands back after a reload, with the
// protocol's own schemas (webview/protocolSchema.ts). Pure (no vscode): the webview is a browser page showing
// untrusted text, so the host trusts nothing it sends.

import { formatIssues } from '../../core/zodIssues';
import { isHttpUrl, isInventedHostUrl, type PersistedState, type WebviewMessage } from '../../../webview/protocol';
import { restoredStateSchema, webviewMessageSchema } from '../../../webview/protocolSchema';

export type ParsedMessage = { ok: true; message: WebviewMessage } | { ok: false; error: string };

/** Parse a webview message; errors name the field path. */
export function parseWebviewMessage(raw: unknown): ParsedMessage {
  const r = webviewMessageSchema.safeParse(raw);
  if (r.success) return { ok: true, message: r.data };
  return { ok: false, error: `invalid webview message: ${formatIssues(r.error.issues, { root: 'message' })}` };
}

/** A link is opened only when it is an absolute http(s) URL on a host that can exist. */
export function linkToOpen(url: string): string | undefined {
  return isHttpUrl(url) && !isInventedHostUrl(url) ? url : undefined;
}

type RestoredPanel = Pick<PersistedState, 'productName' | 'releaseId' | 'tab'>;

/** The part of the webview's persisted state the serializer needs to reopen the panel; undefined when unusable. */
export function parseRestoredState(raw: unknown): RestoredPanel | undefined {
  const r = restoredStateSchema.safeParse(raw);
  if (!r.success) return undefined;
  return { productName: r.data.productName, releaseId: r.data.releaseId, tab: r.data.tab ?? 'flow' };
}
