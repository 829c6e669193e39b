import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

// Architecture guard (also enforced by eslint): pure layers never import vscode; src/core does no I/O at all.
const root = path.resolve(__dirname, '../../..');
const importsOf = (file: string) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
const tsFiles = (dir: string): string[] =>
  fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)) : [];

describe('layering', () => {
  it('src/core imports nothing from vscode or Node I/O modules', () => {
    const io = /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|dns|tls|os|worker_threads|cluster)$/;
    const files = tsFiles(path.join(root, 'src/core'));
    assert.ok(files.length >= 5, 'core files found');
    for (const f of files) {
      for (const spec of importsOf(f)) {
        assert.notEqual(spec, 'vscode', `${f} imports vscode`);
        assert.ok(!io.test(spec), `${f} imports ${spec}`);
        assert.ok(spec.startsWith('.') , `${f} imports a package (${spec}); core depends on nothing`);
      }
    }
  });
  it('pure layers (git, backends, resolve, cli, present, webview) never import vscode', () => {
    for (const dir of ['src/git', 'src/backends', 'src/resolve', 'src/cli', 'src/present', 'webview']) {
      for (const f of tsFiles(path.join(root, dir))) {
        assert.ok(!importsOf(f).includes('vscode'), `${f} imports vscode`);
      }
    }
  });
});
