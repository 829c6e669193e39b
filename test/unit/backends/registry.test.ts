// The backend registry: every backend kind has one entry saying what it is and what it can do, the built backends
// report those capabilities, and the editor's `when` clauses read only context keys the capabilities produce.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createBackend } from '../../../src/backends/create';
import { DemoBackend } from '../../../src/backends/demo/backend';
import { BACKENDS, backendInfo, CAPABILITY_CONTEXT_PREFIX, capabilityContext } from '../../../src/backends/registry';
import { makeRepo, removeRepo } from './demo/helpers';

describe('backend registry', function () {
  this.timeout(20_000);

  it('has one entry per kind, keyed by its id', () => {
    for (const [key, info] of Object.entries(BACKENDS)) assert.equal(info.id, key);
    assert.equal(backendInfo('codefresh'), BACKENDS.codefresh);
    assert.equal(backendInfo('demo'), BACKENDS.demo);
    assert.equal(backendInfo('none'), undefined);
    assert.equal(backendInfo('toString'), undefined);
    assert.equal(backendInfo(undefined), undefined);
  });

  it('declares what each backend can do', () => {
    assert.deepEqual(BACKENDS.codefresh.capabilities, { updates: 'poll', workflows: true, releaseNotes: true, webPages: true, actions: [] });
    // The demo serves the same API, but its releases are made up: no web page, and labelled as demo data.
    assert.deepEqual(BACKENDS.demo.capabilities, { updates: 'poll', workflows: true, releaseNotes: true, webPages: false, actions: [] });
    assert.equal(BACKENDS.demo.madeUp, true);
    assert.equal(BACKENDS.codefresh.madeUp, false);
  });

  it('builds backends that report their own kind and capabilities', async () => {
    const codefresh = await createBackend('codefresh', { baseUrl: 'https://codefresh.example.invalid', apiKey: 'k' });
    assert.equal(codefresh.id, 'codefresh');
    assert.equal(codefresh.capabilities, BACKENDS.codefresh.capabilities);
    assert.equal(codefresh.description, 'Codefresh at https://codefresh.example.invalid');
    await codefresh.dispose?.();

    const remote = await createBackend('demo', { serverUrl: 'http://127.0.0.1:9' });
    assert.equal(remote.id, 'demo');
    assert.equal(remote.capabilities, BACKENDS.demo.capabilities);
    assert.equal(remote.description, 'Demo server at http://127.0.0.1:9');
    await remote.dispose?.();
    await assert.rejects(createBackend('demo', {}), /needs a Git repository/);
  });

  it('the in-process demo backend labels its releases as demo data and closes its server with it', async () => {
    const repo = makeRepo(Array.from({ length: 12 }, (_, i) => `change ${i}`));
    try {
      const demo = await DemoBackend.create({ repoPath: repo });
      const [product] = await demo.listProducts();
      assert.ok(product);
      const page = await demo.listReleases(product.name);
      assert.ok(page.releases.length > 0);
      for (const r of page.releases) assert.equal(r.source.backend, 'demo');
      await demo.dispose();
      await assert.rejects(fetch(`${demo.url}/2.0/api/graphql`, { method: 'POST', body: '{}' }));
    } finally {
      removeRepo(repo);
    }
  });

  it('the demo backend can speak Kargo\'s API: its Freight are labelled demo data, it streams and takes actions', async () => {
    const repo = makeRepo(Array.from({ length: 12 }, (_, i) => `change ${i}`));
    try {
      const demo = await DemoBackend.create({ repoPath: repo, api: 'kargo' });
      assert.equal(demo.id, 'demo');
      assert.equal(demo.capabilities, BACKENDS.kargo.capabilities);
      assert.match(demo.description, /^Kargo demo server at http:\/\/127\.0\.0\.1:\d+$/);
      const page = await demo.listReleases('kargo-demo');
      assert.ok(page.releases.length > 0);
      for (const r of page.releases) assert.deepEqual(r.source, { backend: 'demo', kind: 'freight' });
      const r = page.releases.find((x) => x.environments.some((e) => e.actions?.includes('abort')));
      const env = r?.environments.find((e) => e.actions?.includes('abort'));
      assert.ok(r && env && demo.act);
      assert.match((await demo.act({ action: 'abort', releaseId: r.id, productName: 'kargo-demo', environment: env.name })).message, /^Aborted the promotion/);
      await demo.dispose();
      await assert.rejects(fetch(`${demo.url}/v1beta1/projects`));
    } finally {
      removeRepo(repo);
    }
  });

  it('turns capabilities into context keys; no backend offers nothing', () => {
    assert.deepEqual(capabilityContext(BACKENDS.codefresh.capabilities), {
      updates: 'poll',
      workflows: true,
      releaseNotes: true,
      openWebPage: true,
      approve: false,
      reject: false,
      promote: false,
      abort: false,
      retry: false,
      verify: false,
    });
    assert.deepEqual(
      Object.entries(capabilityContext(BACKENDS.kargo.capabilities)).filter(([, v]) => v === true).map(([k]) => k).sort(),
      ['abort', 'approve', 'promote', 'releaseNotes', 'verify', 'workflows'],
    );
    assert.equal(capabilityContext(BACKENDS.kargo.capabilities).updates, 'stream');
    // GitHub polls with ETags and offers the actions of a workflow run; the test engine's data is made up.
    assert.equal(capabilityContext(BACKENDS.github.capabilities).updates, 'conditional-poll');
    assert.deepEqual(BACKENDS.github.capabilities.actions, ['approve', 'reject', 'retry', 'abort']);
    assert.deepEqual(BACKENDS['github-demo'].capabilities, BACKENDS.github.capabilities);
    assert.equal(BACKENDS['github-demo'].madeUp, true);
    assert.equal(BACKENDS.github.madeUp, false);
    assert.equal(capabilityContext(BACKENDS.demo.capabilities).openWebPage, false);
    const none = capabilityContext(undefined);
    assert.equal(none.updates, '');
    for (const [key, value] of Object.entries(none)) if (key !== 'updates') assert.equal(value, false, key);
    assert.equal(capabilityContext({ ...BACKENDS.codefresh.capabilities, actions: ['approve', 'retry'] }).approve, true);
  });

  it('package.json gates on capability keys that exist, and "Open in Codefresh" on the web-page capability', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const known = new Set(Object.keys(capabilityContext(undefined)));
    const whens = Object.values(manifest.contributes.menus).flatMap((items) => items.map((m) => ({ command: m.command, when: m.when ?? '' })));
    const escaped = CAPABILITY_CONTEXT_PREFIX.replace(/\./g, '\\.');
    for (const { when } of whens)
      for (const m of when.matchAll(new RegExp(`${escaped}(\\w+)`, 'g'))) assert.ok(known.has(m[1]!), `unknown capability key in "${when}"`);
    const open = whens.filter((w) => w.command === 'gitopsReleases.openInCodefresh' && w.when !== 'false');
    assert.ok(open.length > 0);
    for (const w of open) assert.match(w.when, /\bgitopsReleases\.can\.openWebPage\b/);
  });
});
