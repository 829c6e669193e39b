// The ONE file of types shared by the extension host (src/vscode/panel) and the release panel webview (webview/).
// Everything that crosses postMessage is declared here: the messages each side posts and the state the webview
// persists with setState (which VS Code hands back to the serializer on reload). What the host validates (the
// webview's messages, the restored state) is declared once, as zod schemas in ./protocolSchema, and its types here
// are derived from them. The view model the host sends is declared beside the code that builds it
// (src/present/panelView.ts) and re-exported here, as types only.
//
// Nothing here imports 'vscode' or touches the DOM.

import type { z } from 'zod';
import type { PanelModel } from '../src/present/panelView';
import type { panelTabSchema, restoredStateSchema, webviewMessageSchema } from './protocolSchema';

export type {
  EnvironmentView,
  FailureView,
  HookView,
  NoteItemView,
  NotesSectionView,
  NotesView,
  PanelModel,
  PanelWarning,
  ReleaseView,
  StatusView,
  WorkflowView,
} from '../src/present/panelView';

/** The one rule for which links are shown and opened, applied on both sides. */
export { isHttpUrl, isInventedHostUrl } from '../src/present/links';

/** The webview panel's viewType (also the `onWebviewPanel:` activation event and the serializer key). */
export const PANEL_VIEW_TYPE = 'gitopsReleases.releasePanel';

export type PanelTab = z.infer<typeof panelTabSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Messages

/** Host → webview. */
export type HostMessage =
  | { type: 'model'; model: PanelModel }
  | { type: 'loading'; productName: string; releaseId: string }
  | { type: 'error'; message: string }
  | { type: 'showTab'; tab: PanelTab }
  | { type: 'copied'; ok: boolean; message: string };

/** Webview → host. */
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** Pan / zoom of the flow graph. */
export interface Viewport {
  x: number;
  y: number;
  scale: number;
  /** Set while the view is a fitted one (the first view, or "Fit"), which a resize fits again. */
  fit?: 'all' | 'readable';
}

/**
 * What the webview persists with setState; VS Code hands it to the serializer after a window reload, which reads
 * the fields of `restoredStateSchema` (the product, the release and the tab) back.
 */
export type PersistedState = Required<z.infer<typeof restoredStateSchema>> & {
  /** Selected graph item id (environment / workflow), if any. */
  selection?: string;
  filter: string;
  viewport?: Viewport;
  /** The last model shown, so a reload paints at once while fresh data loads. */
  model?: PanelModel;
};
