// The agent tools' shared logic, over a host that records what it is asked: inputs checked (a bad one answered, not
// thrown), "path:line" told from a commit-ish, the where answer as text and data with the bridge that linked each
// release, demo data labelled, and an action planned only where the backend offers it and the release allows it now,
// its confirmation naming exactly what will happen, and the backend asked only by runAction. Also: the manifest's
// languageModelTools are these definitions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CommitDeployments } from '../../../src/core/deployment';
import type { ReleaseAction, ReleaseSummary } from '../../../src/core/model';
import { isActionPlan, parseCommitRef, planAction, runAction, runReadTool, TOOL_DEFINITIONS, TOOL_DEMO_NOTICE, TOOL_NAMES, type ToolActionRequest, type ToolHost } from '../../../src/present/agentTools';
import { product, release } from '../resolve/releases';

const SHA = 'a'.repeat(40);

function fakeHost(o: { demo?: boolean; actions?: ReleaseAction[]; releases?: ReleaseSummary[] } = {}): ToolHost & { acted: ToolActionRequest[] } {
  const releases = o.releases ?? [release('shop', 'r1', 10, SHA, { dev: 'SUCCEEDED', prod: 'RUNNING' })];
  const acted: ToolActionRequest[] = [];
  const answer: CommitDeployments = {
    sha: SHA,
    products: [
      {
        product: 'shop',
        environments: [
          { environment: 'dev', state: 'deployed', release: { id: 'r1', productName: 'shop', version: '1.0.0', createdAt: '2026-01-01T00:00:00Z', environmentStatus: { kind: 'succeeded', raw: 'SUCCEEDED' }, releaseStatus: { kind: 'running', raw: 'RUNNING' } }, since: '2026-01-01T00:05:00Z', containment: 'trigger', link: 'exact-sha' },
          { environment: 'prod', state: 'not-yet' },
        ],
      },
    ],
  };
  return {
    acted,
    demo: o.demo ?? false,
    backendTitle: 'Test',
    actions: o.actions ?? [],
    commit: async (ref) => (ref.kind === 'commitish' && ref.text === 'HEAD' ? { sha: SHA, summary: 'Add cart totals', author: 'Ann', date: '2026-01-01T00:00:00Z' } : `"${ref.kind === 'line' ? `${ref.path}:${ref.line}` : ref.text}" names no commit.`),
    where: async () => answer,
    products: async () => [{ product: product('shop', ['dev', 'prod']), releases }],
    notes: async () => undefined,
    compare: async () => ({ kind: 'unavailable', from: { environment: 'prod' }, to: { environment: 'dev' }, reason: 'no live release' }),
    release: async (id) => releases.find((r) => r.id === id),
    act: async (request) => {
      acted.push(request);
      return { message: `Done: ${request.action}` };
    },
  };
}

