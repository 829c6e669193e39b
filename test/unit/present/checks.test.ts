// A commit's deployment checks as the hover and the Commit Deployments view show them: the hover's line per product
// with Details links (only http(s), encoded so they cannot end the link; every API string escaped), and the rows.

import assert from 'node:assert/strict';
import { marked } from 'marked';
import type { CommitCheck, CommitChecks } from '../../../src/core/checks';
import type { CommitDeployments } from '../../../src/core/deployment';
import { checkRow, checksHoverLine, checksMessage, checksNodeRow, detailsUrl, skippedChecksRow, type ChecksView } from '../../../src/present/checks';
import { deploymentMarkdown } from '../../../src/present/deploymentMarkdown';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const SHA = 'c'.repeat(40);
const EVIL = '<img src=x onerror=alert(1)> [pwn](command:gitopsReleases.signOut) **b** $(zap)';

const check = (over: Partial<CommitCheck> = {}): CommitCheck => ({
  name: 'Deploy / production',
  kind: 'check-run',
  status: { kind: 'succeeded', raw: 'SUCCESS' },
  detailsUrl: 'https://github.com/o/r/actions/runs/1/job/2',
  updatedAt: '2026-01-10T11:50:00Z',
  environment: 'production',
  ...over,
});
const ready = (checks: CommitCheck[], over: Partial<CommitChecks> = {}): ChecksView => ({ state: 'ready', checks: { sha: SHA, checks, complete: true, otherChecks: 0, ...over } });

/** The links of rendered Markdown: [href, text]. */
function links(md: string): [string, string][] {
  const html = marked.parse(md, { async: false });
  return [...html.matchAll(/<a href="([^"]*)"[^>]*>(.*?)<\/a>/g)].map((m) => [m[1]!, m[2]!]);
}

describe('checks in the hover', () => {
  it('one line: each check with its status icon and a Details link', () => {
    const line = checksHoverLine(ready([check(), check({ name: 'deploy/staging', kind: 'status', status: { kind: 'failed', raw: 'FAILURE' }, detailsUrl: 'https://deploys.example.com/a b(c)' })]))!;
    assert.equal(
      line,
      String.raw`Checks: $(pass-filled) Deploy \/ production ([Details](https://github.com/o/r/actions/runs/1/job/2 "Deploy \/ production\: Succeeded")) · ` +
        String.raw`$(error) deploy\/staging ([Details](https://deploys.example.com/a%20b%28c%29 "deploy\/staging\: Failed"))`,
    );
    assert.deepEqual(links(line), [
      ['https://github.com/o/r/actions/runs/1/job/2', 'Details'],
      ['https://deploys.example.com/a%20b%28c%29', 'Details'],
    ]);
  });

  it('escapes hostile names and descriptions; a javascript:, data: or command: URL is not linked', () => {
    const line = checksHoverLine(
      ready([
        check({ name: EVIL, description: EVIL, detailsUrl: 'javascript:alert(1)' }),
        check({ name: '$(zap) x', detailsUrl: 'data:text/html,<script>1</script>' }),
        check({ name: 'y', detailsUrl: 'command:gitopsReleases.signOut' }),
        check({ name: 'z', detailsUrl: 'https://evil.example/")[pwn](command:gitopsReleases.signOut' }),
      ]),
    )!;
    const html = marked.parse(line, { async: false });
    assert.ok(!html.includes('<img'), html);
    assert.ok(!/href="(javascript|data|command):/i.test(html), html);
    assert.deepEqual(links(line).map(([h]) => h), ['https://evil.example/%22%29%5Bpwn%5D%28command:gitopsReleases.signOut']);
    assert.ok(!line.includes('$(zap)') && line.includes(String.raw`\$\(zap\) x`), 'no icon syntax survives from a name');
    assert.ok(line.includes('&lt;img'), line);
  });

  it('says nothing while loading or with no deployment checks; names a failure; cuts a long list', () => {
    assert.equal(checksHoverLine(undefined), undefined);
    assert.equal(checksHoverLine({ state: 'loading' }), undefined);
    assert.equal(checksHoverLine(ready([])), undefined);
    assert.equal(checksHoverLine({ state: 'failed', message: 'GitHub said no [x](y)' }), '$(warning) Checks could not be read: GitHub said no \\[x\\]\\(y\\)');
    const many = checksHoverLine(ready(Array.from({ length: 9 }, (_, i) => check({ name: `job ${i}` }))))!;
    assert.ok(many.endsWith(' · and 3 more'), many);
  });

  it('sits under its product in the deployment hover; a product the commit reached nowhere is named with it', () => {
    const deployments: CommitDeployments = {
      sha: SHA,
      products: [
        { product: 'shop', environments: [{ environment: 'staging', state: 'deployed' }] },
        { product: 'api', environments: [{ environment: 'prod', state: 'not-yet' }] },
      ],
    };
    const checks = new Map<string, ChecksView>([
      ['shop', ready([check({ name: 'Deploy / staging' })])],
      ['api', ready([check({ name: 'deploy/prod', status: { kind: 'failed', raw: 'FAILURE' }, detailsUrl: undefined })])],
    ]);
    const md = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments, checks, now: NOW });
    const body = md.split('\n\n')[2]!.split('  \n');
    assert.deepEqual(body.map((l) => l.replace(/\(\[Details\].*$/, '')), [
      '**shop** · $(pass-filled) Deployed: staging',
      String.raw`Checks: $(pass-filled) Deploy \/ staging `,
      '$(circle-large-outline) Not deployed yet in api',
      '**api** · Checks: $(error) deploy\\/prod',
    ]);
    const without = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments, now: NOW });
    assert.ok(!without.includes('Checks'), 'no checks given: no line');
  });
});

