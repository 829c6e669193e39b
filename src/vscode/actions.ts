// The release actions (approve, reject, promote, abort, retry, verify): one command each, offered on an environment
// row of the Product Releases tree, as a button in the release panel, and in the palette, and only where the backend
// says the signed-in user may take it now (`ReleaseEnvironment.actions`, the `can-*` words of the row's context
// value, the `gitopsReleases.can.*` context keys). Each asks for confirmation in a quick pick or an input box (the
// integration tests drive both through VS Code's own quick-input commands), runs with a progress notification, and
// says what happened or, plainly, why it failed.

import * as vscode from 'vscode';
import { derivedStatus } from '../core/derivedStatus';
import { RELEASE_ACTIONS, type ReleaseAction, type ReleaseSummary } from '../core/model';
import { statusLabel } from '../core/status';
import { ACTION_WORDING, confirmation } from '../present/actions';
import { releaseName } from '../present/releaseLabel';
import type { ExtensionLog } from './log';
import { showError, showInfo } from './notify';
import { input, pickOne } from './prompts';
import type { ReleaseStore } from './pure/releaseStore';

/** The command that takes `action`, e.g. `gitopsReleases.action.approve`. */
export function actionCommand(action: ReleaseAction): string {
  return `gitopsReleases.action.${action}`;
}

interface Target {
  releaseId: string;
  environment: string;
}

/**
 * The release and environment a command was invoked on: a Product Releases environment row, a Commit Deployments
 * row, or `{ releaseId, environment }`.
 */
function targetOf(arg: unknown): Target | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Record<string, unknown>;
  if (o.type === 'env' && typeof o.releaseId === 'string' && typeof o.env === 'string') return { releaseId: o.releaseId, environment: o.env };
  if (typeof o.releaseId === 'string' && typeof o.environment === 'string') return { releaseId: o.releaseId, environment: o.environment };
  // A Commit Deployments row: the environment's answer, naming the release.
  if (o.type === 'env' && typeof o.env === 'object' && o.env !== null) {
    const e = o.env as { environment?: unknown; release?: { id?: unknown } };
    if (typeof e.environment === 'string' && typeof e.release?.id === 'string') return { releaseId: e.release.id, environment: e.environment };
  }
  return undefined;
}

/** What the store's current view of a release allows in one environment. */
function allowed(release: ReleaseSummary, environment: string): readonly ReleaseAction[] {
  return derivedStatus(release).environments.get(environment)?.listed?.actions ?? [];
}

interface TargetItem extends vscode.QuickPickItem {
  target: Target;
}

export function registerActionCommands(context: vscode.ExtensionContext, store: ReleaseStore, log: ExtensionLog): void {
  /** From the palette: every release and environment where the action is possible now. */
  const pickTarget = async (action: ReleaseAction): Promise<Target | undefined> => {
    const items: TargetItem[] = [];
    for (const state of store.productStates()) {
      for (const listed of state.releases) {
        const release = store.currentRelease(listed.id) ?? listed;
        for (const env of release.environments) {
          if (!allowed(release, env.name).includes(action)) continue;
          const status = derivedStatus(release).environments.get(env.name)?.status;
          items.push({
            label: `${env.name}: ${state.product.name} ${releaseName(release)}`,
            description: status ? statusLabel(status) : undefined,
            detail: release.triggerCommit?.message ? release.triggerCommit.message.split('\n')[0] : undefined,
            target: { releaseId: release.id, environment: env.name },
          });
        }
      }
    }
    const wording = ACTION_WORDING[action];
    if (items.length === 0) {
      void showInfo(vscode.l10n.t('GitOps Releases: no release can be {0} now.', pastTense(action)));
      return undefined;
    }
    const picked = await pickOne(items, { title: wording.title, placeholder: vscode.l10n.t('Pick a release and environment'), matchOnDescription: true, matchOnDetail: true });
    return picked?.target;
  };

  /** Ask before acting. Approve and reject take an optional comment, so their input box is the confirmation. */
  const confirm = async (action: ReleaseAction, release: ReleaseSummary, environment: string): Promise<{ comment?: string } | undefined> => {
    const c = confirmation(action, release, environment);
    if (action === 'approve' || action === 'reject') {
      const comment = await input({
        title: c.message,
        prompt: vscode.l10n.t('{0} Add a comment if you like, then press Enter to {1}; Escape cancels.', c.detail, c.button.toLowerCase()),
        placeholder: vscode.l10n.t('Comment (optional)'),
      });
      return comment === undefined ? undefined : { comment: comment.trim() || undefined };
    }
    const yes = { label: `$(${ACTION_WORDING[action].icon}) ${c.button}`, detail: c.detail };
    const picked = await pickOne([yes, { label: vscode.l10n.t('Cancel') }], { title: c.message, placeholder: c.detail });
    return picked === yes ? {} : undefined;
  };

  const run = async (action: ReleaseAction, arg: unknown): Promise<void> => {
    const target = targetOf(arg) ?? (await pickTarget(action));
    if (!target) return;
    const release = store.currentRelease(target.releaseId);
    if (!release) {
      void showError(vscode.l10n.t('GitOps Releases: this release is no longer listed. Refresh the view and try again.'));
      return;
    }
    const answer = await confirm(action, release, target.environment);
    if (!answer) return;
    const wording = ACTION_WORDING[action];
    const what = vscode.l10n.t('{0} {1} in {2}', release.productName, releaseName(release), target.environment);
    log.info(`${wording.progress} ${what} (release ${release.id})`);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('{0} {1}…', wording.progress, what) },
        () => store.act({ action, releaseId: release.id, productName: release.productName, environment: target.environment, comment: answer.comment }),
      );
      log.info(`${wording.title} ${what}: ${result.message}`);
      void showInfo(result.message);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      log.error(`${wording.title} ${what} failed: ${reason}`);
      const showLog = vscode.l10n.t('Show Log');
      const choice = await showError(vscode.l10n.t('Could not {0} {1}: {2}', wording.title.toLowerCase(), what, reason), showLog);
      if (choice === showLog) log.channel.show(true);
    }
  };

  for (const action of RELEASE_ACTIONS) {
    context.subscriptions.push(vscode.commands.registerCommand(actionCommand(action), (arg: unknown) => run(action, arg)));
  }
}

function pastTense(action: ReleaseAction): string {
  const words: Record<ReleaseAction, string> = {
    approve: 'approved',
    reject: 'rejected',
    promote: 'promoted',
    abort: 'aborted',
    retry: 're-run',
    verify: 'verified again',
  };
  return words[action];
}
