// Above the tabs: the release header (title, status, flow, trigger commit, the failure banner) and the warnings
// about what the host could only partly load (their message may quote server text: text nodes only).

import { append, fmtDate, h, link, statusEl } from './dom';
import { STATUS_ICONS, statusClass } from './flowchart';
import type { FailureView, PanelModel, PanelWarning, ReleaseView } from './protocol';
import { post } from './state';

interface HeaderOptions {
  /** The release id to name while no release is loaded yet. */
  releaseId: string;
  /** "Show failing step": select the failing workflow (or its environment) in the flow graph. */
  showFailure(failure: FailureView): void;
  /** "Show environment": select a suspended environment in the flow graph. */
  showEnvironment(environmentId: string): void;
}

export function renderHeader(header: HTMLElement, release: ReleaseView | undefined, options: HeaderOptions): void {
  header.replaceChildren();
  if (!release) {
    header.append(h('h1', {}, options.releaseId ? `Release ${options.releaseId}` : 'Release'));
    return;
  }
  append(header,
    h('h1', { id: 'release-title' }, `${release.productName} · ${release.version ?? release.id}`),
    h('span', { class: `status-pill ${statusClass(release.status.kind)}`, id: 'release-status', 'data-status': release.status.kind }, `${STATUS_ICONS[release.status.kind]} ${release.status.label}`),
    h('span', { class: 'meta' }, release.flowName ? `flow ${release.flowName}` : release.flowName === null ? 'manual promotion' : 'flow not known'),
    h('span', { class: 'meta' }, `created ${fmtDate(release.createdAt)}${release.initiator ? ` by ${release.initiator}` : ''}`),
    release.triggerCommit ? h('span', { class: 'meta' }, `commit ${release.triggerCommit.shortSha}${release.triggerCommit.message ? ` ${release.triggerCommit.message.split('\n', 1)[0]}` : ''}`) : null,
    h('span', { class: 'spacer' }),
  );
  const refresh = h('vscode-button', { secondary: '', id: 'refresh' }, 'Refresh');
  refresh.addEventListener('click', () => post({ type: 'refresh' }));
  header.append(refresh);
  const f = release.failure;
  if (f) {
    const where = `${f.environment} › ${f.phase}-action ${f.workflowTemplate}${f.stepName ? ` › step ${f.stepName}` : ''}`;
    const button = h('vscode-button', { id: 'failure-open' }, 'Show failing step');
    button.addEventListener('click', () => options.showFailure(f));
    header.append(
      h('div', { class: 'failure-banner', id: 'failure-banner', role: 'alert' },
        statusEl(f.kind),
        h('span', {}, `at ${where}${f.applicationName ? ` (application ${f.applicationName})` : ''}${f.total > 1 ? ` — ${f.total} failing steps` : ''}`),
        button,
        f.logsUrl ? link('Open logs', f.logsUrl, 'logs-link') : null),
    );
  } else if (release.error) {
    header.append(h('div', { class: 'failure-banner', id: 'failure-banner', role: 'alert' }, release.error));
  }
  // A model persisted by an earlier version (shown again after a reload) has no suspensions.
  const suspensions = release.suspensions ?? [];
  const waiting = suspensions[0];
  if (waiting && !f) {
    const button = h('vscode-button', { id: 'suspension-open', secondary: '' }, 'Show environment');
    button.addEventListener('click', () => options.showEnvironment(waiting.environmentId));
    const others = suspensions.length - 1;
    header.append(
      h('div', { class: 'suspension-banner', id: 'suspension-banner', role: 'status' },
        statusEl('suspended'),
        ' ',
        h('span', { class: 'suspension-reason' },
          `at ${waiting.environment}: ${waiting.reason ?? 'the backend reported no reason.'}${others > 0 ? ` (and ${others} more suspended environment${others === 1 ? '' : 's'})` : ''}`),
        ' ',
        button),
    );
  }
}

const WARNING_TITLES: Record<PanelWarning['kind'], string> = {
  'details-unavailable': 'Details unavailable',
  'backend-notes-unavailable': 'Backend release notes unavailable',
};

export function warningBanner(w: PanelWarning): HTMLElement {
  return h('div', { class: 'warning-banner', id: w.kind, role: 'status', 'data-warning': w.kind },
    h('span', { class: 'warning-title' }, `⚠ ${WARNING_TITLES[w.kind] ?? 'Warning'}`),
    ' ',
    h('span', { class: 'warning-message' }, w.message));
}

/** Above the tabs: what the whole release view lacks. The notes' own warning shows in the notes tab. */
export function renderBanners(banners: HTMLElement, model: PanelModel): void {
  banners.replaceChildren(...(model.warnings ?? []).filter((w) => w.kind === 'details-unavailable').map(warningBanner));
}
