// Which GitHub repository a checkout is. A GitHub Enterprise Server on its own port (https://ghe.example.com:8443) was
// never matched: the backend compared the server's host with its port against the remote's host without one, so a
// checkout cloned from it was no product at all.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { repositoryOfCheckout } from '../../../../src/backends/github/repos';
import { lifelikeMessages, makeRepo, removeRepo } from '../demo/helpers';

describe('GitHub: the repository of a checkout', () => {
  let repo: string;
  before(() => {
    repo = makeRepo(lifelikeMessages(2), 'ghe');
  });
  after(() => removeRepo(repo));
  const withRemote = (url: string) => {
    execFileSync('git', ['-C', repo, 'config', 'remote.origin.url', url]);
  };

  it('matches a server on its own port, by https and by ssh', async () => {
    for (const url of ['https://ghe.example.com:8443/acme/shop.git', 'git@ghe.example.com:acme/shop.git', 'ssh://git@ghe.example.com:2222/acme/shop.git']) {
      withRemote(url);
      assert.equal(await repositoryOfCheckout(repo, 'ghe.example.com:8443'), 'acme/shop', url);
      assert.equal(await repositoryOfCheckout(repo, 'ghe.example.com'), 'acme/shop', url);
    }
  });

  it('does not take a checkout of another host', async () => {
    withRemote('https://github.com/acme/shop.git');
    assert.equal(await repositoryOfCheckout(repo, 'ghe.example.com:8443'), undefined);
    assert.equal(await repositoryOfCheckout(repo, 'github.com'), 'acme/shop');
  });
});
