import assert from 'node:assert/strict';
import { englishManifest } from '../manifest';
import { derivedStatus } from '../../../src/core/derivedStatus';
import { RELEASE_ACTIONS, type ReleaseDetail } from '../../../src/core/model';
import { ACTION_WORDING, actionContextWords, confirmation } from '../../../src/present/actions';
import { buildPanelModel } from '../../../src/present/panelModel';
import { environmentRow } from '../../../src/present/releaseRows';
import { failedRelease } from '../../webview/fixtures';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
  };
}
const manifest = englishManifest() as Manifest;

describe('release actions: wording, tree rows, panel model and manifest', () => {
  it('asks a plain question naming the product, the version and the environment', () => {
    const r = { id: '69143e08d3fc600692f605b6', productName: 'payments', version: '1.4.2' };
    assert.deepEqual(confirmation('approve', r, 'prod'), {
      message: 'Approve payments 1.4.2 for prod?',
      detail: 'The deployment of payments 1.4.2 waiting in prod goes ahead.',
      button: 'Approve',
    });
    assert.match(confirmation('abort', r, 'staging').detail, /cannot be undone/);
    assert.equal(confirmation('retry', { ...r, version: undefined }, 'prod').message, 'Re-run what failed of payments release …f605b6 in prod?');
  });

  it('puts the allowed actions of an environment in its row context value, and none when there are none', () => {
    const release = failedRelease();
    const env = release.environments[0]!;
    assert.equal(environmentRow(env.name, derivedStatus(release).environments.get(env.name), undefined).contextValue, 'environment');
    const allowing = { ...release, environments: release.environments.map((e, i) => (i === 0 ? { ...e, actions: ['retry' as const, 'abort' as const] } : e)) };
    assert.equal(environmentRow(env.name, derivedStatus(allowing).environments.get(env.name), undefined).contextValue, 'environment can-retry can-abort');
    assert.equal(actionContextWords(undefined), '');
  });

  it('gives the panel one button per allowed action of each environment', () => {
    const release: ReleaseDetail = failedRelease();
    const name = release.steps[0]!.environment;
    const allowing: ReleaseDetail = { ...release, environments: release.environments.map((e) => (e.name === name ? { ...e, actions: ['retry' as const] } : e)) };
    const model = buildPanelModel(allowing, undefined);
    const env = model.release!.environments.find((e) => e.name === name)!;
    assert.deepEqual(env.actions, [{ action: 'retry', title: 'Re-run Failed Jobs', destructive: false }]);
    for (const other of model.release!.environments.filter((e) => e.name !== name)) assert.deepEqual(other.actions, []);
  });

  it('package.json has one command per action, titled and drawn as the wording says, on rows that allow it', () => {
    const menus = manifest.contributes.menus['view/item/context'] ?? [];
    const palette = manifest.contributes.menus.commandPalette ?? [];
    for (const action of RELEASE_ACTIONS) {
      const id = `gitopsReleases.action.${action}`;
      const command = manifest.contributes.commands.find((c) => c.command === id);
      assert.ok(command, `${id} is contributed`);
      assert.equal(command.title, `${ACTION_WORDING[action].title}…`);
      assert.equal(command.icon, `$(${ACTION_WORDING[action].icon})`);
      const entries = menus.filter((m) => m.command === id);
      assert.ok(entries.length > 0, `${id} is in the tree's context menu`);
      for (const m of entries) assert.ok(m.when?.includes(`\\bcan-${action}\\b`), `${id} shows only on rows that allow it: ${m.when}`);
      assert.equal(palette.find((m) => m.command === id)?.when, `gitopsReleases.can.${action}`);
    }
  });
});
