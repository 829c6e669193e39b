// The README's "Adding a backend" lists the files a new backend touches outside its own folders. Here every file of
// src/ and webview/ that names all the backend ids (a table keyed by backend id: an object's keys, a switch's cases,
// an array) is found, and must be in that list; the list's files must exist and still name every id.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BACKEND_IDS } from '../../src/core/model';

const root = path.resolve(__dirname, '../..');

/** The backticked paths of the bullet list under "## Adding a backend". */
function listedFiles(): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = /^## Adding a backend\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  assert.ok(section, 'README.md has a "## Adding a backend" section');
  return [...section.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1] ?? '');
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The file names the id as a string, an object key (`id:`, `'id':`) or a shorthand property (`{ id,` … `id }`). */
function namesId(text: string, id: string): boolean {
  const e = id.replace(/[-]/g, '\\-');
  return new RegExp(`['"\`]${e}['"\`]|(?<![\\w-])${e}\\s*:|[{,]\\s*${e}\\s*[,}]`).test(text);
}

/** A backend's own folders and connector, which the list does not count. */
function ownedByOneBackend(file: string): boolean {
  return BACKEND_IDS.some((id) => file.startsWith(`src/backends/${id}/`) || file.startsWith(`src/fakes/${id}/`)) || /^src\/vscode\/connectors\/(?!index\.ts$)[^/]+\.ts$/.test(file);
}

describe('adding a backend', () => {
  it('every file keyed by all the backend ids outside a backend\'s own folders is in the README\'s list, and nothing else is', () => {
    const listed = listedFiles();
    const keyed = [...sourceFiles('src'), ...sourceFiles('webview')]
      .filter((f) => !ownedByOneBackend(f))
      .filter((f) => {
        const text = fs.readFileSync(path.join(root, f), 'utf8');
        return BACKEND_IDS.every((id) => namesId(text, id));
      });
    assert.deepEqual(keyed.filter((f) => !listed.includes(f)), [], 'files keyed by backend id that the README does not list');
    for (const f of listed) {
      assert.ok(fs.existsSync(path.join(root, f)), `${f} exists`);
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      for (const id of BACKEND_IDS) assert.ok(namesId(text, id), `${f} names the backend ${id}`);
    }
    assert.deepEqual(listed.filter((f) => f !== 'package.json').sort(), [...keyed].sort(), 'every listed source file is keyed by every backend id');
  });

  it('every backend id has its connector on the editor side', () => {
    const connectors = fs.readdirSync(path.join(root, 'src/vscode/connectors'));
    for (const id of BACKEND_IDS) {
      const file = `${id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}.ts`;
      assert.ok(connectors.includes(file), `src/vscode/connectors/${file} for ${id}`);
    }
  });

  it('finds an id as a string, a key or a shorthand property, and not inside a longer name', () => {
    assert.ok(namesId("case 'kargo':", 'kargo'));
    assert.ok(namesId('  kargo: async (c) => x,', 'kargo'));
    assert.ok(namesId('return { codefresh, kargo };', 'kargo'));
    assert.ok(namesId("'github-demo': githubDemo", 'github-demo'));
    assert.ok(!namesId('const kargoUrl = 1; // the kargo CLI', 'kargo'));
    assert.ok(!namesId("'github-demo'", 'github'));
  });
});
