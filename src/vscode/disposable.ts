// One way to own disposables: register them as they are made, and they are disposed with their owner, newest first
// and each once, as VS Code's own `Disposable` base class does
// (https://github.com/microsoft/vscode/blob/main/src/vs/base/common/lifecycle.ts).

import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private ownerDisposed = false;

  /** Dispose these with this object (at once, when it is already disposed). */
  protected register(...disposables: vscode.Disposable[]): void {
    if (this.ownerDisposed) for (const d of disposables) d.dispose();
    else this.owned.push(...disposables);
  }

  /** This object was disposed: work that finishes later should stop rather than register more. */
  protected get isDisposed(): boolean {
    return this.ownerDisposed;
  }

  dispose(): void {
    this.ownerDisposed = true;
    const errors: unknown[] = [];
    for (const d of this.owned.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    // One failing disposable does not keep the others alive; the first failure is still reported.
    if (errors.length > 0) throw errors[0];
  }
}
