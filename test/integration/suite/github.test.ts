// The GitHub backend in a real VS Code: sign-in through an authentication provider this suite registers (code-server
// has no GitHub sign-in offline) for the GitHub Enterprise Server the GitHub test engine plays, then the tree, the
// status bar and "where is this deployed" on GitHub data, and each action through the views' action commands:
// approve a deployment waiting for review, re-run the failed jobs of a run, cancel a running run.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeGitHub, type FakeGitHub } from '../../../src/backends/github/fake/server';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { EXTENSION_ID, fixture, hasDriver, log, ui, waitFor } from './helpers';

let api: GitopsReleasesApi;
let engine: FakeGitHub;
let provider: vscode.Disposable | undefined;
const WORKFLOW = `name: Deploy
on: push
jobs:
  build: { runs-on: ubuntu-latest, steps: [{ run: make }] }
  staging: { needs: build, environment: staging, runs-on: ubuntu-latest, steps: [{ run: ./deploy }] }
  production: { needs: staging, environment: production, runs-on: ubuntu-latest, steps: [{ run: ./deploy }] }
`;

const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('gitopsReleases');

function registerProvider(token: string): vscode.Disposable {
  const changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  const session: vscode.AuthenticationSession = { id: 'test-session', accessToken: token, account: { id: 'octo-demo', label: 'octo-demo' }, scopes: ['repo'] };
  const reg = vscode.authentication.registerAuthenticationProvider('github-enterprise', 'GitHub Enterprise Server (test)', {
    onDidChangeSessions: changes.event,
    getSessions: async () => [session],
    createSession: async () => session,
    removeSession: async () => undefined,
  });
  return vscode.Disposable.from(reg, changes);
}

async function accept(): Promise<void> {
  const open = await waitFor(() => api.activePrompt(), 10_000, 'the confirmation prompt');
  for (let i = 0; i < 20 && api.activePrompt() === open; i++) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await waitFor(() => api.activePrompt() !== open, 1_000, 'the prompt to close').catch(() => undefined);
  }
  assert.notEqual(api.activePrompt(), open, 'the prompt accepted Enter');
}

function release(id: string) {
  return api.snapshot().flatMap((p) => p.releases).find((r) => r.id === id);
}

async function act(command: string, releaseId: string, environment: string, done: () => boolean, what: string): Promise<void> {
  const running = vscode.commands.executeCommand(command, { releaseId, environment });
  await accept();
  await running;
  await waitFor(async () => {
    if (done()) return true;
    await api.refresh();
    return done();
  }, 30_000, what);
}

