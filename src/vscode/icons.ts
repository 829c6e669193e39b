// ThemeIcon construction from the pure presentation specs.
import * as vscode from 'vscode';
import type { IconSpec } from '../present/icons';

export function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  return spec.color ? new vscode.ThemeIcon(spec.id, new vscode.ThemeColor(spec.color)) : new vscode.ThemeIcon(spec.id);
}
