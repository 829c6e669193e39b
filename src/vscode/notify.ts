// Messages to the user, recorded for the test API (the notifications themselves are not awaited: they stay until
// dismissed).
import * as vscode from 'vscode';

const shown: { level: 'info' | 'warn' | 'error'; text: string }[] = [];

export function shownMessages(): { level: 'info' | 'warn' | 'error'; text: string }[] {
  return [...shown];
}

export function showInfo(text: string, ...actions: string[]): Thenable<string | undefined> {
  shown.push({ level: 'info', text });
  return vscode.window.showInformationMessage(text, ...actions);
}

export function showWarning(text: string, ...actions: string[]): Thenable<string | undefined> {
  shown.push({ level: 'warn', text });
  return vscode.window.showWarningMessage(text, ...actions);
}

export function showError(text: string, ...actions: string[]): Thenable<string | undefined> {
  shown.push({ level: 'error', text });
  return vscode.window.showErrorMessage(text, ...actions);
}
