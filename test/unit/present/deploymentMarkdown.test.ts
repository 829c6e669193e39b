import assert from 'node:assert/strict';
import { marked } from 'marked';
import type { CommitDeployments } from '../../../src/core/deployment';
import { deploymentMarkdown } from '../../../src/present/deploymentMarkdown';
import { savedAnswerNote } from '../../../src/present/savedAnswer';
import { statusBarView } from '../../../src/present/statusBarText';

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

/** The hover as a reader sees it: its Markdown rendered, tags removed, one entry per line of text. */
function shownLines(md: string): string[] {
  const html = marked.parse(md, { async: false });
  return html.replace(/<br>/g, '\n').replace(/<\/p>/g, '\n').replace(/<[^>]+>/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
}

describe('deploymentMarkdown', () => {
  it('actions on the first line, then the commit, then one line per product with releases by version', () => {
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA, author: 'Ann', date: '2026-01-09T12:00:00Z', summary: 'fix it' }, deployments: deployments(), now: NOW });
    const lines = shownLines(md);
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.equal(lines[0], 'GitOps Releases · Copy sha · Commit Deployments · Refresh · Notify me when it ships…');
    assert.equal(lines[1], 'Commit aaaaaaa by Ann 1 d ago: fix it');
    // The time shown says what it is of; a release on its way without a start of its own there shows none (its creation
    // would read as the attempt's age).
    assert.equal(lines[2], 'shop · $(pass-filled) Deployed: dev (1.2.3, in dev since 30 min) · $(sync~spin) On its way: staging (1.2.3) · $(circle-large-outline) Not yet: prod');
    // The hostile release id stays inside its own link's argument, encoded.
    const html = marked.parse(md, { async: false });
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(links.every((l) => l.startsWith('command:gitopsReleases.')), links.join('\n'));
    const stagingOpen = links.find((l) => decodeURIComponent(l).includes('rel) [x](y'));
    assert.ok(stagingOpen, 'the id reaches the command arguments intact');
    assert.deepEqual(JSON.parse(decodeURIComponent(stagingOpen.split('?')[1]!)), ['shop', 'rel) [x](y']);
  });

  it('folds every product the commit is nowhere in into one line, so many products stay a short hover', () => {
    const d = deployments();
    for (const name of ['payments', 'ledger', 'search', 'mail']) d.products.push({ product: name, environments: [{ environment: 'dev', state: 'not-yet' }, { environment: 'prod', state: 'not-yet' }] });
    const lines = shownLines(deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: d, now: NOW }));
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.equal(lines[3], '$(circle-large-outline) Not deployed yet in payments, ledger, search, mail');
  });

  it('says why the release counts as carrying the commit, and when only the GitOps commit links it', () => {
    const d = deployments();
    const [dev, staging] = d.products[0]!.environments;
    Object.assign(dev!, { containment: 'ancestor', link: 'exact-sha' });
    Object.assign(staging!, { containment: 'promotion-commit', link: 'gitops-commit' });
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: d, now: NOW });
    assert.match(md, /"Open release 1\\.2\\.3 \\\(rel\\-1\\\)\\: an ancestor of a commit it carries\\, linked by exact sha"/, 'the reason is the link title');
    assert.match(shownLines(md)[2]!, /On its way: staging \(1\.2\.3 · its promotion commit, linked by GitOps repository commit only\)/, 'a weak link reads as one');
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
    assert.match(md, /\*\*shop\*\* · .*Deployed: dev/, 'the saved answer itself is still shown');
  });
});

