// The language-model tools in a real VS Code, invoked as a chat participant or agent would, through
// vscode.lm.invokeTool: the where-tool answers for HEAD on the demo backend, as text a model can quote (labelled as
// demo data) and as data; on the GitHub test engine the action tool asks for confirmation first (VS Code shows the
// confirmation that prepareInvocation returned; outside a chat, as a modal dialog) and, declined, does nothing.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeGitHub, type FakeGitHub } from '../../../src/backends/github/fake/server';
import type { CommitDeployments } from '../../../src/core/deployment';
import type { ReleaseSummary } from '../../../src/core/model';
import { confirmation } from '../../../src/present/actions';
import { TOOL_DEMO_NOTICE, TOOL_NAMES } from '../../../src/present/agentTools';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { activateExtension, expectUi, fixture, hasDriver, log, ui, waitFor } from './helpers';

/** The text parts of a tool result, and its structured part (a JSON data part, or the JSON text part older VS Code gets). */
function read(result: vscode.LanguageModelToolResult): { text: string; data: Record<string, unknown> } {
  const texts: string[] = [];
  let data: Record<string, unknown> | undefined;
  for (const part of result.content) {
    if (part instanceof vscode.LanguageModelTextPart) {
      const m = /^Structured answer \(JSON\): (.*)$/s.exec(part.value);
      if (m) data = JSON.parse(m[1]!) as Record<string, unknown>;
      else texts.push(part.value);
    } else if (typeof part === 'object' && part !== null && 'mimeType' in part && 'data' in part) {
      const p = part as { mimeType: string; data: Uint8Array };
      assert.match(p.mimeType, /json/);
      data = JSON.parse(new TextDecoder().decode(p.data)) as Record<string, unknown>;
    }
  }
  assert.ok(data, 'a structured part');
  return { text: texts.join('\n'), data };
}

const invoke = (name: string, input: object) => vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);

describe('language-model tools (VS Code)', function () {
  this.timeout(180_000);
  let api: GitopsReleasesApi;

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
    await waitFor(() => api.backendState().backendId === 'demo' && api.storeState().lastSuccessAt, 60_000, 'the demo backend to have answered');
  });

  it('are registered, the read tools and the action tool', () => {
    const names = vscode.lm.tools.map((t) => t.name);
    for (const n of Object.values(TOOL_NAMES)) assert.ok(names.includes(n), `${n} in ${JSON.stringify(names)}`);
  });

  it('the where-tool answers for HEAD on the demo, labelled as demo data, with the answer the views show', async () => {
    const f = fixture();
    const { text, data } = read(await invoke(TOOL_NAMES.where, { commit: 'HEAD' }));
    log(`where HEAD:\n${text}`);
    assert.ok(text.startsWith(TOOL_DEMO_NOTICE), text);
    assert.match(text, new RegExp(`^commit ${f.head.slice(0, 12)}`, 'm'));
    assert.equal(data.demo, true);
    const answer = data.answer as CommitDeployments;
    assert.equal(answer.sha, f.head);
    assert.ok(answer.products.length > 0, 'products in the answer');
    const shown = await api.whereDeployed(f.repoPath, f.head);
    assert.deepEqual(answer.products, shown?.products, 'the same answer as the hover and the views');
  });

  it('the action tool on a backend without actions says so, and nothing is asked or done', async () => {
    const { text, data } = read(await invoke(TOOL_NAMES.action, { action: 'approve', releaseId: 'r1', environment: 'prod' }));
    assert.match(text, /does not offer "approve".*Nothing was done\./);
    assert.equal(data.demo, true);
  });

  describe('on the GitHub test engine', function () {
    let engine: FakeGitHub;
    const config = () => vscode.workspace.getConfiguration('gitopsReleases');
    let original: { backend?: string; url?: string } = {};
    const releases = (): ReleaseSummary[] => api.snapshot().find((p) => p.product.name === engine.repository)?.releases ?? [];
    const env = (id: string, name: string) => releases().find((r) => r.id === id)?.environments.find((e) => e.name === name);

    before(async function () {
      this.timeout(180_000);
      engine = await startFakeGitHub({ repoPath: fixture().repoPath });
      original = { backend: config().inspect<string>('backend')?.workspaceValue, url: config().inspect<string>('github.demoServerUrl')?.workspaceValue };
      await config().update('github.demoServerUrl', engine.apiUrl, vscode.ConfigurationTarget.Workspace);
      await config().update('backend', 'github-demo', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.backendState().backendId === 'github-demo' && api.backendState().state === 'ready', 60_000, 'the GitHub test engine to be the backend');
      await api.refresh();
      await waitFor(() => releases().length > 0, 60_000, `runs of ${engine.repository}`);
    });

    after(async () => {
      await config().update('github.demoServerUrl', original.url, vscode.ConfigurationTarget.Workspace);
      await config().update('backend', original.backend ?? 'demo', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.backendState().state === 'ready' && api.backendState().backendId !== 'github-demo', 30_000, 'the extension to leave the GitHub test engine');
      await engine.close();
    });

    it('approve asks for confirmation first, naming exactly what will happen; declined, nothing is done', async function () {
      if (!hasDriver()) this.skip(); // declining needs a key press in the workbench, which only the code-server driver makes
      const r = releases().find((x) => env(x.id, 'production')?.actions?.includes('approve'));
      assert.ok(r, 'a run waiting for review in production');
      const asked = confirmation('approve', r, 'production');
      const call = invoke(TOOL_NAMES.action, { action: 'approve', releaseId: r.id, environment: 'production' });
      const outcome = call.then(
        () => 'invoked',
        (e: unknown) => (e instanceof Error ? e.name || e.message : String(e)),
      );
      // The confirmation is up before anything is done: the deployment still waits for review.
      const dialog = expectUi(await ui('agent-tool-confirmation', { waitForText: [asked.message, asked.detail], query: '.monaco-dialog-box', timeoutMs: 30_000 }), 'the confirmation dialog');
      log(`confirmation: ${(dialog.texts ?? []).join(' | ').replace(/\s+/g, ' ')}`);
      assert.ok(env(r.id, 'production')?.actions?.includes('approve'), 'nothing done while the question is open');
      expectUi(await ui('agent-tool-decline', { press: 'Escape', settleMs: 500 }), 'declining');
      const result = await outcome;
      assert.notEqual(result, 'invoked', 'declined: the tool is not invoked');
      log(`declined: invokeTool rejected with ${result}`);
      await api.refresh();
      assert.equal(env(r.id, 'production')?.status, 'SUSPENDED', 'still waiting for review');
      assert.ok(env(r.id, 'production')?.actions?.includes('approve'), 'still possible to approve');
      assert.doesNotMatch(api.logText(), /agent tool: Approve/);
    });
  });
});