describe('checks in the Commit Deployments view', () => {
  it('a row per check: status icon, state and time, the description and environment in the tooltip', () => {
    const row = checkRow(check({ description: 'Shipped **now**', status: { kind: 'suspended', raw: 'WAITING' } }), NOW);
    assert.equal(row.label, 'Deploy / production');
    assert.equal(row.description, 'Suspended · 10 min ago');
    assert.deepEqual(row.icon, { id: 'debug-pause', color: 'charts.yellow' });
    assert.equal(row.contextValue, 'check-with-details');
    assert.equal(
      row.tooltip,
      '**Deploy \\/ production**: Suspended\n\nShipped \\*\\*now\\*\\*\n\nCheck run · environment production · changed 10 min ago\n\nClick to open the details: https\\:\\/\\/github\\.com\\/o\\/r\\/actions\\/runs\\/1\\/job\\/2',
    );
  });

  it('an unknown state reads Unknown (RAW); a hostile name is escaped in the tooltip; a bad URL is no link', () => {
    const row = checkRow(check({ name: EVIL, status: { kind: 'unknown', raw: 'BRAND_NEW' }, detailsUrl: 'javascript:alert(1)', kind: 'status', environment: undefined, updatedAt: undefined }), NOW);
    assert.equal(row.description, 'Unknown (BRAND_NEW)');
    assert.equal(row.contextValue, 'check');
    assert.ok(!marked.parse(row.tooltip!, { async: false }).includes('<img'));
    assert.ok(row.tooltip!.endsWith('Commit status\n\nNo details page was given.'), row.tooltip);
    assert.equal(detailsUrl({ detailsUrl: 'javascript:alert(1)' }), undefined);
    assert.equal(detailsUrl({ detailsUrl: 'https://made-up.invalid/x' }), undefined);
    assert.equal(detailsUrl({ detailsUrl: 'http://127.0.0.1:4000/o/r/actions/runs/1' }), 'http://127.0.0.1:4000/o/r/actions/runs/1');
  });

  it('the Checks node counts by status and wears the one that needs attention most', () => {
    const node = checksNodeRow(ready([check(), check({ status: { kind: 'failed', raw: 'FAILURE' } }), check()]));
    assert.equal(node.label, 'Checks');
    assert.equal(node.description, '2 Succeeded · 1 Failed');
    assert.equal(node.icon?.id, 'error');
    assert.equal(node.collapsible, 'expanded');
    assert.equal(checksNodeRow({ state: 'loading' }).icon?.id, 'checklist');
  });

  it('a plain message when there is no check to show', () => {
    assert.deepEqual(checksMessage(undefined), { text: 'Loading checks…', icon: 'loading~spin' });
    assert.deepEqual(checksMessage({ state: 'failed', message: 'Could not read the checks: GitHub answered HTTP 502' }), { text: 'Checks unavailable: Could not read the checks: GitHub answered HTTP 502', icon: 'warning' });
    assert.equal(checksMessage(ready([], { commitUnknown: true }))?.text, 'This repository on the server does not have this commit (not pushed there yet?), so it has no checks.');
    assert.equal(checksMessage(ready([], { otherChecks: 3 }))?.text, 'No deployment checks on this commit (3 other checks, not about deployments).');
    assert.equal(checksMessage(ready([check()])), undefined);
  });

  it('says how many checks could not be read, with the reasons', () => {
    const view = ready([check()], { skipped: { count: 2, reasons: ['nodes[2].context: expected string', 'nodes[3]: <b>'] } });
    assert.ok(view.state === 'ready');
    const row = skippedChecksRow(view.checks)!;
    assert.equal(row.label, '2 checks could not be read');
    assert.ok(row.tooltip!.includes('&lt;b&gt;'));
    assert.equal(skippedChecksRow({ sha: SHA, checks: [], complete: true, otherChecks: 0 }), undefined);
  });
});
