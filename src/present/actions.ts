// What the release actions are called and how they ask for confirmation, for the tree's menus, the release panel's
// buttons and the confirmation dialog. Which actions a user may take on a release in an environment is the backend's
// judgement (`ReleaseEnvironment.actions`); this module only words them.

import type { ReleaseAction, ReleaseSummary } from '../core/model';

export interface ActionWording {
  /** Menu and button title, e.g. `Approve`. */
  title: string;
  /** The confirmation dialog's button. */
  button: string;
  /** Progress text while the backend works, e.g. `Approving`. */
  progress: string;
  /** Codicon id for the menu item and the panel button. */
  icon: string;
  /** The action stops or refuses something: the dialog says so and the panel shows the button as secondary. */
  destructive: boolean;
}

export const ACTION_WORDING: Readonly<Record<ReleaseAction, ActionWording>> = {
  approve: { title: 'Approve', button: 'Approve', progress: 'Approving', icon: 'check', destructive: false },
  reject: { title: 'Reject', button: 'Reject', progress: 'Rejecting', icon: 'close', destructive: true },
  promote: { title: 'Promote Here', button: 'Promote', progress: 'Promoting', icon: 'arrow-right', destructive: false },
  abort: { title: 'Abort', button: 'Abort', progress: 'Aborting', icon: 'debug-stop', destructive: true },
  retry: { title: 'Re-run Failed Jobs', button: 'Re-run', progress: 'Re-running', icon: 'refresh', destructive: false },
  verify: { title: 'Re-run Verification', button: 'Verify', progress: 'Starting the verification', icon: 'verified', destructive: false },
};

/** The word a user knows a release by in a sentence: its version, else its name, else a short form of its id. */
export function releaseTitle(r: Pick<ReleaseSummary, 'version' | 'releaseName' | 'id'>): string {
  if (r.version) return r.version;
  if (r.releaseName) return r.releaseName;
  return r.id.length > 12 ? `${r.id.slice(0, 12)}…` : r.id;
}

export interface Confirmation {
  message: string;
  detail: string;
  button: string;
}

/** The question the confirmation dialog asks before an action runs, in plain text (VS Code shows it as is). */
export function confirmation(action: ReleaseAction, release: Pick<ReleaseSummary, 'version' | 'releaseName' | 'id' | 'productName'>, environment: string): Confirmation {
  const what = `${release.productName} ${releaseTitle(release)}`;
  const detail: Record<ReleaseAction, string> = {
    approve: `The deployment of ${what} waiting in ${environment} goes ahead.`,
    reject: `The deployment of ${what} waiting in ${environment} is rejected and does not run.`,
    promote: `${what} is promoted into ${environment}, replacing what runs there now.`,
    abort: `What is running for ${what} in ${environment} is stopped. This cannot be undone.`,
    retry: `The parts of ${what} that failed in ${environment} run again.`,
    verify: `The verification of ${environment} runs again for ${what}.`,
  };
  const question: Record<ReleaseAction, string> = {
    approve: `Approve ${what} for ${environment}?`,
    reject: `Reject ${what} for ${environment}?`,
    promote: `Promote ${what} to ${environment}?`,
    abort: `Abort ${what} in ${environment}?`,
    retry: `Re-run what failed of ${what} in ${environment}?`,
    verify: `Re-run the verification of ${what} in ${environment}?`,
  };
  return { message: question[action], detail: detail[action], button: ACTION_WORDING[action].button };
}

/** The words a tree row's `contextValue` carries for its actions (`can-approve can-abort`), matched by menus. */
export function actionContextWords(actions: readonly ReleaseAction[] | undefined): string {
  return (actions ?? []).map((a) => `can-${a}`).join(' ');
}
