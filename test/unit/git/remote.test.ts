import assert from 'node:assert/strict';
import { parseRemoteUrl, stripCredentials } from '../../../src/git/remote';

describe('git/remote', () => {
  it('never lets credentials in a remote URL through', () => {
    assert.equal(stripCredentials('https://user:ghp_secret@github.com/acme/shop.git'), 'https://github.com/acme/shop.git');
    assert.equal(stripCredentials('git@github.com:acme/shop.git'), 'git@github.com:acme/shop.git');
    assert.equal(parseRemoteUrl('https://oauth2:glpat-secret@gitlab.example.com/group/sub/shop.git')?.https, 'https://gitlab.example.com/group/sub/shop.git');
  });

  it('reads https, ssh, git and scp-like remotes into one host and path, with web and https forms', () => {
    const forms = ['git@github.com:acme/shop.git\n', 'ssh://git@github.com/acme/shop.git', 'ssh://git@github.com:22/acme/shop', 'git://github.com/acme/shop.git', 'https://github.com/acme/shop/'];
    for (const url of forms) {
      assert.deepEqual(parseRemoteUrl(url), { host: 'github.com', port: undefined, path: 'acme/shop', web: 'https://github.com/acme/shop', https: 'https://github.com/acme/shop.git' }, url);
    }
    // An http(s) port is the web server's; an ssh one is not.
    assert.equal(parseRemoteUrl('https://git.example.com:8443/team/app.git')?.web, 'https://git.example.com:8443/team/app');
  });

  it('local paths and file URLs are not remotes', () => {
    for (const url of ['/srv/git/shop.git', 'file:///srv/git/shop.git', '../shop', '', undefined]) assert.equal(parseRemoteUrl(url), undefined, String(url));
  });
});