describe('agent tools (shared by VS Code and MCP)', () => {
  it('tells a file line from a commit-ish', () => {
    assert.deepEqual(parseCommitRef('src/app.ts:42'), { kind: 'line', path: 'src/app.ts', line: 42 });
    assert.deepEqual(parseCommitRef(' HEAD~2 '), { kind: 'commitish', text: 'HEAD~2' });
    assert.deepEqual(parseCommitRef('4f89bfb'), { kind: 'commitish', text: '4f89bfb' });
    assert.deepEqual(parseCommitRef('a.ts:0'), { kind: 'commitish', text: 'a.ts:0' }, 'lines count from 1');
  });

  it('where: the text names each environment, its release and since when, and how the release carries the commit; the data is the answer', async () => {
    const a = await runReadTool(TOOL_NAMES.where, { commit: 'HEAD' }, fakeHost());
    assert.equal(a.isError, undefined);
    assert.match(a.text, /^commit a{12} {2}Add cart totals \(Ann, 2026-01-01\)/);
    assert.match(a.text, /\n {2}dev +Deployed +r1 \(1\.0\.0\) Succeeded; here since 2026-01-01T00:05:00Z/);
    assert.match(a.text, /shop dev: release r1 carries it as its trigger commit, linked by exact sha/);
    assert.equal((a.structured.answer as CommitDeployments).sha, SHA);
    assert.equal(a.structured.demo, undefined, 'real data is not labelled demo');
  });

  it('labels demo data in the text and the data', async () => {
    const a = await runReadTool(TOOL_NAMES.where, { commit: 'HEAD' }, fakeHost({ demo: true }));
    assert.ok(a.text.startsWith(`${TOOL_DEMO_NOTICE}\n`), a.text);
    assert.equal(a.structured.demo, true);
  });

  it('answers a bad input or an unknown commit with the reason, naming the field', async () => {
    const missing = await runReadTool(TOOL_NAMES.where, {}, fakeHost());
    assert.equal(missing.isError, true);
    assert.match(missing.text, /commit:/);
    const extra = await runReadTool(TOOL_NAMES.releases, { limit: 500 }, fakeHost());
    assert.equal(extra.isError, true);
    assert.match(extra.text, /limit/);
    const unknown = await runReadTool(TOOL_NAMES.where, { commit: 'nope' }, fakeHost());
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /"nope" names no commit/);
    const noChecks = await runReadTool(TOOL_NAMES.checks, { commit: 'HEAD' }, fakeHost());
    assert.match(noChecks.text, /reports no commit checks/);
  });

  it('lists releases with their statuses per environment and what may be done there', async () => {
    const r = release('shop', 'r2', 20, SHA, { dev: 'SUCCEEDED', prod: 'SUSPENDED' }, { version: '2.0.0' });
    r.environments[1]!.actions = ['approve', 'reject'];
    const a = await runReadTool(TOOL_NAMES.releases, { product: 'shop' }, fakeHost({ releases: [r] }));
    assert.match(a.text, /^shop \(environments: dev, prod; 1 release loaded, newest first\)/);
    assert.match(a.text, /r2 \(2\.0\.0\) .* commit a{12}/);
    assert.match(a.text, /prod: \w[^;\n]* \[can approve, reject\]/);
    const bad = await runReadTool(TOOL_NAMES.releases, { product: 'cart' }, fakeHost());
    assert.match(bad.text, /No product "cart"; the products are: shop/);
  });

  it('plans an action only where the backend offers it and the release allows it now; the confirmation says exactly what happens', async () => {
    const r = release('shop', 'r2', 20, SHA, { dev: 'SUCCEEDED', prod: 'SUSPENDED' }, { version: '2.0.0' });
    r.environments[1]!.actions = ['approve'];
    const notOffered = fakeHost({ releases: [r], actions: [] });
    const refused = await planAction({ action: 'approve', releaseId: 'r2', environment: 'prod' }, notOffered);
    assert.ok(!isActionPlan(refused));
    assert.match(refused.text, /does not offer "approve".*Nothing was done\./);
    const host = fakeHost({ releases: [r], actions: ['approve', 'abort'] });
    const notNow = await planAction({ action: 'abort', releaseId: 'r2', environment: 'prod' }, host);
    assert.ok(!isActionPlan(notNow));
    assert.match(notNow.text, /"abort" is not possible for shop .* in prod now \(possible: approve\)\. Nothing was done\./);
    const plan = await planAction({ action: 'approve', releaseId: 'r2', environment: 'prod', comment: ' ship it ' }, host);
    assert.ok(isActionPlan(plan));
    assert.equal(plan.title, 'Approve shop 2.0.0 for prod?');
    assert.equal(plan.message, 'The deployment of shop 2.0.0 waiting in prod goes ahead. Comment: "ship it".');
    assert.deepEqual(host.acted, [], 'planning does nothing');
    const done = await runAction(plan, host);
    assert.deepEqual(host.acted, [{ action: 'approve', releaseId: 'r2', productName: 'shop', environment: 'prod', comment: 'ship it' }]);
    assert.equal(done.text, 'Done: approve');
    const read = await runReadTool(TOOL_NAMES.action, { action: 'approve', releaseId: 'r2', environment: 'prod' }, host);
    assert.equal(read.isError, true, 'the action tool is not a read tool');
    assert.equal(host.acted.length, 1);
  });

  it("the manifest's languageModelTools are these tools, with these descriptions and input schemas", () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { contributes: { languageModelTools: { name: string; modelDescription: string; inputSchema: unknown; displayName: string }[] } };
    assert.deepEqual(
      pkg.contributes.languageModelTools.map((t) => ({ name: t.name, modelDescription: t.modelDescription, inputSchema: t.inputSchema, displayName: t.displayName })),
      TOOL_DEFINITIONS.map((t) => ({ name: t.name, modelDescription: t.description, inputSchema: t.inputSchema, displayName: t.title })),
    );
  });
});
