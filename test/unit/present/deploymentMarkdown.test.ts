import assert from 'node:assert/strict';
import { marked } from 'marked';
import type { CommitDeployments } from '../../../src/core/deployment';
import { deploymentMarkdown, statusBarText } from '../../../src/present/deploymentMarkdown';
import { savedAnswerNote } from '../../../src/present/savedAnswer';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const SHA = 'a'.repeat(40);
const EVIL = '<img src=x onerror=alert(1)> [pwn](command:gitopsReleases.signOut) **b**';

function deployments(): CommitDeployments {
  const ref = (id: string, env: string) => ({
    id,
    productName: 'shop',
    version: '1.2.3',
    createdAt: '2026-01-10T11:00:00Z',
    environmentStatus: { kind: 'succeeded' as const, raw: env },
    releaseStatus: { kind: 'succeeded' as const, raw: 'SUCCEEDED' },
  });
  return {
    sha: SHA,
    products: [
      {
        product: 'shop',
        environments: [
          { environment: 'dev', state: 'deployed', release: ref('rel-1', 'SUCCEEDED'), since: '2026-01-10T11:30:00Z' },
          { environment: 'staging', state: 'on-its-way', release: { ...ref('rel) [x](y', 'RUNNING'), environmentStatus: { kind: 'running', raw: 'RUNNING' } } },
          { environment: 'prod', state: 'not-yet' },
        ],
      },
    ],
  };
}

describe('deploymentMarkdown', () => {
  it('has one row per environment with its state and a link to the release', () => {
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA, author: 'Ann', date: '2026-01-09T12:00:00Z', summary: 'fix it' }, deployments: deployments(), now: NOW });
    const html = marked.parse(md, { async: false });
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
    assert.equal(rows.length, 4, html); // header + 3 environments
    assert.match(rows[1]!, /dev Deployed rel-1 \(1\.2\.3\) · notes · 30 min ago/);
    assert.match(rows[2]!, /staging On its way/);
    assert.match(rows[3]!, /prod Not yet/);
    assert.match(md, /`aaaaaaa` by Ann 1 d ago/);
    // The hostile release id stays inside its own link's label and its argument is encoded.
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(links.every((l) => l.startsWith('command:gitopsReleases.')), links.join('\n'));
    const stagingOpen = links.find((l) => decodeURIComponent(l).includes('rel) [x](y'));
    assert.ok(stagingOpen, 'the id reaches the command arguments intact');
    assert.deepEqual(JSON.parse(decodeURIComponent(stagingOpen.split('?')[1]!)), ['shop', 'rel) [x](y']);
  });

  it('says why the release counts as carrying the commit, and when only the GitOps commit links it', () => {
    const d = deployments();
    const [dev, staging] = d.products[0]!.environments;
    Object.assign(dev!, { containment: 'ancestor', link: 'exact-sha' });
    Object.assign(staging!, { containment: 'promotion-commit', link: 'gitops-commit' });
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: d, now: NOW });
    const html = marked.parse(md, { async: false });
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
    assert.match(rows[1]!, /an ancestor of a commit it carries, linked by exact sha/);
    assert.match(rows[2]!, /its promotion commit, linked by GitOps repository commit only/);
    assert.doesNotMatch(rows[3]!, /linked by/);
  });

  it('escapes hostile commit data', () => {
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA, author: EVIL, summary: EVIL }, deployments: deployments(), now: NOW });
    const html = marked.parse(md, { async: false });
    assert.ok(!html.includes('<img'), html);
    assert.ok(!html.includes('<strong>b</strong>'));
    assert.ok(!/href="command:gitopsReleases.signOut/.test(html), 'no link from the hostile text');
    assert.ok(html.includes('[pwn](command:gitopsReleases.signOut)'), 'shown as literal text');
  });

  it('says when the line is uncommitted, when data is loading, stale or failing', () => {
    assert.match(deploymentMarkdown({ commit: { kind: 'uncommitted' } }), /not committed yet/);
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, loading: 'Loading the commit graph…', error: 'ECONNREFUSED', dataAgeMs: 20 * 60_000, now: NOW });
    assert.match(md, /Loading the commit graph/);
    assert.match(md, /Last refresh failed: ECONNREFUSED/);
    assert.match(md, /20 min old \(stale\)/);
  });

  it('says an answer saved by an earlier session is one, with its age, and whether the backend is unreachable', () => {
    assert.equal(savedAnswerNote(undefined, true, NOW), undefined);
    assert.equal(savedAnswerNote(NOW - 5 * 60_000, true, NOW), 'saved answer, as of 5 min ago, offline');
    assert.equal(savedAnswerNote(NOW - 3 * 3_600_000, false, NOW), 'saved answer, as of 3 h ago');
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: deployments(), error: 'ECONNREFUSED', dataAgeMs: 20 * 60_000, savedAnswer: savedAnswerNote(NOW - 20 * 60_000, true, NOW), now: NOW });
    assert.match(md, /\$\(history\) Saved answer\\?, as of 20 min ago\\?, offline/);
    assert.doesNotMatch(md, /\(stale\)/, 'one note about the age, not two');
    assert.match(md, /\| .* dev \|/);
  });
});

describe('statusBarText', () => {
  it('shows compact per-environment glyphs', () => {
    assert.equal(statusBarText(SHA, deployments()), '$(rocket) aaaaaaa dev $(pass-filled) staging $(sync~spin) prod $(circle-large-outline)');
    assert.equal(statusBarText(SHA, undefined), '$(rocket) aaaaaaa $(loading~spin)');
  });
});

describe('deploymentMarkdown: no longer deployed, and ignored releases', () => {
  const ref = (id: string, raw = 'SUCCEEDED') => ({
    id,
    productName: 'shop',
    createdAt: '2026-01-10T09:00:00Z',
    environmentStatus: { kind: 'succeeded' as const, raw },
    releaseStatus: { kind: 'succeeded' as const, raw },
  });
  const answer = (): CommitDeployments => ({
    sha: SHA,
    products: [
      {
        product: 'shop',
        environments: [
          { environment: 'dev', state: 'deployed', release: ref('rel-5'), since: '2026-01-10T11:00:00Z', ignored: [{ releaseId: 'rel-0', reason: 'commit-not-found', detail: 'release rel-0: its commit is not in the local repository' }] },
          { environment: 'prod', state: 'no-longer-deployed', release: ref('rel-3'), liveRelease: ref('rel-4'), since: '2026-01-10T11:30:00Z' },
        ],
      },
    ],
  });

  it('names the release that had the commit and the live one without it', () => {
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: answer(), now: NOW });
    const html = marked.parse(md, { async: false });
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
    assert.match(rows[2]!, /prod No longer deployed rel-3 · notes · replaced by rel-4 · 30 min ago/);
    assert.match(md, /\$\(discard\) prod/);
    assert.match(html.replace(/<[^>]+>/g, ''), /Not counted \(they cannot change these answers\): release rel-0: its commit is not in the local repository \(dev\)/);
  });

  it('the status bar shows the state with its own glyph', () => {
    assert.equal(statusBarText(SHA, answer()), '$(rocket) aaaaaaa dev $(pass-filled) prod $(discard)');
  });
});
