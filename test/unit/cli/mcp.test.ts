// `gitops-releases mcp` through the MCP SDK's own client over stdio, spawning the CLI as a client would: the tools it
// lists (no action tool without --allow-actions), and the where-tool's answer for a commit, which is the answer of
// `where --json` for that commit, labelled as demo data.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { EXIT, runCli } from '../../../src/cli/run';
import { READ_TOOL_DEFINITIONS, TOOL_DEMO_NOTICE, TOOL_NAMES } from '../../../src/present/agentTools';
import { makeRepo, removeRepo } from '../backends/demo/helpers';

const ROOT = path.resolve(__dirname, '../../..');

/** The CLI from source (tsx), or a built bundle (node). */
async function connect(args: string[], bundle?: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: bundle ? process.execPath : path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    args: [bundle ?? path.join(ROOT, 'src', 'cli', 'main.ts'), 'mcp', ...args],
    cwd: ROOT,
    // No credentials of the machine's: only what finds node and git.
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'gitops-releases-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function cliJson(args: string[]): Promise<Record<string, unknown>> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, home: '/nonexistent' });
  assert.equal(code, EXIT.ok, err.join('\n'));
  return JSON.parse(out.join('\n')) as Record<string, unknown>;
}

/** An answer without the time its data was fetched (each process fetches its own). */
function withoutFetchTime(answer: Record<string, unknown>): Record<string, unknown> {
  const { dataAsOf: _ignored, demo: _demo, ...rest } = answer;
  return rest;
}

describe('cli: mcp (the MCP SDK client over stdio)', function () {
  this.timeout(120_000);
  let repo: string;
  const clients: Client[] = [];
  before(() => {
    repo = makeRepo(['init', 'feat: cart totals (#3)', 'fix: rounding AP-7', 'feat: checkout', 'fix: tax (#9)', 'chore: deps']);
  });
  after(async () => {
    for (const c of clients) await c.close();
    removeRepo(repo);
  });

  it('lists the read tools and no action tool without --allow-actions; the where-tool answers as `where --json` does, as demo data', async () => {
    const client = await connect(['--repo', repo, '--backend', 'github-demo']);
    clients.push(client);
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), READ_TOOL_DEFINITIONS.map((t) => t.name).sort());
    assert.ok(!tools.some((t) => t.name === TOOL_NAMES.action), 'no action tool');
    assert.ok(tools.every((t) => t.annotations?.readOnlyHint === true), 'every tool listed is read-only');

    for (const commit of ['HEAD', 'HEAD~2']) {
      const r = await client.callTool({ name: TOOL_NAMES.where, arguments: { commit } });
      assert.notEqual(r.isError, true, JSON.stringify(r.content));
      const text = (r.content as { type: string; text: string }[])[0]!.text;
      assert.ok(text.startsWith(TOOL_DEMO_NOTICE), text);
      const structured = r.structuredContent as { demo?: boolean; answer: Record<string, unknown> };
      assert.equal(structured.demo, true);
      const expected = await cliJson(['where', commit, '--repo', repo, '--backend', 'github-demo', '--json']);
      assert.equal(expected.demo, true);
      assert.deepEqual(withoutFetchTime(structured.answer), withoutFetchTime(expected), `the same answer for ${commit}`);
      assert.ok((structured.answer.products as unknown[]).length > 0, 'an answer with products');
    }

    // "path:line": the commit that last changed the line (here the newest, which rewrote file.txt).
    const line = await client.callTool({ name: TOOL_NAMES.where, arguments: { commit: 'file.txt:1' } });
    const head = await cliJson(['where', 'HEAD', '--repo', repo, '--backend', 'github-demo', '--json']);
    assert.equal((line.structuredContent as { answer: { sha: string } }).answer.sha, head.sha);
    const nowhere = await client.callTool({ name: TOOL_NAMES.where, arguments: { commit: 'no-such-branch' } });
    assert.equal(nowhere.isError, true);
    assert.match((nowhere.content as { text: string }[])[0]!.text, /Unknown commit "no-such-branch"/);

    const called = await client.callTool({ name: TOOL_NAMES.action, arguments: { action: 'abort', releaseId: 'x', environment: 'production' } });
    assert.equal(called.isError, true, 'the action tool cannot be called either');
  });

  it('with --allow-actions lists the action tool, marked destructive, and refuses an action the release does not allow (nothing done)', async () => {
    const client = await connect(['--repo', repo, '--backend', 'github-demo', '--allow-actions']);
    clients.push(client);
    const { tools } = await client.listTools();
    const action = tools.find((t) => t.name === TOOL_NAMES.action);
    assert.ok(action, 'the action tool is listed');
    assert.equal(action.annotations?.destructiveHint, true);
    assert.equal(action.annotations?.readOnlyHint, false);
    const listed = await client.callTool({ name: TOOL_NAMES.releases, arguments: { limit: 3 } });
    const products = (listed.structuredContent as { products: { releases: { id: string; environments: { environment: string; actions: string[] }[] }[] }[] }).products;
    const target = products.flatMap((p) => p.releases).flatMap((r) => r.environments.map((e) => ({ id: r.id, ...e }))).find((e) => !e.actions.includes('abort'));
    assert.ok(target, 'an environment where abort is not possible');
    const r = await client.callTool({ name: TOOL_NAMES.action, arguments: { action: 'abort', releaseId: target.id, environment: target.environment } });
    assert.equal(r.isError, true);
    assert.match((r.content as { text: string }[])[0]!.text, /not possible .* Nothing was done\./);
  });

  it('works from the CLI bundle as scripts/build.mjs makes it (dist/cli.js with its sibling backend bundle)', async function () {
    this.timeout(180_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-cli-bundle-'));
    try {
      const { distBuilds } = (await import(path.join(ROOT, 'scripts', 'lib', 'bundles.mjs'))) as { distBuilds(production?: boolean): BuildOptions[] };
      const cliBuilds = distBuilds(true).filter((b) => JSON.stringify(b.entryPoints).match(/"(cli|backendSource)"/));
      assert.equal(cliBuilds.length, 2, 'the CLI and its backends');
      for (const b of cliBuilds) await build({ ...b, outdir: out, metafile: false, logLevel: 'error' });
      const client = await connect(['--repo', repo, '--backend', 'github-demo'], path.join(out, 'cli.js'));
      clients.push(client);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), READ_TOOL_DEFINITIONS.map((t) => t.name).sort());
      const r = await client.callTool({ name: TOOL_NAMES.where, arguments: { commit: 'HEAD' } });
      assert.notEqual(r.isError, true, JSON.stringify(r.content));
      assert.equal((r.structuredContent as { demo?: boolean }).demo, true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('says how to use it: --allow-actions only for mcp, no commit argument, no --json', async () => {
    for (const args of [['where', 'HEAD', '--allow-actions', '--backend', 'demo'], ['mcp', 'HEAD', '--backend', 'demo'], ['mcp', '--json', '--backend', 'demo']]) {
      const err: string[] = [];
      const code = await runCli(args, { out: () => {}, err: (t) => err.push(t), env: {}, home: '/nonexistent' });
      assert.equal(code, EXIT.usage, args.join(' '));
      assert.match(err.join('\n'), /--allow-actions is for mcp|unexpected argument "HEAD"|no --stdin or --json/);
    }
  });
});
