import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listClaim } from '../../main/js/authorizer.mjs';
import { BROWSER_NAVIGATION, requestOf, viewerRequest } from './fixtures/cloudfront.mjs';
import { NOW_S, POOL_ID, federatedClaims, mintToken } from './fixtures/tokens.mjs';
import { assertStatus, callbackEvent, headerOf, setCookies, setup, startLogin, validCookie } from './helpers.mjs';

const OKTA = { identityProviders: ['Okta'] };

/** 'pass' if a signed-in request with these claims is forwarded, else the response status. */
async function check(config, claims, uri = '/x.html') {
  const { handle } = setup({ config });
  const event = viewerRequest({ uri, headers: BROWSER_NAVIGATION, cookies: validCookie(claims) });
  const result = await handle(event);
  return result === requestOf(event) ? 'pass' : result.status;
}

/** Signs in through the callback with these claims in the ID token; returns the callback's answer. */
async function signIn(config, claims) {
  const { handle } = setup({ config, respond: () => ({ body: { id_token: mintToken(claims), refresh_token: 'r' } }) });
  const login = await startLogin(handle);
  return handle(callbackEvent({ state: login.state, stateCookie: login.stateCookie }));
}

describe('identity_provider on the login redirect', () => {
  const params = async (config) => (await startLogin(setup({ config }).handle)).location.searchParams;

  it('goes straight to the only identity provider when Cognito sign-in is off', async () => {
    assert.equal((await params({ identityProviders: ['Okta'], cognitoLogin: false })).get('identity_provider'), 'Okta');
  });

  it('URL-encodes the provider name', async () => {
    const { location } = await startLogin(setup({ config: { identityProviders: ['Corp SSO&x=1'], cognitoLogin: false } }).handle);
    assert.match(location.search, /&identity_provider=Corp%20SSO%26x%3D1(&|$)/);
    assert.equal(location.searchParams.get('identity_provider'), 'Corp SSO&x=1');
    assert.equal(location.searchParams.get('x'), null);
  });

  it('offers the chooser otherwise: two providers, Cognito sign-in on, or no provider', async () => {
    for (const config of [
      { identityProviders: ['Okta', 'AzureAD'], cognitoLogin: false },
      { identityProviders: ['Okta'], cognitoLogin: true },
      { identityProviders: ['Okta'] },
      {},
    ]) {
      const p = await params(config);
      assert.equal(p.has('identity_provider'), false, JSON.stringify(config));
      assert.equal(p.get('code_challenge_method'), 'S256');
    }
  });
});

describe('federated users', () => {
  it('lets in a user of a configured provider, identities as an array or a JSON string, OIDC or SAML', async () => {
    assert.equal(await check(OKTA, federatedClaims()), 'pass');
    assert.equal(await check(OKTA, federatedClaims({ asString: true })), 'pass');
    const saml = { identityProviders: ['Okta', 'AzureAD'] };
    assert.equal(await check(saml, federatedClaims({ provider: 'AzureAD', type: 'SAML', asString: true })), 'pass');
  });

  it('refuses a provider that is not configured (one added by hand in the console), by default too', async () => {
    assert.equal(await check({}, federatedClaims({ provider: 'Google', type: 'Google' })), '403');
    assert.equal(await check(OKTA, federatedClaims({ provider: 'Google', type: 'Google' })), '403');
    assert.equal(await check(OKTA, federatedClaims({ provider: 'okta' })), '403', 'provider names are case-sensitive');
    const linked = federatedClaims();
    linked.identities = [...linked.identities, { ...linked.identities[0], providerName: 'Google', primary: 'false' }];
    assert.equal(await check(OKTA, linked), '403', 'every linked identity must be a configured provider');
  });

  it('fails closed on a malformed identities claim', async () => {
    for (const identities of [
      null,
      42,
      true,
      '',
      'Okta',
      'not json',
      '[{"providerName":"Okta"}',
      '{"providerName":"Okta"}',
      '[]',
      [],
      {},
      { providerName: 'Okta' },
      [null],
      ['Okta'],
      [{}],
      [{ providerName: 1 }],
      [{ providerName: ['Okta'] }],
      [{ providername: 'Okta' }],
      [{ providerName: 'Okta' }, null],
    ]) {
      assert.equal(await check(OKTA, federatedClaims({ identities })), '403', JSON.stringify(identities));
    }
  });

  it('lets Cognito password users in unless cognitoLogin is false', async () => {
    assert.equal(await check(OKTA, {}), 'pass');
    assert.equal(await check({}, {}), 'pass');
    const federatedOnly = { identityProviders: ['Okta'], cognitoLogin: false };
    assert.equal(await check(federatedOnly, {}), '403');
    assert.equal(await check(federatedOnly, federatedClaims()), 'pass');
  });

  it('still applies allowedEmailDomains to federated users', async () => {
    const config = { ...OKTA, allowedEmailDomains: ['example.com'] };
    assert.equal(await check(config, federatedClaims({ email: 'bob@example.com', email_verified: 'true' })), 'pass');
    assert.equal(await check(config, federatedClaims({ email: 'bob@example.com', email_verified: 'false' })), '403');
    assert.equal(await check(config, federatedClaims({ email: 'bob@other.example' })), '403');
  });

  it('refuses at sign-in a user of an unconfigured provider or a password user without Cognito sign-in, without a session', async () => {
    for (const [config, claims] of [
      [OKTA, federatedClaims({ provider: 'Google' })],
      [{ identityProviders: ['Okta'], cognitoLogin: false }, {}],
      [OKTA, federatedClaims({ identities: '[{' })],
    ]) {
      const result = await signIn(config, claims);
      assertStatus(result, 403);
      assert.deepEqual([...setCookies(result).keys()], ['__Host-edgesite_state']);
    }
    assertStatus(await signIn(OKTA, federatedClaims()), 302);
  });

  it('answers a signed-in user of an unconfigured provider 403 with sign-out, never a login redirect', async () => {
    const { handle, calls } = setup({ config: OKTA });
    const cookies = `${validCookie(federatedClaims({ provider: 'Google' }))}; __Host-edgesite_refresh_token=r`;
    const result = await handle(viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION, cookies }));
    assertStatus(result, 403);
    assert.equal(headerOf(result, 'location'), undefined);
    assert.match(result.body, /href="\/_edgesite\/signout"/);
    assert.equal(calls.length, 0);
  });

  it('does not renew the session of a user whose provider is no longer configured', async () => {
    const renewed = federatedClaims({ provider: 'Google' });
    const { handle, calls } = setup({ config: OKTA, respond: () => ({ body: { id_token: mintToken(renewed) } }) });
    const expired = validCookie({ ...renewed, iat: NOW_S - 7200, exp: NOW_S - 3600 });
    const result = await handle(viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION, cookies: `${expired}; __Host-edgesite_refresh_token=r` }));
    assert.equal(calls.length, 1);
    assertStatus(result, 403);
    assert.equal(setCookies(result).get('__Host-edgesite_id_token').attrs['Max-Age'], '0');
  });
});

