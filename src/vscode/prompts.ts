// Quick picks and input boxes built with createQuickPick/createInputBox so the one that is open can be reached by
// the integration tests (they drive it with the real `workbench.action.acceptSelectedQuickOpenItem` command).

import * as vscode from 'vscode';

let active: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox | undefined;

/** The quick pick or input box this extension has open right now, if any. */
export function activePrompt(): vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox | undefined {
  return active;
}

export interface PickOptions {
  title: string;
  placeholder?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
  canPickMany?: boolean;
  /** Items picked initially (canPickMany). */
  selected?: (item: vscode.QuickPickItem) => boolean;
  /** Stay open when the focus moves elsewhere (a step of a multi-step flow; Escape still closes it). */
  ignoreFocusOut?: boolean;
  /** An item for what the user typed, shown first while there is text (e.g. "look up this commit-ish"). */
  typed?: (value: string) => vscode.QuickPickItem | undefined;
}

export function pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined> {
  return showPick(items, { ...options, canPickMany: true });
}

export async function pickOne<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
  return (await showPick(items, { ...options, canPickMany: false }))?.[0];
}

function showPick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T[] | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.title = options.title;
    qp.placeholder = options.placeholder;
    qp.matchOnDescription = options.matchOnDescription ?? false;
    qp.matchOnDetail = options.matchOnDetail ?? false;
    qp.canSelectMany = options.canPickMany ?? false;
    qp.ignoreFocusOut = options.ignoreFocusOut ?? false;
    qp.items = items;
    if (options.canPickMany && options.selected) qp.selectedItems = items.filter(options.selected);
    let done = false;
    const finish = (value: T[] | undefined) => {
      if (done) return;
      done = true;
      if (active === (qp as unknown)) active = undefined;
      resolve(value);
      qp.dispose();
    };
    const typed = options.typed;
    if (typed) {
      qp.onDidChangeValue((value) => {
        const extra = value.trim() ? typed(value.trim()) : undefined;
        qp.items = (extra ? [{ ...extra, alwaysShow: true }, ...items] : items) as readonly T[];
      });
    }
    qp.onDidAccept(() => finish(qp.canSelectMany ? [...qp.selectedItems] : qp.activeItems.length ? [qp.activeItems[0]!] : undefined));
    qp.onDidHide(() => finish(undefined));
    active = qp as unknown as vscode.QuickPick<vscode.QuickPickItem>;
    qp.show();
  });
}

export interface InputOptions {
  title: string;
  prompt?: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  /** Returns an error message for invalid input. */
  validate?: (value: string) => string | undefined;
}

export function input(options: InputOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.prompt = options.prompt;
    box.value = options.value ?? '';
    box.placeholder = options.placeholder;
    box.password = options.password ?? false;
    box.ignoreFocusOut = true;
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      if (active === box) active = undefined;
      resolve(value);
      box.dispose();
    };
    box.onDidChangeValue((v) => {
      box.validationMessage = options.validate?.(v);
    });
    box.onDidAccept(() => {
      const err = options.validate?.(box.value);
      if (err) {
        box.validationMessage = err;
        return;
      }
      finish(box.value);
    });
    box.onDidHide(() => finish(undefined));
    active = box;
    box.show();
  });
}
