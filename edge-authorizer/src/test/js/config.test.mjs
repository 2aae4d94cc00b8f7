import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../main/js/config.mjs';
import { attackerKey, ecKey, jwkOf, signingKey } from './fixtures/tokens.mjs';
import { COOKIE_SECRET, baseConfig } from './helpers.mjs';

const invalid = (overrides, pattern) => {
  assert.throws(
    () => parseConfig(baseConfig(overrides)),
    (err) => err instanceof ConfigError && pattern.test(err.message),
  );
};

describe('parseConfig', () => {
  it('applies defaults for optional fields', () => {
    const { publicPaths, allowedGroups, allowedEmailDomains, spa, scopes, callbackPath, signOutPath, ...required } = baseConfig();
    const config = parseConfig(required);
    assert.equal(config.callbackPath, '/_edgesite/callback');
    assert.equal(config.signOutPath, '/_edgesite/signout');
    assert.equal(config.scope, 'openid');
    assert.equal(config.spa, false);
    assert.equal(config.publicPaths, null);
    assert.equal(config.allowedGroups.size, 0);
    assert.equal(config.allowedEmailDomains.size, 0);
    assert.ok(Object.isFrozen(config));
  });

  it('accepts scopes as an array or a space-separated string', () => {
    assert.equal(parseConfig(baseConfig({ scopes: ['openid', 'email', 'openid'] })).scope, 'openid email');
    assert.equal(parseConfig(baseConfig({ scopes: ' openid\temail  profile ' })).scope, 'openid email profile');
    invalid({ scopes: ['email'] }, /openid/);
    invalid({ scopes: '' }, /scopes/);
    invalid({ scopes: ['openid', 'a"b'] }, /scopes/);
    invalid({ scopes: ['openid', 3] }, /scopes/);
    invalid({ scopes: { openid: true } }, /scopes/);
  });

  it('requires a base64 cookie secret of at least 32 bytes', () => {
    assert.equal(parseConfig(baseConfig()).cookieKey.length, 32);
    assert.equal(parseConfig(baseConfig({ cookieSecret: Buffer.alloc(48, 0xfb).toString('base64url') })).cookieKey.length, 48);
    invalid({ cookieSecret: Buffer.alloc(31).toString('base64') }, /cookieSecret/);
    invalid({ cookieSecret: 'not base64 at all, but long enough to be 32 bytes!' }, /cookieSecret/);
    invalid({ cookieSecret: undefined }, /cookieSecret/);
    invalid({ cookieSecret: 1234 }, /cookieSecret/);
  });

  it('never puts the cookie secret into an error message', () => {
    const secret = `${COOKIE_SECRET.slice(0, 20)}!`;
    assert.throws(() => parseConfig(baseConfig({ cookieSecret: secret })), (err) => !err.message.includes(secret));
  });

  it('requires issuer, clientId and absolute http(s) endpoint URLs', () => {
    invalid({ issuer: undefined }, /issuer/);
    invalid({ clientId: '' }, /clientId/);
    invalid({ authorizeUrl: '/oauth2/authorize' }, /authorizeUrl/);
    invalid({ tokenUrl: 'javascript:alert(1)' }, /tokenUrl/);
    invalid({ tokenUrl: 'https://user:pw@auth.example.com/oauth2/token' }, /tokenUrl/);
    invalid({ logoutUrl: 'https://auth.example.com/logout#x' }, /logoutUrl/);
    invalid({ logoutUrl: ['https://auth.example.com/logout'] }, /logoutUrl/);
    assert.equal(parseConfig(baseConfig({ tokenUrl: 'http://127.0.0.1:9229/oauth2/token' })).tokenUrl, 'http://127.0.0.1:9229/oauth2/token');
  });

  it('requires at least one usable signing key', () => {
    invalid({ jwks: undefined }, /jwks/);
    invalid({ jwks: { keys: 'x' } }, /jwks/);
    invalid({ jwks: { keys: [] } }, /jwks/);
    invalid({ jwks: { keys: [jwkOf(ecKey, { kid: 'ec' })] } }, /jwks/);
    invalid({ jwks: { keys: [{ kty: 'RSA', kid: 'a', n: 'x', e: 'AQAB' }] } }, /jwks/);
    invalid({ jwks: { keys: [jwkOf(attackerKey, { kid: 'a' }), jwkOf(ecKey, { kid: 'b' }), jwkOf(signingKey, { kid: 'a' })] } }, /duplicate kid/);
  });

  it('validates paths, lists and flags', () => {
    invalid({ publicPaths: '/public/*' }, /publicPaths/);
    invalid({ publicPaths: ['public/*'] }, /publicPaths/);
    invalid({ publicPaths: [''] }, /publicPaths/);
    invalid({ allowedGroups: 'admins' }, /allowedGroups/);
    invalid({ allowedEmailDomains: [1] }, /allowedEmailDomains/);
    invalid({ spa: 'true' }, /spa/);
    invalid({ callbackPath: 'callback' }, /callbackPath/);
    invalid({ callbackPath: '//evil.example/cb' }, /callbackPath/);
    invalid({ signOutPath: '/out?x=1' }, /signOutPath/);
    invalid({ signOutPath: '/_edgesite/callback' }, /differ/);
    assert.deepEqual([...parseConfig(baseConfig({ allowedEmailDomains: ['@Example.COM'] })).allowedEmailDomains], ['example.com']);
  });

  it('requires allowedEmailDomains in plain ASCII, and folds only A-Z', () => {
    assert.deepEqual([...parseConfig(baseConfig({ allowedEmailDomains: ['Sub.EXAMPLE.com', 'xn--bcher-kva.example'] })).allowedEmailDomains], [
      'sub.example.com',
      'xn--bcher-kva.example',
    ]);
    for (const domain of ['ban\u212a.example', '\u0130nfo.example', '\u017fite.example', '\uff45xample.com', 'b\u00fccher.example', 'a b.example', 'a@b.example', '@']) {
      invalid({ allowedEmailDomains: [domain] }, /allowedEmailDomains/);
    }
  });

  it('takes an optional siteOrigin, plain http only for a loopback host', () => {
    assert.equal(parseConfig(baseConfig()).siteOrigin, null);
    assert.equal(parseConfig(baseConfig({ siteOrigin: 'http://localhost:8080' })).siteOrigin, 'http://localhost:8080');
    assert.equal(parseConfig(baseConfig({ siteOrigin: 'http://127.0.0.1:9000/' })).siteOrigin, 'http://127.0.0.1:9000');
    assert.equal(parseConfig(baseConfig({ siteOrigin: 'http://[::1]:8080' })).siteOrigin, 'http://[::1]:8080');
    assert.equal(parseConfig(baseConfig({ siteOrigin: 'https://docs.example.com' })).siteOrigin, 'https://docs.example.com');
    for (const siteOrigin of [
      'http://docs.example.com',
      'http://localhost.evil.example:8080',
      'http://127.0.0.2:8080',
      'https://docs.example.com/base',
      'https://docs.example.com/?x=1',
      'https://docs.example.com/#top',
      'https://user:pw@docs.example.com',
      'ftp://localhost',
      'localhost:8080',
      '',
      null,
      ['http://localhost:8080'],
    ]) {
      invalid({ siteOrigin }, /siteOrigin/);
    }
  });

  it('rejects a config that is not an object', () => {
    for (const raw of [null, [], 'config', 1]) assert.throws(() => parseConfig(raw), ConfigError);
  });

  it('ignores unknown fields', () => {
    assert.equal(parseConfig(baseConfig({ region: 'eu-west-1' })).region, undefined);
  });
});
