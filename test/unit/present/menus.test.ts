import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { backendDescription } from '../../../src/present/demoLabel';

interface MenuItem {
  command: string;
  when?: string;
}
interface Step {
  id: string;
  media: { markdown?: string };
  completionEvents?: string[];
}
const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuItem[]>; commands: { command: string }[]; walkthroughs?: { id: string; steps: Step[] }[] };
};
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

describe('walkthrough', () => {
  it('each step has its media in the package and is completed by a command the extension contributes', () => {
    const steps = manifest.contributes.walkthroughs?.[0]?.steps ?? [];
    assert.ok(steps.length >= 3, 'a walkthrough with steps');
    const shipped = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const step of steps) {
      const media = step.media.markdown ?? '';
      assert.ok(fs.existsSync(path.join(ROOT, media)), `${step.id}: ${media} exists`);
      assert.ok(shipped.includes(`!${path.dirname(media)}/*.md`), `${step.id}: ${media} ships in the VSIX`);
      assert.ok(step.completionEvents?.length, `${step.id} can be completed`);
      for (const e of step.completionEvents ?? []) {
        const command = /^onCommand:(.+)$/.exec(e)?.[1];
        if (command) assert.ok(commands.has(command), `${step.id}: ${command} is contributed`);
      }
    }
  });
});