describe('GitHub backend', function () {
  this.timeout(180_000);

  before(async () => {
    api = await vscode.extensions.getExtension<GitopsReleasesApi>(EXTENSION_ID)!.activate();
    engine = await startFakeGitHub({ repoPath: fixture().repoPath, workflows: [{ path: '.github/workflows/deploy.yml', text: WORKFLOW }] });
    provider = registerProvider(engine.token);
    await settings().update('github.enterpriseUrl', engine.apiUrl.replace(/\/api\/v3$/, ''), vscode.ConfigurationTarget.Global);
    await settings().update('github.enterprise', true, vscode.ConfigurationTarget.Global);
    await settings().update('github.repositories', [engine.repository], vscode.ConfigurationTarget.Global);
    await settings().update('backend', 'github', vscode.ConfigurationTarget.Global);
    const settled = await waitFor(() => (api.backendState().backendId === 'github' && api.backendState().state === 'ready') || api.backendState().state === 'no-backend', 60_000, 'the GitHub backend to settle');
    if (settled && api.backendState().state === 'no-backend') {
      // No session this extension may use silently yet: "Sign In to GitHub", and allow it in VS Code's own dialog.
      log(`not signed in yet (${api.backendState().detail}): running Sign In to GitHub`);
      const signIn = vscode.commands.executeCommand('gitopsReleases.signInGitHub');
      if (hasDriver()) {
        const allow = await ui('allow-github-sign-in', { waitForText: 'wants to sign in', click: 'role=button[name="Allow"]', timeoutMs: 15_000 });
        log(`sign-in dialog: ${allow.ok ? 'allowed' : allow.error ?? 'not shown'}`);
      }
      await signIn;
    }
    await waitFor(() => api.backendState().backendId === 'github' && api.backendState().state === 'ready', 60_000, 'the GitHub backend to be ready');
    await waitFor(() => api.snapshot().some((p) => p.product.name === engine.repository && p.releases.length > 0), 60_000, 'the GitHub releases');
    log(`GitHub backend: ${api.backendState().detail}`);
  });

  after(async () => {
    await settings().update('backend', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('github.enterprise', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('github.repositories', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('github.enterpriseUrl', undefined, vscode.ConfigurationTarget.Global);
    provider?.dispose();
    await engine?.close();
    assert.deepEqual(engine?.violations ?? [], [], "the test engine's answers fit GitHub's REST description");
  });

  it('signs in with the provider\'s session and shows the repository, its runs and environments in the tree', () => {
    assert.match(api.backendState().detail, /^GitHub at http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(api.capabilityKeys()['gitopsReleases.can.approve'], true);
    assert.equal(api.capabilityKeys()['gitopsReleases.can.updates'], 'conditional-poll');
    const product = api.treeChildren().find((r) => r.id === `p/${engine.repository}`);
    assert.ok(product, `a tree row for ${engine.repository}: ${api.treeChildren().map((r) => r.id).join(', ')}`);
    const rows = api.treeChildren(product.id).filter((r) => r.id.startsWith('r/'));
    assert.ok(rows.length >= 3, 'the runs are listed');
    const newest = api.snapshot().find((p) => p.product.name === engine.repository)!.releases[0]!;
    const envRows = api.treeChildren(`r/${engine.repository}/${newest.id}`);
    const prod = envRows.find((r) => r.label.includes('production'));
    assert.ok(prod, `an environment row for production: ${envRows.map((r) => r.label).join(', ')}`);
    assert.match(prod.contextValue ?? '', /can-approve/);
    assert.doesNotMatch(api.treeDescription() ?? '', /demo/i, 'GitHub data is not labelled as made up');
  });

  it('answers where the newest run\'s commit is deployed, and the status bar says it', async () => {
    const newest = api.snapshot().find((p) => p.product.name === engine.repository)!.releases[0]!;
    const where = await api.whereDeployed(fixture().repoPath, newest.triggerCommit!.sha);
    const product = where?.products.find((p) => p.product === engine.repository);
    assert.ok(product, 'the commit is found in the GitHub repository');
    assert.equal(product.environments.find((e) => e.environment === 'staging')?.state, 'deployed');
    assert.ok(api.statusBar()?.text, 'the status bar shows an answer');
  });

  it('approves the deployment waiting for review through the action command; the tree shows it', async () => {
    const newest = api.snapshot().find((p) => p.product.name === engine.repository)!.releases[0]!;
    assert.equal(newest.status, 'SUSPENDED');
    await act('gitopsReleases.action.approve', newest.id, 'production', () => release(newest.id)?.status === 'SUCCEEDED', 'the approved run to succeed');
    assert.ok(api.shownMessages().some((m) => /Approved the deployment of Deploy #\d+ to production/.test(m.text)));
  });

  it('re-runs the failed jobs of a failed run', async () => {
    const failed = api.snapshot().find((p) => p.product.name === engine.repository)!.releases.find((r) => r.status === 'FAILED')!;
    assert.ok(failed, 'a failed run is listed');
    await act('gitopsReleases.action.retry', failed.id, 'production', () => release(failed.id)?.status === 'SUCCEEDED', 'the re-run to succeed');
  });

  it('cancels a running run', async () => {
    const run = engine.store.runs.at(-1)!;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    Object.assign(run, { status: 'in_progress', conclusion: null, updatedAt: now });
    Object.assign(run.jobs.find((j) => j.environment === 'production')!, { status: 'in_progress', conclusion: null, completedAt: null });
    const deployment = engine.store.deployments.filter((d) => d.runId === run.id && d.environment === 'production').at(-1)!;
    deployment.statuses.push({ state: 'in_progress', createdAt: now, description: '' });
    deployment.updatedAt = now;
    const id = `${engine.repository}/runs/${run.id}`;
    await waitFor(async () => {
      await api.refresh();
      return release(id)?.status === 'RUNNING';
    }, 30_000, 'the run to show as running');
    await act('gitopsReleases.action.abort', id, 'production', () => release(id)?.status === 'TERMINATED', 'the run to be cancelled');
  });
});
