import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { backendDescription } from '../../../src/present/demoLabel';

interface MenuItem {
  command: string;
  when?: string;
}
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } };
const menus = manifest.contributes.menus;
const when = (menu: string, command: string): string | undefined => menus[menu]?.find((m) => m.command === command)?.when;

describe('menus say only what applies', () => {
  it('Sign In and Sign Out are never offered together, in the view or the palette', () => {
    for (const menu of ['view/title', 'commandPalette']) {
      assert.match(when(menu, 'gitopsReleases.signIn') ?? '', /!gitopsReleases\.signedIn\b/, `${menu}: Sign In only when signed out`);
      assert.match(when(menu, 'gitopsReleases.signOut') ?? '', /(^|&& )gitopsReleases\.signedIn\b/, `${menu}: Sign Out only when signed in`);
    }
  });

  it('Clear Filter only with a filter', () => {
    for (const menu of ['view/title', 'commandPalette']) assert.match(when(menu, 'gitopsReleases.clearFilter') ?? '', /gitopsReleases\.filtered/, menu);
  });

  it('the view names the real backend in use by title and host', () => {
    assert.equal(backendDescription('Codefresh', 'https://g.codefresh.io/'), 'Codefresh · g.codefresh.io');
    assert.equal(backendDescription('Codefresh', 'not a url'), 'Codefresh');
    assert.equal(backendDescription(undefined, 'https://g.codefresh.io'), undefined);
  });
});
