// A vscode.TreeItem from a pure row model (src/present/rows.ts).
import * as vscode from 'vscode';
import type { RowModel } from '../present/rows';
import { themeIcon } from './icons';

const COLLAPSIBLE = { collapsed: vscode.TreeItemCollapsibleState.Collapsed, expanded: vscode.TreeItemCollapsibleState.Expanded } as const;

/** The item for a row (an empty one, with only the id, for a node whose data is gone); tooltips are untrusted Markdown. */
export function treeItem(id: string | undefined, row: RowModel | undefined, options: { tooltipThemeIcons?: boolean } = {}): vscode.TreeItem {
  const item = new vscode.TreeItem(row?.label ?? '', row?.collapsible ? COLLAPSIBLE[row.collapsible] : vscode.TreeItemCollapsibleState.None);
  if (id !== undefined) item.id = id;
  if (!row) return item;
  if (row.description !== undefined) item.description = row.description;
  if (row.icon) item.iconPath = themeIcon(row.icon);
  if (row.contextValue) item.contextValue = row.contextValue;
  if (row.accessibilityLabel) item.accessibilityInformation = { label: row.accessibilityLabel };
  if (row.tooltip !== undefined) {
    const md = options.tooltipThemeIcons ? new vscode.MarkdownString(row.tooltip, true) : new vscode.MarkdownString(row.tooltip);
    if (options.tooltipThemeIcons) md.isTrusted = false;
    item.tooltip = md;
  }
  return item;
}
