import assert from 'node:assert/strict';
import { apiKeyPage, httpsUrl, KARGO_SIGN_IN, sendsKeyInClear, signInFailure, withoutQueryLead } from '../../../src/present/signIn';

describe('sign-in messages', () => {
  it('a rejected key: one sentence, no query prefix, the host said once, and the buttons that help', () => {
    const f = signInFailure('https://cf.example.com', 'auth', 'Could not read the signed-in user (me): https://cf.example.com rejected the API key (HTTP 401: Unauthorized). Sign in again with a valid Codefresh API key.');
    assert.equal(f.text, 'Sign-in failed: cf.example.com rejected the API key. Nothing was stored.');
    assert.deepEqual(f.actions, ['Retry', 'Get an API Key', 'Show Log']);
    assert.doesNotMatch(f.text, /\bme\b|\(me\)/);
    assert.equal(f.text.split('cf.example.com').length - 1, 1, 'the host once');
  });

  it('other failures keep the backend\'s own detail without its prefix', () => {
    const f = signInFailure('https://cf.example.com', 'network', 'Could not read the signed-in user (me): cannot reach https://cf.example.com: connection refused (ECONNREFUSED)');
    assert.equal(f.text, 'Sign-in failed: Cannot reach https://cf.example.com: connection refused (ECONNREFUSED). Nothing was stored.');
    assert.deepEqual(f.actions, ['Retry', 'Show Log']);
    assert.equal(withoutQueryLead('me: https://x knows no user'), 'https://x knows no user');
    assert.equal(withoutQueryLead('The weird query failed: boom'), 'boom');
    assert.match(signInFailure('https://cf.example.com', 'not-found', 'x').text, /cf\.example\.com has no Codefresh API/);
  });

  it('Kargo is told in its own words: a rejected token, no Kargo API there, and no key page to offer', () => {
    const f = signInFailure('https://kargo.example.com', 'auth', 'Kargo at https://kargo.example.com rejected the token (HTTP 401)', KARGO_SIGN_IN);
    assert.equal(f.text, 'Sign-in failed: kargo.example.com rejected the token. Nothing was stored.');
    assert.deepEqual(f.actions, ['Retry', 'Show Log']);
    assert.match(signInFailure('https://kargo.example.com', 'not-found', 'x', KARGO_SIGN_IN).text, /kargo\.example\.com has no Kargo API/);
    assert.match(KARGO_SIGN_IN.secretPrompt('https://kargo.example.com'), /^Token for https:\/\/kargo\.example\.com/);
  });

  it('warns for http:// to another machine only; loopback is fine', () => {
    assert.equal(sendsKeyInClear('http://cf.example.com'), true);
    assert.equal(sendsKeyInClear('http://10.0.0.5:8080'), true);
    assert.equal(sendsKeyInClear('https://cf.example.com'), false);
    assert.equal(sendsKeyInClear('http://127.0.0.1:4000'), false);
    assert.equal(sendsKeyInClear('http://localhost:4000'), false);
    assert.equal(sendsKeyInClear('http://[::1]:4000'), false);
    assert.equal(httpsUrl('http://cf.example.com/'), 'https://cf.example.com/');
    assert.equal(apiKeyPage('https://g.codefresh.io/'), 'https://g.codefresh.io/user/settings');
  });
});
