// The GitHub backend against the GitHub test engine at gitopsReleases.github.demoServerUrl (made-up data, labelled
// as demo data). No credential: the test engine's own public token.

import { loadData } from '../deps';
import { githubSetup } from './github';
import type { Connector } from './types';

export const githubDemo: Connector<'github-demo'> = {
  id: 'github-demo',
  settings: ['github'],
  secretNames: () => [],

  async connect(ctx, settings) {
    const { setup, config } = await githubSetup(ctx);
    const data = await loadData();
    if (!settings.githubDemoServerUrl) throw new Error('gitopsReleases.github.demoServerUrl is not set: start the GitHub test engine with `npm run demo -- --backend github`.');
    ctx.keepSavedUnder({ backend: 'github-demo', endpoint: settings.githubDemoServerUrl });
    return { backend: await data.createBackend('github-demo', { ...config, apiUrl: settings.githubDemoServerUrl }, setup), url: settings.githubDemoServerUrl };
  },
};
