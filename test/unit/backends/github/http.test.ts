// GitHub addresses and credentials: github.com and Enterprise Server URLs as users type them, and a token that never
// reaches an error text or a log line.

import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { GitHubBackend } from '../../../../src/backends/github/backend';
import { normalizeApiUrl, webUrlOf } from '../../../../src/backends/github/transport';
import { isBackendError } from '../../../../src/backends/types';

describe('GitHub HTTP', () => {
  it('reads github.com and Enterprise Server URLs as users type them', () => {
    assert.equal(normalizeApiUrl(undefined), 'https://api.github.com');
    assert.equal(normalizeApiUrl('github.com'), 'https://api.github.com');
    assert.equal(normalizeApiUrl('https://api.github.com/'), 'https://api.github.com');
    assert.equal(normalizeApiUrl('ghe.example.com'), 'https://ghe.example.com/api/v3');
    assert.equal(normalizeApiUrl('https://ghe.example.com/api/v3/'), 'https://ghe.example.com/api/v3');
    assert.equal(webUrlOf('https://ghe.example.com/api/v3'), 'https://ghe.example.com');
    assert.equal(webUrlOf('https://api.github.com'), 'https://github.com');
    assert.throws(() => normalizeApiUrl('ftp://ghe.example.com'), /must start with https:\/\/ or http:\/\//);
  });

  it('a network failure names the server, never the token, in the error and the log', async () => {
    const lines: string[] = [];
    const log = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const token = 'ghp_secretsecretsecretsecretsecret0000';
    // A port nothing listens on: taken from the system, then freed.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const backend = new GitHubBackend({ apiUrl: `http://127.0.0.1:${port}`, token, log });
    const e = await backend.whoAmI().then(() => undefined, (x: unknown) => x);
    await backend.dispose();
    assert.ok(isBackendError(e) && e.kind === 'network', String(e));
    assert.match(e.message, new RegExp(`Cannot reach GitHub at http://127\\.0\\.0\\.1:${port}`));
    for (const text of [e.message, ...lines]) assert.ok(!text.includes(token), text);
  });

  it('refuses a missing token and one with a line break', () => {
    assert.throws(() => new GitHubBackend({ token: '' }), /No GitHub token/);
    assert.throws(() => new GitHubBackend({ token: 'a\nb' }), /line break/);
  });
});