describe('groups from the identity provider', () => {
  const FINANCE = { ...OKTA, allowedGroups: ['finance'] };

  it('counts custom:groups in the forms Cognito stores: JSON array, bracketed multi-value, comma-separated, single', async () => {
    for (const groups of [
      '["staff","finance"]',
      '[ "staff" , "finance" ]',
      '[staff, finance]',
      '[finance]',
      'staff,finance',
      ' staff , finance ',
      'finance',
      '[ finance ]',
    ]) {
      assert.equal(await check(FINANCE, federatedClaims({ groups })), 'pass', groups);
    }
  });

  it('counts a real JSON array in the token', async () => {
    assert.equal(await check(FINANCE, federatedClaims({ groups: ['staff', 'finance'] })), 'pass');
    assert.equal(await check(FINANCE, federatedClaims({ groups: ['staff', 7, null, ' finance '] })), 'pass');
  });

  it('counts no group from a missing, empty, non-string or unparseable claim, and never matches a partial name', async () => {
    for (const groups of [
      undefined,
      '',
      ' , ',
      '[]',
      '[',
      '[finance',
      '["finance"',
      'finance]',
      '"finance"',
      'financeteam',
      'fin ance',
      '[financeteam, staff]',
      42,
      true,
      null,
      { finance: true },
      [['finance']],
    ]) {
      assert.equal(await check(FINANCE, federatedClaims({ groups })), '403', JSON.stringify(groups));
    }
  });

  it('counts cognito:groups as well, including the automatic <poolId>_<provider> group', async () => {
    assert.equal(await check({ ...OKTA, allowedGroups: [`${POOL_ID}_Okta`] }, federatedClaims()), 'pass');
    assert.equal(await check(FINANCE, federatedClaims({ 'cognito:groups': ['finance'] })), 'pass');
    assert.equal(await check(FINANCE, federatedClaims({ 'cognito:groups': undefined, groups: 'finance' })), 'pass');
    assert.equal(await check({ ...OKTA, allowedGroups: [`${POOL_ID}_Google`] }, federatedClaims()), '403');
  });

  it('reads the claim named by groupsClaim', async () => {
    const config = { ...FINANCE, groupsClaim: 'custom:roles' };
    assert.equal(await check(config, federatedClaims({ 'custom:roles': '[finance]' })), 'pass');
    assert.equal(await check(config, federatedClaims({ groups: '[finance]' })), '403');
  });

  it('ignores the groups claim of a Cognito password user, who may be able to write that attribute', async () => {
    assert.equal(await check(FINANCE, { 'custom:groups': 'finance' }), '403');
    assert.equal(await check(FINANCE, { 'custom:groups': 'finance', 'cognito:groups': ['finance'] }), 'pass');
  });

  it('lets a user in through a provider group at sign-in', async () => {
    assertStatus(await signIn(FINANCE, federatedClaims({ groups: '[finance]' })), 302);
    assertStatus(await signIn(FINANCE, federatedClaims({ groups: '[staff]' })), 403);
  });
});

describe('listClaim', () => {
  it('parses the forms Cognito stores a list in', () => {
    assert.deepEqual(listClaim('["a","b c"]'), ['a', 'b c']);
    assert.deepEqual(listClaim('[a, b c]'), ['a', 'b c']);
    assert.deepEqual(listClaim('[12, 34]'), ['12', '34']);
    assert.deepEqual(listClaim('[0b1c-2d, 3e4f]'), ['0b1c-2d', '3e4f']);
    assert.deepEqual(listClaim('a, ,b,'), ['a', 'b']);
    assert.deepEqual(listClaim(' a '), ['a']);
    assert.deepEqual(listClaim(['a', ' b ', '', 1]), ['a', 'b']);
  });

  it('yields nothing for values it cannot read', () => {
    for (const value of [undefined, null, 1, true, {}, '', '[', '[a, b', '["a"', '[]', '[ ]', '[,]']) {
      assert.deepEqual(listClaim(value), [], JSON.stringify(value));
    }
  });
});
