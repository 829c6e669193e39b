import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kargoConfigPath, readKargoCliConfig } from '../../../../src/backends/kargo/localConfig';

describe('Kargo CLI credentials', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'kargo-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
  const write = (text: string, base = path.join(home, '.config')) => {
    fs.mkdirSync(path.join(base, 'kargo'), { recursive: true });
    fs.writeFileSync(path.join(base, 'kargo', 'config'), text);
  };

  it('nothing configured: no credentials', async () => {
    assert.equal(await readKargoCliConfig({}, home), undefined);
  });

  it('reads the config file and says it is where the token came from', async () => {
    write('apiAddress: https://kargo.example.invalid\nbearerToken: file-token\nproject: shop\n');
    assert.deepEqual(await readKargoCliConfig({}, home), {
      apiAddress: 'https://kargo.example.invalid',
      token: 'file-token',
      project: 'shop',
      origin: path.join(home, '.config', 'kargo', 'config'),
    });
  });

  it('KARGO_API_TOKEN and KARGO_API_ADDRESS win over the file', async () => {
    write('apiAddress: https://file.example.invalid\nbearerToken: file-token\n');
    const c = await readKargoCliConfig({ KARGO_API_TOKEN: 'env-token', KARGO_API_ADDRESS: 'https://env.example.invalid' }, home);
    assert.equal(c?.token, 'env-token');
    assert.equal(c?.apiAddress, 'https://env.example.invalid');
    assert.equal(c?.origin, 'KARGO_API_TOKEN');
  });

  it('honours XDG_CONFIG_HOME', async () => {
    const xdg = path.join(home, 'xdg');
    write('bearerToken: xdg-token\n', xdg);
    assert.equal(kargoConfigPath({ XDG_CONFIG_HOME: xdg }, home), path.join(xdg, 'kargo', 'config'));
    assert.equal((await readKargoCliConfig({ XDG_CONFIG_HOME: xdg }, home))?.token, 'xdg-token');
  });

  it('a broken file is an error that names the file and line, never the token', async () => {
    write('bearerToken: secret-token\n  bad: [\n');
    await assert.rejects(readKargoCliConfig({}, home), (e: Error) => /config is not valid YAML/.test(e.message) && !e.message.includes('secret-token'));
    write('bearerToken: 42\n');
    await assert.rejects(readKargoCliConfig({}, home), /unexpected shape at bearerToken/);
  });
});
