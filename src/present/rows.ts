// What one row of a tree view shows, as plain data: src/vscode turns it into a vscode.TreeItem.

import type { IconSpec } from './icons';

export interface RowModel {
  label: string;
  description?: string;
  /** Markdown, every API/Git string in it escaped. */
  tooltip?: string;
  icon?: IconSpec;
  contextValue?: string;
  /** What a screen reader says for the row (absent: the label and description). */
  accessibilityLabel?: string;
  /** Absent: the row has no children. */
  collapsible?: 'collapsed' | 'expanded';
}
