// Test only: a GitHub Enterprise Server authentication provider for the sign-in suite (test/signin/signIn.ui.ts).
// VS Code's own provider signs in through the server's OAuth pages, which no offline test can reach, so the suite
// disables it and installs this one under the same id. Signing in hands out the GitHub test engine's token
// (GITOPS_TEST_AUTH_TOKEN) for the engine's user (GITOPS_TEST_AUTH_LOGIN), and every call an extension makes of it is
// written as a JSON line to GITOPS_TEST_AUTH_LOG, so the suite can tell which scopes were asked for and when.

import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';

interface Call {
  call: 'getSessions' | 'createSession' | 'removeSession';
  scopes?: readonly string[];
  sessions?: number;
}

function record(call: Call): void {
  const file = process.env.GITOPS_TEST_AUTH_LOG;
  if (file) appendFileSync(file, `${JSON.stringify({ ...call, at: new Date().toISOString() })}\n`);
}

class TestEnterpriseProvider implements vscode.AuthenticationProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  private sessions: vscode.AuthenticationSession[] = [];
  private next = 1;

  getSessions(scopes: readonly string[] | undefined): Promise<vscode.AuthenticationSession[]> {
    const found = this.sessions.filter((s) => (scopes ?? []).every((x) => s.scopes.includes(x)));
    record({ call: 'getSessions', scopes: scopes ?? [], sessions: found.length });
    return Promise.resolve(found);
  }

  createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    record({ call: 'createSession', scopes });
    const token = process.env.GITOPS_TEST_AUTH_TOKEN;
    const login = process.env.GITOPS_TEST_AUTH_LOGIN;
    if (!token || !login) return Promise.reject(new Error('GITOPS_TEST_AUTH_TOKEN and GITOPS_TEST_AUTH_LOGIN are not set for the test sign-in.'));
    const session: vscode.AuthenticationSession = { id: `test-${this.next++}`, accessToken: token, account: { id: login, label: login }, scopes: [...scopes] };
    this.sessions.push(session);
    this.emitter.fire({ added: [session], removed: [], changed: [] });
    return Promise.resolve(session);
  }

  removeSession(sessionId: string): Promise<void> {
    record({ call: 'removeSession' });
    const removed = this.sessions.filter((s) => s.id === sessionId);
    this.sessions = this.sessions.filter((s) => s.id !== sessionId);
    if (removed.length) this.emitter.fire({ added: [], removed, changed: [] });
    return Promise.resolve();
  }
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.authentication.registerAuthenticationProvider('github-enterprise', 'GitHub Enterprise Server (test)', new TestEnterpriseProvider(), { supportsMultipleAccounts: false }));
}
