// The zod half of the panel's protocol: what the webview posts to the host, and the part of the webview's persisted
// state the host reads back after a window reload. The host validates both with these schemas (the webview is a
// page that shows untrusted text, so the host trusts nothing it sends); ./protocol derives the TypeScript types from
// them, so the two cannot drift apart.
//
// Only the host loads this module at run time. The webview imports nothing from it but types, which keeps zod out
// of the webview bundle: the webview never validates what it posts.

import { z } from 'zod';
import { RELEASE_ACTIONS } from '../src/core/model';
import { MAX_URL_CHARS } from '../src/present/links';

/** Maximum size of a copy-as-Markdown payload the host accepts. */
const MAX_MARKDOWN_CHARS = 2_000_000;

export const panelTabSchema = z.enum(['flow', 'notes']);

/** Webview → host. */
export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  // The flow graph is on screen (Mermaid drew it and it replaced the previous one), with its environment nodes.
  z.object({ type: z.literal('graphDrawn'), environments: z.number().int().min(0).max(100_000) }),
  z.object({ type: z.literal('openLink'), url: z.string().max(MAX_URL_CHARS) }),
  z.object({ type: z.literal('copyMarkdown'), markdown: z.string().max(MAX_MARKDOWN_CHARS) }),
  // A button of an environment's actions: the host confirms with the user, then asks the backend.
  z.object({ type: z.literal('act'), action: z.enum(RELEASE_ACTIONS), environment: z.string().min(1).max(1000) }),
  // A commit of the release notes: its diff in the editor, or its page on the remote (`url`) when it is not local.
  z.object({ type: z.literal('openCommit'), sha: z.string().regex(/^[0-9a-f]{4,64}$/i), url: z.string().max(MAX_URL_CHARS).optional() }),
]);

/** What the panel serializer needs from the persisted state to reopen the panel (the tab defaults to the flow). */
export const restoredStateSchema = z.object({
  productName: z.string().min(1).max(1000),
  releaseId: z.string().min(1).max(1000),
  tab: panelTabSchema.optional(),
});
