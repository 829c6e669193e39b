import assert from 'node:assert/strict';
import { buildPanelModel } from '../../../src/present/panelModel';
import type { ReleaseDetail, ReleaseNotes } from '../../../src/core/model';
import type { ReleaseView, NotesView } from '../../../src/present/panelView';
import { bigRelease, failedRelease, hostileRelease, sampleNotes } from '../../webview/fixtures';

/** The release part of the panel's model. */
const buildReleaseView = (r: ReleaseDetail): ReleaseView => buildPanelModel(r, undefined).release;

/** The notes part of the panel's model. */
const buildNotesView = (n: ReleaseNotes): NotesView => buildPanelModel(failedRelease(), n).notes!;

describe('webview view model', () => {
  it('orders environments by the flow (trigger first) with generated ids and id-based edges', () => {
    const r = failedRelease();
    r.steps.reverse(); // the API order must not matter
    const v = buildReleaseView(r);
    assert.deepEqual(v.environments.map((e) => [e.id, e.name]), [['e0', 'dev'], ['e1', 'staging'], ['e2', 'qa'], ['e3', 'prod']]);
    const names = v.environments.map((e) => e.name);
    assert.ok(names.indexOf('dev') < names.indexOf('staging') && names.indexOf('staging') < names.indexOf('prod') && names.indexOf('qa') < names.indexOf('prod'));
    const idOf = (n: string) => v.environments.find((e) => e.name === n)?.id;
    assert.deepEqual(
      v.edges.map((e) => `${e.from}->${e.to}`).sort(),
      [`${idOf('dev')}->${idOf('staging')}`, `${idOf('dev')}->${idOf('qa')}`, `${idOf('staging')}->${idOf('prod')}`, `${idOf('qa')}->${idOf('prod')}`].sort(),
    );
    assert.equal(v.environments.find((e) => e.isTrigger)?.name, 'dev');
  });

  it('aggregates step statuses across applications and locates the failure (seed rules)', () => {
    const v = buildReleaseView(failedRelease());
    const staging = v.environments.find((e) => e.name === 'staging');
    assert.ok(staging);
    const post = staging.workflows.find((w) => w.phase === 'post');
    assert.equal(post?.status.kind, 'failed');
    // The smoke step succeeded for api but failed for web: the aggregate is failed.
    const smoke = post?.steps.find((s) => s.name === 'smoke');
    assert.equal(smoke?.status.kind, 'failed');
    assert.equal(smoke?.failing, true);
    assert.equal(post?.steps.find((s) => s.name === 'notify')?.status.kind, 'skipped');
    assert.equal(staging.failing, true);
    assert.deepEqual(
      { env: v.failure?.environment, phase: v.failure?.phase, step: v.failure?.stepName, app: v.failure?.applicationName, logs: v.failure?.logsUrl, total: v.failure?.total, stepId: v.failure?.stepId },
      { env: 'staging', phase: 'post', step: 'smoke', app: 'web', logs: 'https://g.codefresh.io/workflows/web-smoke?step=1', total: 1, stepId: `${staging.id}.post.s0` },
    );
    assert.equal(v.status.kind, 'failed');
    assert.equal(v.bucket, 'Failed');
    // prod waits behind the failure.
    const prod = v.environments.find((e) => e.name === 'prod');
    assert.equal(prod?.blockedByUpstream, true);
    assert.equal(prod?.status.kind, 'pending');
    assert.deepEqual(staging.hooks.map((h) => [h.event, h.templateName, h.status.kind]), [['onFail', 'page-oncall', 'succeeded']]);
    assert.deepEqual(v.hooks.map((h) => h.event), ['onStart']);
  });

  it('keeps an unknown API status visible with its raw value', () => {
    const r = failedRelease();
    const dev = r.steps[0];
    assert.ok(dev);
    dev.status = 'WARPING';
    const v = buildReleaseView(r);
    const e = v.environments.find((x) => x.name === 'dev');
    // The workflows all succeeded, so the rules fill in; the raw value is kept.
    assert.equal(e?.status.kind, 'succeeded');
    assert.equal(e?.status.raw, 'WARPING');
  });

  it('drops links that are not http(s)', () => {
    const v = buildReleaseView(hostileRelease());
    const urls = v.environments.flatMap((e) => e.workflows.flatMap((w) => w.steps.flatMap((s) => s.runs.map((r) => r.url))));
    assert.ok(urls.length > 0);
    assert.deepEqual(urls.filter((u) => u !== undefined), []);
    assert.equal(v.failure?.logsUrl, undefined);
  });

  it('marks the release active while something moves', () => {
    assert.equal(buildReleaseView(bigRelease(6)).active, true);
    const done = failedRelease();
    for (const s of done.steps) s.status = 'SUCCEEDED';
    done.status = 'SUCCEEDED';
    assert.equal(buildReleaseView(done).active, false);
  });

  it('adds the deployments (environment link, status, log link), PR merge dates and open states, and the notices', () => {
    const notes = sampleNotes();
    notes.pullRequests = [
      { key: '#12', number: 12, title: 'Basket', url: 'https://github.com/acme/shop/pull/12', author: 'ann', mergedAt: '2025-01-02T03:04:05Z', state: 'MERGED', commits: [{ sha: 'a'.repeat(40) }], source: 'backend' },
      { key: '#13', number: 13, title: 'Preview', state: 'OPEN', source: 'backend' },
    ];
    notes.deployments = [
      { environment: 'production', status: 'SUCCEEDED', url: 'https://shop.example.com', logUrl: 'https://github.com/acme/shop/actions/runs/1/job/2', source: 'backend' },
      { environment: 'staging', status: 'FAILED', url: 'javascript:alert(1)', source: 'backend' },
    ];
    notes.notices = ['Pull requests were looked up for the newest 100 of 250 commits of this release.'];
    const n = buildNotesView(notes);
    assert.equal(n.sections.at(-1)?.id, 'deployments');
    assert.deepEqual(n.sections.at(-1)?.items.map((i) => [i.key, i.title, i.url, i.detail, i.links]), [
      ['production', 'https://shop.example.com', 'https://shop.example.com', 'Succeeded', [{ label: 'Log', url: 'https://github.com/acme/shop/actions/runs/1/job/2' }]],
      ['staging', '', undefined, 'Failed', undefined],
    ]);
    const prs = n.sections.find((s) => s.id === 'pullRequests')!.items;
    assert.deepEqual(prs.map((p) => [p.key, p.date, p.detail, p.local]), [['#12', '2025-01-02T03:04:05Z', '1 commit', false], ['#13', undefined, 'open', false]]);
    assert.deepEqual(n.notices, notes.notices);
    const demo = buildPanelModel(failedRelease(), notes, { demo: true }).notes!;
    assert.deepEqual(demo.sections.at(-1)?.items.map((i) => [i.url, i.links]), [[undefined, undefined], [undefined, undefined]], 'demo data offers no backend link');
    assert.deepEqual(buildNotesView(sampleNotes()).sections.map((s) => s.id).includes('deployments'), false, 'no deployments section when the backend names none');
  });

  it('builds all six notes sections with local items marked and short keys', () => {
    const n = buildNotesView(sampleNotes());
    assert.deepEqual(n.sections.map((s) => [s.id, s.items.length]), [
      ['commits', 3],
      ['pullRequests', 1],
      ['issues', 2],
      ['images', 1],
      ['gitopsCommits', 1],
      ['gitopsPullRequests', 0],
    ]);
    const commits = n.sections[0]?.items ?? [];
    assert.deepEqual(commits.map((c) => [c.key, c.title, c.local]), [
      ['1111111', 'feat: add checkout', false],
      ['2222222', 'fix: rounding in cart', true],
      ['3333333', 'chore: bump deps', true],
    ]);
    const model = buildPanelModel(failedRelease(), undefined, { notesError: 'backend down', now: new Date('2025-01-01T00:00:00Z') });
    assert.equal(model.notes, undefined);
    assert.equal(model.notesError, 'backend down');
    assert.equal(model.fetchedAt, '2025-01-01T00:00:00.000Z');
  });
});
