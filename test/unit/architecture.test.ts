import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

// architecture.mjs is the one description of the layers and of the imports allowed between them. Lint enforces it;
// these tests keep the README's diagram equal to it, keep it free of edges nothing uses, and prove that lint
// really rejects a wrong-way import.

interface Layer {
  name: string;
  folders: string[];
  files?: string[];
  runtime: string;
  uses: string[];
}
interface Edge {
  from: string;
  to: string;
}
interface Architecture {
  layers: Layer[];
  edges(): Edge[];
}

const root = path.resolve(__dirname, '../..');
const loadArchitecture = async () => (await import(path.join(root, 'architecture.mjs'))) as Architecture;
const key = (e: Edge) => `${e.from} --> ${e.to}`;

/** The edges of the first Mermaid block under the README's "## Architecture" heading. */
function readmeEdges(): { nodes: Map<string, string>; edges: Edge[] } {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Architecture\n'));
  const block = /```mermaid\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'README.md has a ```mermaid diagram under "## Architecture"');
  const nodes = new Map<string, string>();
  const edges: Edge[] = [];
  for (const raw of block.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('flowchart') || line.startsWith('%%')) continue;
    const node = /^(\w+)\["([^"]*)"\]$/.exec(line);
    const edge = /^(\w+)\s*-->\s*(\w+)$/.exec(line);
    if (node?.[1] && node[2] !== undefined) nodes.set(node[1], node[2]);
    else if (edge?.[1] && edge[2]) edges.push({ from: edge[1], to: edge[2] });
    else assert.fail(`README.md's architecture diagram has a line this test does not understand: ${line}`);
  }
  return { nodes, edges };
}

/** Every .ts file under dir, as a repository path. */
function tsFiles(dir: string): string[] {
  return (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

/** The repository files a file imports (relative imports only: packages are not layers). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const re = /\b(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  return [...text.matchAll(re)].flatMap((m) => {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1] ?? m[2] ?? ''));
    const target = [`${base}.ts`, `${base}/index.ts`, base].find((p) => fs.existsSync(path.join(root, p)) && fs.statSync(path.join(root, p)).isFile());
    return target ? [target] : [];
  });
}

describe('architecture', () => {
  it('the README diagram draws exactly the layers and edges of architecture.mjs', async () => {
    const arch = await loadArchitecture();
    const { nodes, edges } = readmeEdges();
    assert.deepEqual([...nodes.keys()].sort(), arch.layers.map((l) => l.name).sort(), 'one README node per layer, named like the layer');
    for (const layer of arch.layers) {
      const where = layer.folders[0] ?? layer.files?.[0] ?? '';
      assert.ok(nodes.get(layer.name)?.startsWith(`${where}:`), `the README node ${layer.name} starts with "${where}:"`);
    }
    assert.deepEqual(edges.map(key).sort(), arch.edges().map(key).sort(), 'README.md draws the edges of architecture.mjs');
  });

  it('every edge of architecture.mjs is used by an import, and every single file it names exists', async () => {
    const arch = await loadArchitecture();
    const singleFiles = new Map(arch.layers.flatMap((l) => (l.files ?? []).map((f) => [f, l.name] as const)));
    for (const f of singleFiles.keys()) {
      assert.ok(fs.existsSync(path.join(root, f)), `architecture.mjs names ${f}, which does not exist: remove it from the layer's files`);
    }
    const layerOf = (file: string) =>
      singleFiles.get(file) ?? arch.layers.find((l) => l.folders.some((d) => file.startsWith(`${d}/`)))?.name;
    const used = new Set<string>();
    for (const file of ['src', 'webview'].flatMap(tsFiles)) {
      const from = layerOf(file);
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (from && to && from !== to) used.add(`${from} ${to}`);
      }
    }
    const unused = arch.edges().filter((e) => !used.has(`${e.from} ${e.to}`));
    assert.deepEqual(unused.map(key), [], 'edges nothing imports along: remove them from architecture.mjs and the README diagram');
  });

  it('lint rejects wrong-way imports and accepts the allowed ones', async function () {
    this.timeout(60_000);
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd: root });
    const problems = async (filePath: string, code: string) => {
      const [result] = await eslint.lintText(code, { filePath });
      return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
    };
    const wrong: [string, string, RegExp][] = [
      ['src/core/probe.ts', "import { resolveWhere } from '../resolve/where';\nexport const probe = resolveWhere;\n", /core may not import \.\.\/resolve\/where \(resolve\)/],
      ['src/core/probe.ts', "import fs from 'node:fs';\nexport const probe = fs;\n", /core imports nothing from outside the repository \(node:fs\)/],
      ['src/git/probe.ts', "import * as vscode from 'vscode';\nexport const probe = vscode;\n", /only src\/vscode imports vscode/],
      ['src/git/probe.ts', "import { shortSha } from '../vscode/log';\nexport const probe = shortSha;\n", /git may not import \.\.\/vscode\/log \(vscode\)/],
      ['webview/probe.ts', "import path from 'node:path';\nexport const probe = path;\n", /webview runs in the browser: no Node built-ins/],
      ['webview/probe.ts', "import { log } from '../src/vscode/log';\nexport const probe = log;\n", /webview may not import/],
      ['src/vscode/probe.ts', "import * as main from '../../webview/main';\nexport const probe = main;\n", /vscode may not import \.\.\/\.\.\/webview\/main \(webview\)/],
      // A fake is test and demo code: product code other than the demo backend never imports one.
      ['src/backends/kargo/probe.ts', "import { startFakeKargo } from '../../fakes/kargo/server';\nexport const probe = startFakeKargo;\n", /backends may not import \.\.\/\.\.\/fakes\/kargo\/server \(fakes\)/],
      ['src/vscode/probe.ts', "import { startDemoServer } from '../fakes/codefresh/server';\nexport const probe = startDemoServer;\n", /vscode may not import \.\.\/fakes\/codefresh\/server \(fakes\)/],
      ['src/resolve/probe.ts', "import { readHistory } from '../fakes/history';\nexport const probe = readHistory;\n", /resolve may not import \.\.\/fakes\/history \(fakes\)/],
    ];
    for (const [file, code, expected] of wrong) {
      const found = await problems(file, code);
      assert.ok(found.some((p) => p.startsWith('boundaries/dependencies: ') && expected.test(p)), `${file}: ${code.split('\n')[0]} → ${JSON.stringify(found)}`);
    }
    const allowed = "import { shortSha } from '../git/sha';\nimport type { HostMessage } from '../../webview/protocol';\nexport const probe = shortSha;\nexport type Probe = HostMessage;\n";
    assert.deepEqual(await problems('src/vscode/probe.ts', allowed), []);
    // The demo backend runs a fake server: it alone of the backends may import one.
    const demo = "import { startFakeKargo } from '../../fakes/kargo/server';\nexport const probe = startFakeKargo;\n";
    assert.deepEqual(await problems('src/backends/demo/backend.ts', demo), []);
  });
});
