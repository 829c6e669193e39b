// Validation of what the webview posts to the host and of the state VS Code hands back after a reload. Pure (zod,
// no vscode): the webview is a browser page showing untrusted text, so the host trusts nothing it sends.

import { z } from 'zod';
import { isHttpUrl, isInventedHostUrl, MAX_MARKDOWN_CHARS, type PanelTab, type WebviewMessage } from '../../../webview/protocol';

const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('openLink'), url: z.string().max(8192) }),
  z.object({ type: z.literal('copyMarkdown'), markdown: z.string().max(MAX_MARKDOWN_CHARS) }),
]);

export type ParsedMessage = { ok: true; message: WebviewMessage } | { ok: false; error: string };

/** Parse a webview message; errors name the field path. */
export function parseWebviewMessage(raw: unknown): ParsedMessage {
  const r = WebviewMessageSchema.safeParse(raw);
  if (r.success) return { ok: true, message: r.data };
  const issue = r.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(message)';
  return { ok: false, error: `invalid webview message at ${path}: ${issue?.message ?? 'unknown error'}` };
}

/** A link is opened only when it is an absolute http(s) URL on a host that can exist. */
export function linkToOpen(url: string): string | undefined {
  return isHttpUrl(url) && !isInventedHostUrl(url) ? url : undefined;
}

const RestoredStateSchema = z.object({
  productName: z.string().min(1).max(1000),
  releaseId: z.string().min(1).max(1000),
  tab: z.enum(['flow', 'notes']).optional(),
});

export interface RestoredPanel {
  productName: string;
  releaseId: string;
  tab: PanelTab;
}

/** The part of the webview's persisted state the serializer needs to reopen the panel; undefined when unusable. */
export function parseRestoredState(raw: unknown): RestoredPanel | undefined {
  const r = RestoredStateSchema.safeParse(raw);
  if (!r.success) return undefined;
  return { productName: r.data.productName, releaseId: r.data.releaseId, tab: r.data.tab ?? 'flow' };
}
