// Restricted Mode: the settings package.json declares restricted are the ones the extension reads from the user only
// while the workspace is untrusted (src/vscode/config.ts, RESTRICTED_SETTINGS), and every setting that names a server,
// a file or a template is among them; settings that reach the network are tagged usesOnlineServices.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { englishManifest } from './manifest';

const ROOT = path.resolve(__dirname, '../..');

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] }; virtualWorkspaces: { supported: boolean; description: string } };
  contributes: { configuration: { properties: Record<string, { tags?: string[] }> } };
}
const manifest = englishManifest() as Manifest;
const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;

describe('Workspace Trust and virtual workspaces in the manifest', () => {
  it('is limited in Restricted Mode, with the same restricted settings the code enforces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const source = fs.readFileSync(path.join(ROOT, 'src/vscode/config.ts'), 'utf8');
    const list = /export const RESTRICTED_SETTINGS = \[([^\]]*)\]/.exec(source)?.[1];
    assert.ok(list, 'config.ts declares RESTRICTED_SETTINGS');
    const inCode = [...list.matchAll(/'([^']+)'/g)].map((m) => `gitopsReleases.${m[1]}`);
    assert.deepEqual([...inCode].sort(), [...restricted].sort());
  });

  it('restricts every setting that names a URL, a file or a template', () => {
    const named = Object.keys(manifest.contributes.configuration.properties).filter((k) => /(url|file|template|path|command|executable)$/i.test(k));
    assert.ok(named.length >= 7, `found ${named.length}`);
    assert.deepEqual(named.filter((k) => !restricted.includes(k)), []);
    for (const k of restricted) assert.ok(manifest.contributes.configuration.properties[k], `${k} is a setting`);
  });

  it('tags the settings that reach a server usesOnlineServices', () => {
    const props = manifest.contributes.configuration.properties;
    for (const k of ['gitopsReleases.backend', 'gitopsReleases.codefresh.url', 'gitopsReleases.kargo.url', 'gitopsReleases.github.enterpriseUrl', 'gitopsReleases.demo.serverUrl', 'gitopsReleases.pollInterval.idleSeconds']) {
      assert.ok(props[k]?.tags?.includes('usesOnlineServices'), k);
    }
    for (const k of ['gitopsReleases.hover.enabled', 'gitopsReleases.statusBar.mode', 'gitopsReleases.caFile']) assert.ok(!props[k]?.tags?.includes('usesOnlineServices'), `${k} makes no call of its own`);
  });

  it('declares virtual workspaces unsupported, saying why', () => {
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    assert.match(manifest.capabilities.virtualWorkspaces.description, /local Git clone/);
  });
});
