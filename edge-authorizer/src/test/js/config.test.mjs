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
    assert.equal(config.identityProviders.size, 0);
    assert.equal(config.cognitoLogin, true);
    assert.equal(config.groupsClaim, 'custom:groups');
    assert.deepEqual(config.accessRules, []);
    assert.equal(config.forbiddenPage, null);
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

  it('takes identityProviders as distinct names of 1 to 32 characters', () => {
    assert.deepEqual([...parseConfig(baseConfig({ identityProviders: ['Okta', 'AzureAD', 'x'.repeat(32)] })).identityProviders], [
      'Okta',
      'AzureAD',
      'x'.repeat(32),
    ]);
    assert.deepEqual([...parseConfig(baseConfig({ identityProviders: [] })).identityProviders], []);
    for (const identityProviders of ['Okta', [''], ['x'.repeat(33)], ['Okta', 'Okta'], [1], [null], ['COGNITO'], { Okta: true }]) {
      invalid({ identityProviders }, /identityProviders/);
    }
  });

  it('takes cognitoLogin as a boolean, false only with an identity provider', () => {
    assert.equal(parseConfig(baseConfig({ identityProviders: ['Okta'], cognitoLogin: false })).cognitoLogin, false);
    assert.equal(parseConfig(baseConfig({ identityProviders: ['Okta'], cognitoLogin: true })).cognitoLogin, true);
    for (const cognitoLogin of ['false', 0, 1, [], {}]) invalid({ identityProviders: ['Okta'], cognitoLogin }, /cognitoLogin/);
    invalid({ cognitoLogin: false }, /cognitoLogin false needs an identity provider/);
    invalid({ cognitoLogin: false, identityProviders: [] }, /cognitoLogin/);
  });

  it('takes groupsClaim as a claim name', () => {
    assert.equal(parseConfig(baseConfig({ groupsClaim: 'custom:roles' })).groupsClaim, 'custom:roles');
    assert.equal(parseConfig(baseConfig({ groupsClaim: 'groups' })).groupsClaim, 'groups');
    for (const groupsClaim of ['', 'custom groups', 'custom:gr\u00fcppen', 'a\u0000', '/groups', 1, ['custom:groups'], {}]) {
      invalid({ groupsClaim }, /groupsClaim/);
    }
  });

  it('takes accessRules as { path, groups } objects with publicPaths globs, in order', () => {
    const { accessRules } = parseConfig(
      baseConfig({
        accessRules: [
          { path: '/finance/reports/*', groups: ['leadership'] },
          { groups: ['finance', 'leadership'], path: '/finance/*' },
          { path: '/board.html', groups: ['board'] },
        ],
      }),
    );
    assert.equal(accessRules.length, 3);
    assert.deepEqual([...accessRules[1].groups], ['finance', 'leadership']);
    assert.ok(accessRules[0].match.test('/finance/reports/q3.html'));
    assert.ok(!accessRules[0].match.test('/finance/q3.html'));
    assert.ok(accessRules[1].match.test('/finance/a/b.html'));
    assert.ok(!accessRules[1].match.test('/financial.html'));
    assert.ok(accessRules[2].match.test('/board.html') && !accessRules[2].match.test('/board.html.bak'));
    for (const accessRules of [
      { path: '/finance/*', groups: ['finance'] },
      '/finance/*',
      ['/finance/*'],
      [null],
      [['/finance/*', ['finance']]],
      [{}],
      [{ path: '/finance/*' }],
      [{ groups: ['finance'] }],
      [{ path: 'finance/*', groups: ['finance'] }],
      [{ path: '//finance/*', groups: ['finance'] }],
      [{ path: '', groups: ['finance'] }],
      [{ path: ['/finance/*'], groups: ['finance'] }],
      [{ path: '/finance/*', groups: [] }],
      [{ path: '/finance/*', groups: [''] }],
      [{ path: '/finance/*', groups: 'finance' }],
      [{ path: '/finance/*', groups: [1] }],
      [{ path: '/finance/*', groups: ['finance'], group: 'leadership' }],
      [{ path: '/a/*', groups: ['a'] }, { path: '/b/*' }],
    ]) {
      invalid({ accessRules }, /accessRules/);
    }
  });

  it('names the malformed access rule', () => {
    invalid({ accessRules: [{ path: '/a/*', groups: ['a'] }, { path: '/b/*', groups: [] }] }, /accessRules\[1\]/);
  });

  it('takes forbiddenPage as the path of a file', () => {
    assert.equal(parseConfig(baseConfig({ forbiddenPage: '/403.html' })).forbiddenPage, '/403.html');
    assert.equal(parseConfig(baseConfig({ forbiddenPage: '/errors/no-access.v2.html' })).forbiddenPage, '/errors/no-access.v2.html');
    for (const forbiddenPage of [
      '403.html',
      '/403',
      '/',
      '/errors/',
      '/403.',
      '/../403.html',
      '/errors/./403.html',
      '/.hidden/403.html',
      '//evil.example/403.html',
      'https://evil.example/403.html',
      '/403.html?x=1',
      '/403.html#top',
      '/no access.html',
      '/%34%30%33.html',
      '/a\\403.html',
      '',
      1,
      ['/403.html'],
    ]) {
      invalid({ forbiddenPage }, /forbiddenPage/);
    }
  });

  it('rejects a config that is not an object', () => {
    for (const raw of [null, [], 'config', 1]) assert.throws(() => parseConfig(raw), ConfigError);
  });

  it('ignores unknown fields', () => {
    assert.equal(parseConfig(baseConfig({ region: 'eu-west-1' })).region, undefined);
  });
});
