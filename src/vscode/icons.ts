// ThemeIcon construction from the pure presentation specs.
import * as vscode from 'vscode';
import type { DeploymentState } from '../core/deployment';
import type { StatusKind } from '../core/status';
import { deploymentIcon, statusIcon, type IconSpec } from '../present/icons';

function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  return spec.color ? new vscode.ThemeIcon(spec.id, new vscode.ThemeColor(spec.color)) : new vscode.ThemeIcon(spec.id);
}

export const statusThemeIcon = (kind: StatusKind): vscode.ThemeIcon => themeIcon(statusIcon(kind));
export const deploymentThemeIcon = (state: DeploymentState): vscode.ThemeIcon => themeIcon(deploymentIcon(state));
