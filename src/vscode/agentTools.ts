// The language-model tools (`contributes.languageModelTools`, registered with vscode.lm.registerTool): Copilot's agent
// mode, or any chat participant, asks them where a commit is deployed, what one environment has that another lacks,
// a release's notes, the releases of each product and a commit's deployment checks. The tools and their answers are
// src/present/agentTools.ts, shared with the CLI's MCP server; this host answers from the extension's warm store and
// commit graphs, as the hover and the views do. The action tool returns, from `prepareInvocation`, a confirmation
// naming exactly what will happen; VS Code shows it (in the chat, or as a modal dialog when the tool is invoked
// outside a chat) and calls `invoke` only when the user accepts. As a second guard, `invoke` acts only on an input
// that `prepareInvocation` confirmed.

import * as vscode from 'vscode';
import { backendInfo, isDemoBackend } from '../backends/registry';
import { isActionPlan, planAction, READ_TOOL_DEFINITIONS, runAction, runReadTool, TOOL_NAMES, type ActionPlan, type FoundCommit, type ToolAnswer, type ToolHost } from '../present/agentTools';
import type { CommitFinder } from './commits';
import { loadData } from './deps';
import type { ExtensionLog } from './log';
import type { StorePanelSource } from './panelSource';
import type { ReleaseStore } from './pure/releaseStore';
import type { RepoRegistry } from './repos';

export interface AgentToolDeps {
  store: ReleaseStore;
  repos: RepoRegistry;
  finder: CommitFinder;
  panelSource: StorePanelSource;
  log: ExtensionLog;
}

