// `npm run demo -- --backend github` was refused by a check that knew only codefresh and kargo, although the script
// goes on to wire the GitHub test engine: the arguments are read in one place now, and this holds them to it.
import assert from 'node:assert/strict';
import { DEMO_APIS, DemoUsageError, parseDemoArgs } from '../../../scripts/lib/demo-args.mjs';

describe('scripts/demo arguments', () => {
  it('takes every API the demo can speak, GitHub included', () => {
    for (const api of ['codefresh', 'kargo', 'github']) assert.equal(parseDemoArgs(['--backend', api], '/repo').backend, api);
    assert.deepEqual(DEMO_APIS, ['codefresh', 'kargo', 'github']);
  });

  it('defaults to the Codefresh API on the given repository', () => {
    const a = parseDemoArgs([], '/repo');
    assert.equal(a.backend, 'codefresh');
    assert.equal(a.repo, '/repo');
    assert.equal(a.browser, false);
  });

  it('refuses an unknown backend or flag with a sentence naming the choices', () => {
    assert.throws(() => parseDemoArgs(['--backend', 'gitlab'], '/repo'), (e: unknown) => e instanceof DemoUsageError && /codefresh, kargo or github, not gitlab/.test(e.message));
    assert.throws(() => parseDemoArgs(['--nope'], '/repo'), DemoUsageError);
  });
});
