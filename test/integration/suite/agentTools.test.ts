// The language-model tools in a real VS Code, invoked as a chat participant or agent would, through
// vscode.lm.invokeTool: the where-tool answers for HEAD on the demo backend, as text a model can quote (labelled as
// demo data) and as data; on the GitHub test engine the action tool's prepareInvocation returns the confirmation
// (VS Code shows it in the chat, or outside one as a modal dialog, which VS Code itself answers "yes" in extension
// tests), invoke does nothing without it, and the action runs once confirmed.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { startFakeGitHub, type FakeGitHub } from '../../../src/fakes/github/server';
import type { CommitDeployments } from '../../../src/core/deployment';
import type { ReleaseSummary } from '../../../src/core/model';
import { confirmation } from '../../../src/present/actions';
import { TOOL_DEMO_NOTICE, TOOL_NAMES } from '../../../src/present/agentTools';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { activateExtension, fixture, log, waitFor } from './helpers';

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
    const shown = await api.whereDeployed(path.join(f.repoPath, 'README.md'), f.head);
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
      // The workspace value exactly as it was (none, when the harness set the backend in the user settings), so the
      // suites after this one meet the configuration they would without it.
      await config().update('backend', original.backend, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.backendState().state === 'ready' && api.backendState().backendId !== 'github-demo', 30_000, 'the extension to leave the GitHub test engine');
      await engine.close();
    });

    it('approve: prepareInvocation returns the confirmation naming exactly what will happen; without it nothing is done; confirmed, it is done', async () => {
      const r = releases().find((x) => env(x.id, 'production')?.actions?.includes('approve'));
      assert.ok(r, 'a run waiting for review in production');
      const input = { action: 'approve', releaseId: r.id, environment: 'production' };
      const tool = api.agentTool(TOOL_NAMES.action);
      assert.ok(tool, 'the action tool as registered');
      const stillWaiting = async (what: string) => {
        await api.refresh();
        assert.equal(env(r.id, 'production')?.status, 'SUSPENDED', `${what}: production still waits for review`);
        assert.ok(env(r.id, 'production')?.actions?.includes('approve'), `${what}: approve is still possible`);
      };

      // invoke without the confirmation (a caller that skipped prepareInvocation): refused, nothing sent.
      const unconfirmed = await tool.invoke(input);
      assert.match(unconfirmed[0] ?? '', /not confirmed by the user, so nothing was done/);
      await stillWaiting('invoked without confirmation');

      // The confirmation VS Code shows (in the chat, or as a modal dialog outside one). Declined, VS Code does not
      // call invoke: nothing happens.
      const asked = confirmation('approve', r, 'production');
      const prepared = await tool.prepare(input);
      log(`confirmation: ${JSON.stringify(prepared.confirmation)}`);
      assert.equal(prepared.confirmation?.title, asked.message);
      assert.equal(prepared.confirmation?.message, `On demo data. ${asked.detail}`);
      await stillWaiting('asked, then declined');

      // Through VS Code: it calls prepareInvocation, asks (in extension tests its dialog service answers yes by
      // itself, https://github.com/microsoft/vscode/blob/main/src/vs/workbench/services/dialogs/common/dialogService.ts),
      // then invoke: the deployment goes ahead.
      const { text, data } = read(await invoke(TOOL_NAMES.action, input));
      log(`approved: ${text}`);
      assert.match(text, /Approved the deployment of .+ to production/);
      assert.equal(data.done, true);
      assert.equal(data.demo, true);
      await waitFor(async () => {
        await api.refresh();
        return env(r.id, 'production')?.status === 'SUCCEEDED';
      }, 30_000, 'production to show the approved deployment');
    });
  });
});
