// The Codefresh CLI's ~/.cfconfig as a credentials fallback: current context → url + token; absent pieces give
// undefined; a broken file is a config error that never quotes the token.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CODEFRESH_URL, readCfConfig } from '../../../../src/backends/codefresh';
import { BackendError } from '../../../../src/backends/types';

describe('readCfConfig (~/.cfconfig)', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'cfconfig-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
  const write = (text: string): void => fs.writeFileSync(path.join(home, '.cfconfig'), text);

  it('reads the current context url and token', async () => {
    write(`contexts:
  prod:
    type: APIKey
    name: prod
    url: https://codefresh.acme.example
    token: 6123abcd.secretpart
    defaultRuntime: rt1
  other:
    type: APIKey
    name: other
    url: https://g.codefresh.io
    token: other-token
current-context: prod
`);
    assert.deepEqual(await readCfConfig(home), { url: 'https://codefresh.acme.example', token: '6123abcd.secretpart', context: 'prod' });
  });

  it('defaults the url to Codefresh SaaS when the context has none', async () => {
    write(`contexts:\n  a:\n    token: t-1\ncurrent-context: a\n`);
    assert.deepEqual(await readCfConfig(home), { url: DEFAULT_CODEFRESH_URL, token: 't-1', context: 'a' });
  });

  it('gives undefined when there is no file, no current context, an unknown context or no token', async () => {
    assert.equal(await readCfConfig(home), undefined);
    write(`contexts:\n  a:\n    token: t-1\n`);
    assert.equal(await readCfConfig(home), undefined);
    write(`contexts:\n  a:\n    token: t-1\ncurrent-context: b\n`);
    assert.equal(await readCfConfig(home), undefined);
    write(`contexts:\n  a:\n    url: https://x.example\ncurrent-context: a\n`);
    assert.equal(await readCfConfig(home), undefined);
    write('');
    assert.equal(await readCfConfig(home), undefined);
  });

  it('a broken file is a config error naming the file and line, never the token', async () => {
    write(`contexts:\n  a:\n    token: "very-secret-token\n   url: [\ncurrent-context: a\n`);
    const e = await readCfConfig(home).then(
      () => assert.fail('expected an error'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof BackendError);
    assert.equal(e.kind, 'config');
    assert.match(e.message, /\.cfconfig is not valid YAML/);
    assert.equal(e.message.includes('very-secret-token'), false);

    write(`contexts: [1, 2]\ncurrent-context: a\n`);
    const e2 = await readCfConfig(home).then(
      () => assert.fail('expected an error'),
      (err: unknown) => err,
    );
    assert.ok(e2 instanceof BackendError);
    assert.match(e2.message, /unexpected shape at contexts/);
  });
});
