// A linked worktree in real VS Code: its `.git` is a file naming a git directory elsewhere, and a commit made there
// moves a HEAD that is not under `<worktree>/.git`. The status bar (HEAD mode) must follow it.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { GitopsReleasesApi } from '../../../src/vscode/api';
import { activateExtension, fixture, waitFor } from './helpers';

describe('linked worktree (VS Code)', function () {
  this.timeout(120_000);
  let api: GitopsReleasesApi;
  let wt: string;

  before(async function () {
    this.timeout(180_000);
    api = await activateExtension();
    wt = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-wt-')), 'wt');
    execFileSync('git', ['worktree', 'add', '-q', '--detach', wt], { cwd: fixture().repoPath });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    execFileSync('git', ['worktree', 'remove', '--force', wt], { cwd: fixture().repoPath });
    fs.rmSync(path.dirname(wt), { recursive: true, force: true });
  });

  it('a commit in the worktree moves the status bar to its new HEAD', async () => {
    assert.ok(fs.statSync(path.join(wt, '.git')).isFile(), 'the worktree\'s .git is a file');
    const doc = await vscode.workspace.openTextDocument(path.join(wt, 'README.md'));
    await vscode.window.showTextDocument(doc);
    const head = fixture().head;
    await waitFor(() => api.statusBar()?.text.includes(head.slice(0, 7)), 15_000, 'the status bar to show the worktree HEAD');
    const git = (args: string[]) => execFileSync('git', ['-c', 'user.name=Worktree Test', '-c', 'user.email=wt@example.com', ...args], { cwd: wt, encoding: 'utf8' });
    git(['commit', '-q', '--allow-empty', '-m', 'a commit in the worktree']);
    const moved = git(['rev-parse', 'HEAD']).trim();
    assert.notEqual(moved, head);
    await waitFor(() => api.statusBar()?.text.includes(moved.slice(0, 7)), 20_000, `the status bar to follow the worktree HEAD to ${moved.slice(0, 7)}`).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; it shows ${api.statusBar()?.text ?? 'nothing'}`);
    });
  });
});
