import assert from 'node:assert/strict';
import { englishManifest } from '../manifest';
import { demoViewDescription, hoverTitle } from '../../../src/present/demoLabel';
import { statusBarView } from '../../../src/present/statusBarText';
import { BACKENDS, backendKind, isDemoBackend } from '../../../src/backends/registry';
import { deploymentMarkdown } from '../../../src/present/deploymentMarkdown';
import { BACKEND_IDS } from '../../../src/core/model';
import { CLI_BACKENDS } from '../../../src/cli/backendChoice';

const SHA = 'b'.repeat(40);

interface Manifest {
  contributes: {
    configuration: { properties: Record<string, { default?: unknown; enum?: string[]; enumDescriptions?: string[] }> };
    viewsWelcome: { view: string; when: string; contents: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    commands: { command: string; title: string }[];
  };
}
const manifest = englishManifest() as Manifest;

describe('backend setting', () => {
  it('unset, "none" or an unknown value means no backend; only "demo" and "codefresh" choose one', () => {
    assert.equal(backendKind(undefined), 'none');
    assert.equal(backendKind('none'), 'none');
    assert.equal(backendKind(''), 'none');
    assert.equal(backendKind('Demo'), 'none');
    assert.equal(backendKind(42), 'none');
    assert.equal(backendKind('demo'), 'demo');
    assert.equal(backendKind('codefresh'), 'codefresh');
  });

  it('the contributed default is "none", so a fresh install shows no made-up deployments', () => {
    const setting = manifest.contributes.configuration.properties['gitopsReleases.backend'];
    assert.ok(setting);
    assert.equal(setting.default, 'none');
    assert.deepEqual(setting.enum, ['none', 'demo', 'codefresh', 'kargo', 'github', 'github-demo']);
    // The setting offers exactly the registered backends: the model's one list of ids, in its order, after "none".
    assert.deepEqual([...setting.enum].sort(), ['none', ...Object.keys(BACKENDS)].sort());
    assert.deepEqual(setting.enum, ['none', ...BACKEND_IDS]);
    // Its descriptions line up with its values, one each.
    const described = manifest.contributes.configuration.properties['gitopsReleases.backend']?.enumDescriptions;
    assert.equal(described?.length, setting.enum.length);
    // The CLI's --backend choices are the same list.
    assert.deepEqual([...CLI_BACKENDS], [...BACKEND_IDS]);
    assert.equal(backendKind(setting.default), 'none');
  });

  it('the welcome of both views offers each real sign-in and "Try the Demo Backend"', () => {
    const welcome = manifest.contributes.viewsWelcome;
    const releases = welcome.find((w) => w.view === 'gitopsReleases.releases' && w.when.includes("'no-backend'"));
    const commits = welcome.find((w) => w.view === 'gitopsReleases.commitDeployments');
    for (const w of [releases, commits]) {
      assert.ok(w);
      assert.ok(w.contents.includes('[Sign In to Codefresh](command:gitopsReleases.signIn)'), w.contents);
      assert.ok(w.contents.includes('[Try the Demo Backend](command:gitopsReleases.useDemoBackend)'), w.contents);
    }
    assert.equal(manifest.contributes.commands.find((c) => c.command === 'gitopsReleases.useDemoBackend')?.title, 'Try the Demo Backend');
  });

  it('"Open in Codefresh" is not offered on a release row while the demo is in use', () => {
    const items = manifest.contributes.menus['view/item/context']?.filter((m) => m.command === 'gitopsReleases.openInCodefresh') ?? [];
    assert.ok(items.length > 0);
    for (const m of items) assert.match(m.when ?? '', /&& !gitopsReleases\.demo\b/);
  });
});

describe('demo label', () => {
  it('knows the demo backend by its id', () => {
    assert.equal(isDemoBackend('demo'), true);
    assert.equal(isDemoBackend('codefresh'), false);
    assert.equal(isDemoBackend('github'), false);
    assert.equal(isDemoBackend('github-demo'), true);
    assert.equal(isDemoBackend(undefined), false);
  });

  it('view descriptions put "Demo data" first, and leave real data alone', () => {
    assert.equal(demoViewDescription(undefined, true), 'Demo data');
    assert.equal(demoViewDescription('', true), 'Demo data');
    assert.equal(demoViewDescription('abc1234', true), 'Demo data · abc1234');
    assert.equal(demoViewDescription('abc1234', false), 'abc1234');
    assert.equal(demoViewDescription(undefined, false), undefined);
  });

  it('status bar text and accessible label say demo only in demo mode', () => {
    const none = { sha: SHA, products: [] };
    assert.equal(statusBarView(SHA, none, true).text, '$(rocket) Demo · bbbbbbb no releases');
    assert.equal(statusBarView(SHA, none, false).text, '$(rocket) bbbbbbb no releases');
    assert.match(statusBarView(SHA, none, true).accessibleLabel, /^GitOps Releases \(demo data\), commit bbbbbbb: /);
    assert.match(statusBarView(SHA, none, false).accessibleLabel, /^GitOps Releases, commit bbbbbbb: /);
  });

  it('the hover title says "demo data" for committed and uncommitted lines', () => {
    assert.equal(hoverTitle(true), '**GitOps Releases** · demo data');
    assert.equal(hoverTitle(undefined), '**GitOps Releases**');
    const demo = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: { sha: SHA, products: [] }, demo: true });
    assert.ok(demo.startsWith('**GitOps Releases** · demo data · [Copy sha]'), demo);
    const real = deploymentMarkdown({ commit: { kind: 'committed', sha: SHA }, deployments: { sha: SHA, products: [] } });
    assert.ok(real.startsWith('**GitOps Releases** · [Copy sha]'), real);
    assert.doesNotMatch(real, /demo/i);
    const uncommitted = deploymentMarkdown({ commit: { kind: 'uncommitted' }, demo: true });
    assert.ok(uncommitted.startsWith('**GitOps Releases** · demo data · '), uncommitted);
  });
});
