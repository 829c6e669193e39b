// The details pane beside the flow graph: the selected environment (or one of its workflows) with its steps,
// applications, issues and hooks; the release's own hooks when nothing is selected.

import { fmtDate, h, kv, link, statusEl } from './dom';
import { post } from './state';
import type { EnvironmentView, HookView, ReleaseView, WorkflowView } from './protocol';

/** The environment (and workflow) a view-model id names: an environment, its hooks node, or a workflow. */
export function findItem(release: ReleaseView, id: string): { env: EnvironmentView; workflow?: WorkflowView } | undefined {
  for (const env of release.environments) {
    if (env.id === id || `${env.id}.hooks` === id) return { env };
    const workflow = env.workflows.find((w) => w.id === id);
    if (workflow) return { env, workflow };
  }
  return undefined;
}

function workflowDetails(wf: WorkflowView, release: ReleaseView): HTMLElement {
  const box = h('div', { class: 'workflow-details', 'data-id': wf.id });
  box.append(h('h3', {}, `${wf.title} ${wf.templateName}`, ' ', statusEl(wf.status)));
  const list = h('ul', {});
  for (const s of wf.steps) {
    const isFailure = release.failure?.stepId === s.id;
    const li = h('li', { 'data-step': s.id, ...(s.failing ? { class: 'failing' } : {}) },
      `${s.failing ? '⚑ ' : ''}${s.name}`, ' ', statusEl(s.status),
      s.startedAt ? h('span', { class: 'meta' }, ` ${fmtDate(s.startedAt)}${s.finishedAt ? ` → ${fmtDate(s.finishedAt)}` : ''}`) : null);
    if (isFailure && release.failure?.logsUrl) li.append(' ', link('Logs of the failing step', release.failure.logsUrl, 'logs-link'));
    if (s.runs.length) {
      const runs = h('ul', {});
      for (const r of s.runs) {
        runs.append(h('li', {}, `${r.applicationName}: ${r.workflowName} `, statusEl(r.status), r.url ? ' ' : null, r.url ? link('logs', r.url) : null));
      }
      li.append(runs);
    }
    list.append(li);
  }
  box.append(list);
  return box;
}

function environmentDetails(env: EnvironmentView, release: ReleaseView, focus?: WorkflowView): HTMLElement[] {
  const out: HTMLElement[] = [];
  out.push(h('h2', {}, focus ? `${env.name} › ${focus.title}` : env.name));
  if (env.actions.length) out.push(actionBar(env));
  out.push(kv([
    ['Status', statusEl(env.status)],
    // The backend's own value, only where it is the vendor's word (the view model says under which heading).
    [env.rawStatusLabel ?? '', env.rawStatusLabel ? env.status.raw : ''],
    ['Trigger', env.isTrigger ? 'yes' : ''],
    ['Kind', env.kind ?? ''],
    ['Blocked', env.blockedByUpstream ? 'an upstream environment failed' : ''],
    ['Started', fmtDate(env.startedAt)],
    ['Updated', fmtDate(env.updatedAt)],
    ['Promotion', env.policyAction ?? ''],
    ['Depends on', env.dependsOn.map((d) => release.environments.find((e) => e.id === d)?.name ?? d).join(', ')],
  ]));
  const workflows = focus ? [focus, ...env.workflows.filter((w) => w !== focus)] : env.workflows;
  for (const wf of workflows) out.push(workflowDetails(wf, release));
  if (env.applications.length) {
    out.push(h('h3', {}, `Applications (${env.applications.length})`));
    const ul = h('ul', {});
    for (const a of env.applications) {
      ul.append(h('li', {}, `${a.name} `, statusEl(a.status), h('span', { class: 'meta' }, ` ${a.runtime}/${a.namespace}`),
        a.commitSha ? h('div', { class: 'meta' }, `GitOps commit ${a.commitSha.slice(0, 7)}`) : null,
        a.pr ? h('div', {}, link(`${a.pr.key} ${a.pr.title}`, a.pr.url), h('span', { class: 'meta' }, ` ${a.pr.author} · ${a.pr.merged ? 'merged' : a.pr.state}`)) : null));
    }
    out.push(ul);
  }
  if (env.issues.length) {
    out.push(h('h3', {}, `Issues (${env.issues.length})`));
    const ul = h('ul', {});
    for (const i of env.issues) {
      ul.append(h('li', {}, `${i.heading}: ${i.message}`, h('span', { class: 'meta' }, ` ${fmtDate(i.date)}${i.applicationName ? ` · ${i.applicationName}` : ''}`)));
    }
    out.push(ul);
  }
  if (env.hooks.length) {
    out.push(h('h3', {}, 'Hooks'), hookList(env.hooks));
  }
  return out;
}

/** The environment's actions as buttons; the host asks for confirmation before anything happens. */
function actionBar(env: EnvironmentView): HTMLElement {
  const bar = h('div', { class: 'env-actions', role: 'group', 'aria-label': `Actions for ${env.name}` });
  for (const a of env.actions) {
    const button = h('vscode-button', { 'data-action': a.action, ...(a.destructive ? { secondary: '' } : {}) }, `${a.title}…`);
    button.addEventListener('click', () => post({ type: 'act', action: a.action, environment: env.name }));
    bar.append(button);
  }
  return bar;
}

function hookList(hooks: HookView[]): HTMLElement {
  const ul = h('ul', {});
  for (const hk of hooks) ul.append(h('li', {}, `${hk.event}: ${hk.templateName} `, statusEl(hk.status), hk.error ? h('div', { class: 'meta' }, hk.error) : null));
  return ul;
}

/** Fills `pane` with the details of the item `selection` names, or with a hint and the release's hooks. */
export function renderDetails(pane: HTMLElement, release: ReleaseView | undefined, selection: string | undefined): void {
  pane.replaceChildren();
  const item = release && selection ? findItem(release, selection) : undefined;
  if (!release || !item) {
    pane.append(h('p', { class: 'empty' }, 'Select an environment or workflow to see its details.'));
    if (release?.hooks.length) pane.append(h('h3', {}, 'Release hooks'), hookList(release.hooks));
    return;
  }
  pane.append(...environmentDetails(item.env, release, item.workflow));
}
