// `gitops-releases mcp`: the agent tools as a Model Context Protocol server over standard input and output
// (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio), for any MCP client (VS Code,
// Claude Code, Cursor). The tools, their descriptions and answers are those of src/present/agentTools.ts, asked of the
// CLI's own source of releases. The tool that acts is listed only with --allow-actions, and is marked destructive
// (`annotations.destructiveHint`) so the client asks the user before each call. Standard output carries only the
// protocol; the log goes to standard error.

import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../core/log';
import { isActionPlan, planAction, READ_TOOL_DEFINITIONS, runAction, runReadTool, TOOL_DEFINITIONS, TOOL_NAMES, type ToolAnswer, type ToolDefinition } from '../present/agentTools';
import { cliToolHost } from './toolHost';
import { EXIT, openSource, type CliIo, type CliOptions } from './run';

const INSTRUCTIONS =
  'Answers where commits of the Git repository this server was started in are deployed (per product and environment, from its GitOps release backend), what one environment has that another lacks, release notes, the releases of each product, and a commit\'s deployment checks. Answers made from the demo backend say they are demo data.';

function listed(t: ToolDefinition) {
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: t.inputSchema as { type: 'object'; properties?: Record<string, object>; required?: string[] },
    annotations: { title: t.title, readOnlyHint: !t.acts, destructiveHint: t.acts, idempotentHint: !t.acts, openWorldHint: true },
  };
}

function result(a: ToolAnswer): CallToolResult {
  return { content: [{ type: 'text', text: a.text }], structuredContent: a.structured, ...(a.isError ? { isError: true } : {}) };
}

/** Serves until the client closes standard input; the exit code is the CLI's. */
export async function serveMcp(opts: CliOptions, repo: string, io: CliIo, log: Logger, limit: number): Promise<number> {
  const allowActions = opts['allow-actions'] === true;
  const source = await openSource(opts, repo, io, log, limit);
  const host = cliToolHost(repo, source, { allowActions, log });
  const tools = allowActions && host.actions.length ? TOOL_DEFINITIONS : READ_TOOL_DEFINITIONS;
  if (allowActions && !host.actions.length) log.warn(`--allow-actions: the backend in use (${host.backendTitle}) offers no release actions, so no action tool is listed`);
  const server = new Server({ name: 'gitops-releases', version: '0.1.0' }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map(listed) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) return { content: [{ type: 'text', text: `No tool "${request.params.name}" here${request.params.name === TOOL_NAMES.action ? ': the server was started without --allow-actions, so it takes no actions' : ''}.` }], isError: true };
    if (!tool.acts) return result(await runReadTool(tool.name, request.params.arguments, host));
    // The client asked the user (the tool is marked destructive); the plan still checks the action is possible now.
    const plan = await planAction(request.params.arguments, host);
    if (!isActionPlan(plan)) return result(plan);
    log.info(`${plan.title} (${plan.message})`);
    return result(await runAction(plan, host));
  });
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const streams = io.streams ?? { input: process.stdin, output: process.stdout };
  // The SDK's transport types name Node's Readable and Writable; these are the process's streams (or a test's).
  await server.connect(new StdioServerTransport(streams.input as NodeJS.ReadStream, streams.output as NodeJS.WriteStream));
  log.info(`MCP server ready: ${tools.length} tools over ${host.backendTitle}${host.demo ? ' (demo data)' : ''}`);
  // The transport ends when standard input does (the client went away).
  streams.input.once('end', () => void server.close());
  try {
    await closed;
  } finally {
    await source.close();
  }
  return EXIT.ok;
}