describe('status bar', () => {
  const payments = (): CommitDeployments['products'][number] => ({ product: 'payments', environments: [{ environment: 'dev', state: 'not-yet' }, { environment: 'prod', state: 'not-yet' }] });

  it('one icon, in front; a phrase per product; every state in the accessible label', () => {
    const v = statusBarView(SHA, deployments());
    assert.equal(v.text, '$(sync~spin) aaaaaaa shop going to staging');
    assert.equal(v.text.match(/\$\(/g)?.length, 1, 'at most one icon');
    assert.equal(v.accessibleLabel, 'GitOps Releases, commit aaaaaaa. shop: on its way to staging; deployed in dev; not yet in prod.');
    assert.equal(statusBarView(SHA, undefined).text, '$(loading~spin) aaaaaaa');
  });

  it('while the backend is unreachable it says the answer is stale: no spinning "going to", the failure and the age in its label and tooltip', () => {
    const failing = { refreshFailed: 'connect ECONNREFUSED 127.0.0.1:1', ageMs: 2 * 60_000 };
    const v = statusBarView(SHA, deployments(), false, failing);
    assert.equal(v.text, '$(warning) aaaaaaa shop going to staging (stale)');
    assert.doesNotMatch(v.text, /~spin/, 'nothing spins while nothing is being learned');
    assert.equal(v.accessibleLabel, 'GitOps Releases, commit aaaaaaa. shop: on its way to staging; deployed in dev; not yet in prod. Stale: the last refresh failed (connect ECONNREFUSED 127.0.0.1:1); the answer is from 2 min ago.');
    // Never answered at all: not a spinner that never stops.
    const never = statusBarView(SHA, undefined, false, { refreshFailed: 'connect ECONNREFUSED 127.0.0.1:1' });
    assert.equal(never.text, '$(warning) aaaaaaa unavailable');
    assert.equal(never.accessibleLabel, 'GitOps Releases, commit aaaaaaa: unavailable, the last refresh failed (connect ECONNREFUSED 127.0.0.1:1)');
    // A saved answer from an earlier session, and an answer older than the stale limit, say so too.
    const saved = statusBarView(SHA, deployments(), false, { savedAnswer: 'saved answer, as of 3 h ago', ageMs: 3 * 3_600_000 });
    assert.equal(saved.text, '$(history) aaaaaaa shop going to staging (saved)');
    assert.match(saved.accessibleLabel, /\. Saved answer, as of 3 h ago\.$/);
    assert.equal(statusBarView(SHA, deployments(), false, { ageMs: 20 * 60_000, staleAfterMs: 5 * 60_000 }).text, '$(history) aaaaaaa shop going to staging (stale)');
    assert.equal(statusBarView(SHA, deployments(), false, { ageMs: 60_000, staleAfterMs: 5 * 60_000 }).text, '$(sync~spin) aaaaaaa shop going to staging');
    // The tooltip (the hover's Markdown) gives the age even when it is under the stale limit: the refresh failed.
    const tip = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: deployments(), error: failing.refreshFailed, dataAgeMs: failing.ageMs, now: NOW });
    assert.match(tip, /Last refresh failed: connect ECONNREFUSED/);
    assert.match(tip, /Data is 2 min old \(stale\)/);
  });

  it('never merges one product\'s environment into another\'s: payments\' dev that is not yet deployed stays so', () => {
    const d = deployments();
    d.products = [{ product: 'shop', environments: [{ environment: 'dev', state: 'deployed' }] }, payments()];
    const v = statusBarView(SHA, d);
    assert.equal(v.text, '$(rocket) aaaaaaa shop in dev · payments not deployed');
    assert.equal(v.accessibleLabel, 'GitOps Releases, commit aaaaaaa. shop: deployed in dev. payments: not yet in dev, prod.');
    d.products.push({ ...payments(), product: 'ledger' });
    assert.equal(statusBarView(SHA, d).text, '$(rocket) aaaaaaa shop in dev · payments not deployed +1');
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
    const lines = shownLines(md);
    assert.match(lines[2]!, /\$\(discard\) No longer deployed: prod \(release rel-3, replaced by release rel-4 30 min ago\)/);
    assert.match(lines[3]!, /Not counted \(they cannot change these answers\): release rel-0: its commit is not in the local repository \(dev\)/);
  });

  it('the status bar names the furthest environment the commit is deployed to', () => {
    assert.equal(statusBarView(SHA, answer()).text, '$(pass-filled) aaaaaaa shop in dev');
  });
});