/** The tools' host over the extension's own data. */
export function extensionToolHost(d: AgentToolDeps): ToolHost {
  const root = async (): Promise<string> => {
    const r = await d.repos.currentRoot();
    if (!r) throw new Error(vscode.l10n.t('No Git repository is open in this workspace, so there is no commit to ask about.'));
    return r;
  };
  const requireData = async (): Promise<void> => {
    if (!d.store.hasBackend) throw new Error(vscode.l10n.t('No release backend is configured: sign in (Codefresh, Kargo or GitHub) or try the demo backend from the GitOps Releases view.'));
    // The first answer of a session may still be on its way: wait for it rather than answer from nothing.
    if (d.store.lastSuccessAt === undefined && d.store.restoredAt === undefined) await d.store.refresh();
    const err = d.store.lastError;
    if (d.store.lastSuccessAt === undefined && d.store.restoredAt === undefined && err) throw new Error(vscode.l10n.t('The release backend could not be asked: {0}', err.message));
  };
  const backend = () => d.store.activeBackend;
  return {
    get demo() {
      return isDemoBackend(d.store.backendId);
    },
    get backendTitle() {
      return backendInfo(d.store.backendId)?.title ?? 'none';
    },
    get actions() {
      return d.store.capabilities?.actions ?? [];
    },
    async commit(ref): Promise<FoundCommit | string> {
      const r = await root();
      if (ref.kind === 'commitish') {
        const found = await d.finder.fromCommitish(r, ref.text);
        if (!found || found.commit.kind !== 'committed') return `"${ref.text}" names no commit in ${r}.`;
        return { sha: found.commit.sha, summary: found.commit.summary, author: found.commit.author, date: found.commit.date };
      }
      const uri = /^([a-zA-Z]:)?[\\/]/.test(ref.path) ? vscode.Uri.file(ref.path) : vscode.Uri.joinPath(vscode.Uri.file(r), ref.path);
      let doc: vscode.TextDocument;
      try {
        // An open editor's unsaved text counts: the line is then uncommitted, as the hover says.
        doc = await vscode.workspace.openTextDocument(uri);
      } catch {
        return `There is no file ${ref.path} in ${r}.`;
      }
      if (ref.line > doc.lineCount) return `${ref.path} has ${doc.lineCount} lines, not ${ref.line}.`;
      const found = await d.finder.lineCommit(doc, ref.line - 1);
      if (!found) return `Line ${ref.line} of ${ref.path} has no commit that Git could tell.`;
      if (found.commit.kind !== 'committed') return `Line ${ref.line} of ${ref.path} is not committed yet, so it is deployed nowhere.`;
      return { sha: found.commit.sha, summary: found.commit.summary, author: found.commit.author, date: found.commit.date };
    },
    async where(sha) {
      await requireData();
      const r = await root();
      await d.repos.ensureGraph(r);
      const answer = d.repos.whereNow(r, sha);
      if (!answer) throw new Error(vscode.l10n.t('The commit graph of {0} could not be loaded: {1}.', r, d.repos.state(r).graphError ?? vscode.l10n.t('see the GitOps Releases log')));
      return answer;
    },
    async products() {
      await requireData();
      return d.store.snapshot();
    },
    async notes(releaseId, environment) {
      await requireData();
      const found = d.store.findRelease(releaseId);
      if (!found) return undefined;
      if (environment === undefined) {
        // The release panel's notes: the backend's merged with local Git, or local Git alone with the reason.
        const loaded = await d.panelSource.getNotes(found.productName, releaseId);
        const notes = loaded.warning ? { ...loaded.notes, notices: [...(loaded.notes.notices ?? []), loaded.warning.message] } : loaded.notes;
        return { notes, version: found.release.version };
      }
      // Counted from the previous release in the environment asked for, as `notes --environment` does.
      const { notes: notesModule } = await loadData();
      const release = d.store.currentRelease(releaseId) ?? found.release;
      const previous = notesModule.findPreviousRelease(d.store.productState(found.productName)?.releases ?? [], release, environment);
      const backendNotes = await d.store.getNotes(releaseId).catch((e: unknown) => {
        d.log.warn(`the backend's notes of ${releaseId} could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      });
      const notes = await notesModule.assembleReleaseNotes({ release, backendNotes, previous, repoRoot: await d.repos.currentRoot(), pullRequestsOf: d.store.pullRequestLookup(found.productName) });
      return { notes, version: release.version, previousId: previous?.id };
    },
    async compare(product, from, to) {
      await requireData();
      const releases = d.store.snapshot().find((p) => p.product.name === product)?.releases;
      if (!releases) throw new Error(vscode.l10n.t('No product "{0}" is known; the products are: {1}.', product, d.store.productStates().map((s) => s.product.name).join(', ') || vscode.l10n.t('none')));
      return (await loadData()).compareEnvironments({ repoRoot: await root(), product, releases, from, to, pageSize: 100 });
    },
    get checks() {
      const b = backend();
      return b?.commitChecks ? (product: string, sha: string) => b.commitChecks!(product, sha) : undefined;
    },
    async release(releaseId) {
      await requireData();
      return d.store.currentRelease(releaseId);
    },
    act: (request) => d.store.act(request),
  };
}

/** `LanguageModelDataPart` (a structured part) where this VS Code has it; it is newer than engines.vscode ^1.96. */
interface DataPartApi {
  json(value: unknown, mime?: string): unknown;
}

function toResult(answer: ToolAnswer): vscode.LanguageModelToolResult {
  const dataPart = (vscode as unknown as { LanguageModelDataPart?: DataPartApi }).LanguageModelDataPart;
  // Older VS Code has only text parts: the structured answer follows the text as JSON.
  const structured = dataPart ? dataPart.json(answer.structured) : new vscode.LanguageModelTextPart(`Structured answer (JSON): ${JSON.stringify(answer.structured)}`);
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answer.text), structured as vscode.LanguageModelTextPart]);
}

/** The input a confirmation was asked for, as a key (the same input confirms the same plan). */
const inputKey = (input: unknown): string => JSON.stringify(input ?? {});

/**
 * Registers the tools with VS Code and returns them by name (the very objects VS Code calls, for the test API: VS
 * Code answers its own confirmation dialog "yes" in extension tests, so a test checks `prepareInvocation`'s
 * confirmation and `invoke`'s guard on them directly).
 */
export function registerAgentTools(context: vscode.ExtensionContext, d: AgentToolDeps): ReadonlyMap<string, vscode.LanguageModelTool<object>> {
  const tools = new Map<string, vscode.LanguageModelTool<object>>();
  // vscode.lm.registerTool is API from VS Code 1.93; a host without it (another editor on an older API) has no tools.
  if (typeof vscode.lm?.registerTool !== 'function') {
    d.log.info('this editor has no language-model tools API: the agent tools are not registered');
    return tools;
  }
  const host = extensionToolHost(d);
  for (const def of READ_TOOL_DEFINITIONS) {
    tools.set(def.name, {
      prepareInvocation: () => ({ invocationMessage: `GitOps Releases: ${def.title}` }),
      invoke: async (options) => toResult(await runReadTool(def.name, options.input, host)),
    });
  }
  /** Inputs whose confirmation was asked for, with the plan shown: `invoke` acts only on these, once each. */
  const confirmed = new Map<string, ActionPlan>();
  tools.set(TOOL_NAMES.action, {
      prepareInvocation: async (options) => {
        const plan = await planAction(options.input, host);
        if (!isActionPlan(plan)) return { invocationMessage: 'GitOps Releases: checking the action' };
        const key = inputKey(options.input);
        confirmed.delete(key);
        confirmed.set(key, plan);
        // A confirmation declined leaves its entry behind: keep only the newest few.
        for (const old of confirmed.keys()) {
          if (confirmed.size <= 20) break;
          confirmed.delete(old);
        }
        return { invocationMessage: `GitOps Releases: ${plan.title}`, confirmationMessages: { title: plan.title, message: plan.message } };
      },
      invoke: async (options) => {
        const key = inputKey(options.input);
        const asked = confirmed.get(key);
        confirmed.delete(key);
        const plan = await planAction(options.input, host);
        // Not possible (any more): the answer says why, and nothing is done.
        if (!isActionPlan(plan)) return toResult(plan);
        if (!asked || asked.title !== plan.title || asked.message !== plan.message) {
          return toResult({ text: vscode.l10n.t('This action was not confirmed by the user, so nothing was done.'), structured: { tool: TOOL_NAMES.action, done: false }, isError: true });
        }
        d.log.info(`agent tool: ${plan.title} (confirmed)`);
        return toResult(await runAction(plan, host));
      },
  });
  for (const [name, tool] of tools) context.subscriptions.push(vscode.lm.registerTool(name, tool));
  return tools;
}
