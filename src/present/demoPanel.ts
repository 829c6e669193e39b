// The release panel's model while the demo backend is in use: it carries the banner saying the release is made up,
// and offers no link the demo backend reported (workflow logs, pull requests, issues: all invented, so a click would
// lead nowhere real). Links computed from the local Git repository stay. Pure: no vscode, no DOM.

import type { NoteItemView, PanelModel, ReleaseView } from './panelView';

/** The banner of the release panel while the demo backend is in use. */
export const DEMO_NOTICE = "Demo data: made up from this repository's history, not a real deployment";

function releaseWithoutLinks(release: ReleaseView): ReleaseView {
  return {
    ...release,
    triggerCommit: release.triggerCommit ? { ...release.triggerCommit, url: undefined } : undefined,
    failure: release.failure ? { ...release.failure, logsUrl: undefined } : undefined,
    environments: release.environments.map((env) => ({
      ...env,
      workflows: env.workflows.map((w) => ({
        ...w,
        steps: w.steps.map((st) => ({ ...st, runs: st.runs.map((r) => ({ ...r, url: undefined })) })),
      })),
      applications: env.applications.map((a) => (a.pr ? { ...a, pr: { ...a.pr, url: undefined } } : a)),
    })),
  };
}

function noteItem(item: NoteItemView): NoteItemView {
  return item.local ? item : { ...item, url: undefined, links: undefined };
}

export function demoPanelModel(model: PanelModel): PanelModel {
  return {
    ...model,
    demoNotice: DEMO_NOTICE,
    release: releaseWithoutLinks(model.release),
    notes: model.notes ? { ...model.notes, sections: model.notes.sections.map((s) => ({ ...s, items: s.items.map(noteItem) })) } : undefined,
  };
}
