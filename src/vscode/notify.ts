// Messages to the user, recorded for the test API (the notifications themselves are not awaited: they stay until
// dismissed).
import * as vscode from 'vscode';

interface ShownMessage {
  level: 'info' | 'warn' | 'error';
  text: string;
  /** The buttons offered (absent: none). */
  actions?: string[];
  modal?: boolean;
}

const shown: ShownMessage[] = [];

export function shownMessages(): ShownMessage[] {
  return [...shown];
}

const record = (level: ShownMessage['level'], text: string, actions: readonly string[], modal?: boolean): void => {
  shown.push({ level, text, ...(actions.length ? { actions: [...actions] } : {}), ...(modal ? { modal } : {}) });
};

/** A modal warning with a choice; resolves with the choice, undefined when cancelled. */
export function askWarning(text: string, detail: string, ...actions: string[]): Thenable<string | undefined> {
  record('warn', text, actions, true);
  return vscode.window.showWarningMessage(text, { modal: true, detail }, ...actions);
}

export function showInfo(text: string, ...actions: string[]): Thenable<string | undefined> {
  record('info', text, actions);
  return vscode.window.showInformationMessage(text, ...actions);
}

export function showWarning(text: string, ...actions: string[]): Thenable<string | undefined> {
  record('warn', text, actions);
  return vscode.window.showWarningMessage(text, ...actions);
}

export function showError(text: string, ...actions: string[]): Thenable<string | undefined> {
  record('error', text, actions);
  return vscode.window.showErrorMessage(text, ...actions);
}
