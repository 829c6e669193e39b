import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

// The README states which Node the project needs (package.json `engines.node`) and names every installed package
// that declares a newer one, since `npm ci` warns about each of them. These tests keep that statement true when the
// lockfile changes: a new package wanting a newer Node must be named (and its warning explained), a package that
// no longer does must not be.

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { name?: string; version?: string; engines?: unknown }>;
};
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

type Version = [number, number, number];

function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text.trim());
  if (!m) return undefined;
  const n = (s: string | undefined) => (s === undefined || s === 'x' || s === '*' ? 0 : Number(s));
  return [n(m[1]), n(m[2]), n(m[3])];
}

const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Whether a Node engine range (the forms npm packages use: `>=a.b.c`, `^a.b`, `a.x`, `*`, joined by spaces and
 * `||`) admits `v`. A comparator this does not understand throws, so the test names it instead of guessing.
 */
function admits(range: string, v: Version): boolean {
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/([<>=^~]+)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => {
        if (comparator === '*' || comparator === 'x') return true;
        const m = /^(>=|>|<=|<|\^|~|=)?(.+)$/.exec(comparator);
        const bound = m ? parseVersion(m[2]!) : undefined;
        if (!m || !bound) throw new Error(`cannot read the engine range "${range}"`);
        const c = cmp(v, bound);
        switch (m[1]) {
          case '>=':
            return c >= 0;
          case '>':
            return c > 0;
          case '<=':
            return c <= 0;
          case '<':
            return c < 0;
          case '^':
            return v[0] === bound[0] && c >= 0;
          case '~':
            return v[0] === bound[0] && v[1] === bound[1] && c >= 0;
          default:
            // A bare or `=` version: `20` means any 20.x.
            return v[0] === bound[0] && (!/\.\d/.test(m[2]!) || c === 0);
        }
      }),
  );
}

const minimum = /^>=\s*(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1];

/** Installed packages whose `engines.node` refuses our minimum Node, as `name@version`. */
function newerNodeThanOurs(): string[] {
  const ours = parseVersion(minimum ?? '0')!;
  const found = new Set<string>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (!where.startsWith('node_modules/') && !where.includes('/node_modules/')) continue;
    const range = (entry.engines as { node?: unknown } | undefined)?.node;
    if (typeof range !== 'string' || admits(range, ours)) continue;
    const name = entry.name ?? where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    found.add(`${name}@${entry.version ?? '?'}`);
  }
  return [...found].sort();
}

describe('the Node version the README states', () => {
  it('is the one package.json requires', () => {
    assert.ok(minimum, `engines.node is a plain lower bound (">=x.y.z"), not "${pkg.engines.node}"`);
    assert.ok(readme.includes(`Node.js ${minimum} or later`), `the README says "Node.js ${minimum} or later"`);
  });

  it('reads the engine ranges npm packages use', () => {
    const v20: Version = [20, 18, 1];
    assert.equal(admits('>=22.12.0', v20), false);
    assert.equal(admits('>= 22', v20), false);
    assert.equal(admits('>=18', v20), true);
    assert.equal(admits('^18.17.0 || >=20.5.0', v20), true);
    assert.equal(admits('^18.18.0 || ^20.9.0 || >=21.1.0', v20), true);
    assert.equal(admits('>=14 <20', v20), false);
    assert.equal(admits('20 || 22', v20), true);
    assert.equal(admits('*', v20), true);
  });

  it('names every installed package that declares a newer Node, and no other', () => {
    const newer = newerNodeThanOurs();
    const section = /<!-- engines -->([\s\S]*?)<!-- \/engines -->/.exec(readme)?.[1];
    assert.ok(section, 'the README marks its list of those packages with <!-- engines --> … <!-- /engines -->');
    const named = [...section.matchAll(/`([^`\s]+@\d[^`\s]*)`/g)].map((m) => m[1]!).sort();
    assert.deepEqual(named, newer);
  });
});
