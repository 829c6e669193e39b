import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

// A comment stands on its own or cites a public URL: nothing in the repository points at design notes, numbered
// sections or issue numbers a reader of the code does not have.
const root = path.resolve(__dirname, '../..');
const PRIVATE = [/DESIGN\.md/, /contracts\.md/, /\bcontract [A-E]\b/, /\breference §/, /§\s?\d/, /\bissue #?\d+\b/i];

function sourceFiles(dir: string): string[] {
  return (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(ts|mts|mjs|js)$/.test(f) && !f.includes('node_modules') && fs.statSync(path.join(root, f)).isFile());
}

describe('citations in the source', () => {
  it('no file cites a document outside the repository', () => {
    const self = path.relative(root, __filename);
    const found = ['src', 'webview', 'scripts', 'test', 'bench']
      .flatMap(sourceFiles)
      .filter((f) => f !== self)
      .flatMap((f) =>
        fs.readFileSync(path.join(root, f), 'utf8').split('\n').flatMap((line, i) => (PRIVATE.some((re) => re.test(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    assert.deepEqual(found, []);
  });
});
