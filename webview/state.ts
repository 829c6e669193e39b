// The webview's link to VS Code: the messages it posts to the host, and the state VS Code keeps for it (getState /
// setState), which survives hiding the panel and reloading the window.

import type { PersistedState, WebviewMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscodeApi = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  vscodeApi.postMessage(message);
}

function readPersisted(): Partial<PersistedState> {
  const s = vscodeApi.getState();
  return s && typeof s === 'object' ? (s as Partial<PersistedState>) : {};
}

const persisted = readPersisted();

/** The panel's state, read back from VS Code at start; every change is written with `save` or `saveSoon`. */
export const state: PersistedState = {
  productName: persisted.productName ?? '',
  releaseId: persisted.releaseId ?? '',
  tab: persisted.tab === 'notes' ? 'notes' : 'flow',
  selection: typeof persisted.selection === 'string' ? persisted.selection : undefined,
  filter: typeof persisted.filter === 'string' ? persisted.filter : '',
  viewport: persisted.viewport,
  model: persisted.model,
};

let saveTimer: ReturnType<typeof setTimeout> | undefined;

export function save(): void {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  vscodeApi.setState(state);
}

/** For high-frequency changes (pan, zoom): the state holds the whole model, so write it at most every 200 ms. */
export function saveSoon(): void {
  saveTimer ??= setTimeout(save, 200);
}
