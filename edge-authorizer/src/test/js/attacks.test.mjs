import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { describe, it } from 'node:test';
import { sealState } from '../../main/js/cookies.mjs';
import { API_REQUEST, BROWSER_NAVIGATION, requestOf, viewerRequest } from './fixtures/cloudfront.mjs';
import {
  ISSUER,
  NOW_S,
  attackerKey,
  ecKey,
  federatedClaims,
  hmacToken,
  idClaims,
  jwkOf,
  jwks,
  mintToken,
  rawToken,
  signingKey,
} from './fixtures/tokens.mjs';
import {
  COOKIE_SECRET,
  assertForwarded,
  assertStatus,
  callbackEvent,
  decodeState,
  headerOf,
  setCookies,
  setup,
  startLogin,
} from './helpers.mjs';

const secretKey = Buffer.from(COOKIE_SECRET, 'base64');

/** Sends the token as the session cookie of an API request; a rejected token yields 401. */
async function assertRejected(token, config) {
  const { handle, calls } = setup({ config });
  const event = viewerRequest({ uri: '/secret.html', headers: API_REQUEST, cookies: `__Host-edgesite_id_token=${token}` });
  const result = await handle(event);
  assert.notEqual(result, requestOf(event), 'token was accepted');
  assertStatus(result, 401);
  assert.equal(calls.length, 0);
}

async function assertAccepted(token, config) {
  const { handle } = setup({ config });
  const event = viewerRequest({ uri: '/secret.html', headers: API_REQUEST, cookies: `__Host-edgesite_id_token=${token}` });
  assertForwarded(await handle(event), event);
}

describe('forged and invalid ID tokens', () => {
  it('accepts the untouched control token', () => assertAccepted(mintToken()));

  it('rejects a token signed by a key outside the JWKS', () =>
    assertRejected(mintToken({}, { privateKey: attackerKey.privateKey })));

  it('rejects a tampered payload', async () => {
    const [header, , signature] = mintToken().split('.');
    const payload = Buffer.from(JSON.stringify(idClaims({ 'cognito:groups': ['admins'] }))).toString('base64url');
    await assertRejected(`${header}.${payload}.${signature}`, { allowedGroups: ['admins'] });
  });

  it('rejects a tampered header', async () => {
    const [, payload, signature] = mintToken().split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'key-2' })).toString('base64url');
    await assertRejected(`${header}.${payload}.${signature}`);
  });

  it('rejects a truncated or padded signature', async () => {
    const token = mintToken();
    await assertRejected(token.slice(0, -2));
    await assertRejected(`${token}AA`);
  });

  it('rejects expired and not-yet-valid tokens', async () => {
    await assertRejected(mintToken({ exp: NOW_S - 61 }));
    await assertRejected(mintToken({ nbf: NOW_S + 120 }));
    await assertRejected(mintToken({ iat: NOW_S + 120, exp: NOW_S + 3720 }));
  });

  it('rejects a token without a numeric exp, nbf or iat', async () => {
    await assertRejected(mintToken({ exp: undefined }));
    await assertRejected(mintToken({ exp: String(NOW_S + 3600) }));
    await assertRejected(mintToken({ nbf: 'yesterday' }));
    await assertRejected(mintToken({ iat: null }));
  });

  it('rejects a wrong issuer, including near misses', async () => {
    await assertRejected(mintToken({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }));
    await assertRejected(mintToken({ iss: `${ISSUER}/` }));
    await assertRejected(mintToken({ iss: ISSUER.toUpperCase() }));
    await assertRejected(mintToken({ iss: undefined }));
  });

  it('rejects a wrong audience', async () => {
    await assertRejected(mintToken({ aud: 'another-client' }));
    await assertRejected(mintToken({ aud: undefined }));
    await assertRejected(mintToken({ aud: ['another-client', idClaims().aud] }));
    await assertAccepted(mintToken({ aud: [idClaims().aud] }));
  });

  it('rejects an access token used as an ID token', async () => {
    await assertRejected(mintToken({ token_use: 'access', aud: undefined, client_id: idClaims().aud }));
    await assertRejected(mintToken({ token_use: 'access' }));
    await assertRejected(mintToken({ token_use: undefined }));
  });

  it('rejects alg none', async () => {
    await assertRejected(rawToken({ alg: 'none', kid: 'key-1' }, idClaims()));
    await assertRejected(rawToken({ alg: 'none', kid: 'key-1' }, idClaims(), 'AAAA'));
    await assertRejected(rawToken({ alg: 'None', kid: 'key-1' }, idClaims(), 'AAAA'));
    await assertRejected(rawToken({ kid: 'key-1' }, idClaims(), 'AAAA'));
  });

  it('rejects HS256 signed with the public key (algorithm confusion)', async () => {
    const pem = signingKey.publicKey.export({ type: 'spki', format: 'pem' });
    await assertRejected(hmacToken(pem));
    await assertRejected(hmacToken(signingKey.publicKey.export({ type: 'pkcs1', format: 'der' })));
    await assertRejected(hmacToken(JSON.stringify(jwks.keys[0])));
    await assertRejected(hmacToken(pem, {}, { alg: 'HS512' }));
  });

  it('rejects any algorithm other than RS256, even with a valid RSA signature', async () => {
    for (const alg of ['RS384', 'RS512', 'PS256', 'rs256']) {
      const input = `${Buffer.from(JSON.stringify({ alg, kid: 'key-1' })).toString('base64url')}.${Buffer.from(JSON.stringify(idClaims())).toString('base64url')}`;
      await assertRejected(`${input}.${sign('RSA-SHA256', Buffer.from(input), signingKey.privateKey).toString('base64url')}`);
    }
  });

  it('rejects kid tricks', async () => {
    await assertRejected(mintToken({}, { header: { kid: 'key-9' } }));
    await assertRejected(mintToken({}, { header: { kid: undefined } }));
    await assertRejected(mintToken({}, { header: { kid: '' } }));
    await assertRejected(mintToken({}, { header: { kid: '../../key-1' } }));
    await assertRejected(mintToken({}, { header: { kid: 'key-1/../key-1' } }));
    await assertRejected(mintToken({}, { header: { kid: '__proto__' } }));
    await assertRejected(mintToken({}, { header: { kid: 'constructor' } }));
    await assertRejected(mintToken({}, { header: { kid: ['key-1'] } }));
    await assertRejected(mintToken({}, { header: { kid: { toString: 'key-1' } } }));
    await assertRejected(mintToken({}, { header: { jku: 'https://evil.example/jwks.json', kid: 'evil' } }));
  });

  it('ignores non-RSA and non-signing keys in the JWKS', async () => {
    const config = {
      jwks: {
        keys: [
          jwkOf(ecKey, { kid: 'ec-1', alg: 'ES256', use: 'sig' }),
          jwkOf(attackerKey, { kid: 'enc-1', alg: 'RS256', use: 'enc' }),
          jwkOf(attackerKey, { kid: 'ps-1', alg: 'PS256', use: 'sig' }),
          { kty: 'oct', kid: 'oct-1', k: Buffer.from('secret').toString('base64url') },
          ...jwks.keys,
        ],
      },
    };
    const ecInput = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'ec-1' })).toString('base64url')}.${Buffer.from(JSON.stringify(idClaims())).toString('base64url')}`;
    await assertRejected(`${ecInput}.${sign('SHA256', Buffer.from(ecInput), { key: ecKey.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`, config);
    await assertRejected(mintToken({}, { header: { kid: 'ec-1' } }), config);
    await assertRejected(mintToken({}, { header: { kid: 'enc-1' }, privateKey: attackerKey.privateKey }), config);
    await assertRejected(mintToken({}, { header: { kid: 'ps-1' }, privateKey: attackerKey.privateKey }), config);
    await assertRejected(hmacToken('secret', {}, { kid: 'oct-1' }), config);
    await assertAccepted(mintToken(), config);
  });

  it('rejects malformed token shapes', async () => {
    const [h, p, s] = mintToken().split('.');
    for (const token of [
      `${h}.${p}`,
      `${h}.${p}.${s}.${s}`,
      `${h}..${s}`,
      `.${p}.${s}`,
      `${h}.${p}.`,
      `${h}.${p}.${s}=`,
      `${h}.${p}+.${s}`,
      `${Buffer.from('{"alg":"RS256","kid":"key-1"').toString('base64url')}.${p}.${s}`,
      `${Buffer.from('["RS256"]').toString('base64url')}.${p}.${s}`,
      mintToken({}, { header: { crit: ['exp'] } }),
      'not-a-jwt',
    ]) {
      await assertRejected(token);
    }
  });

  it('rejects a correctly signed token with a non-object payload', async () => {
    for (const payload of ['null', '[1]', '"x"', '{"iss":']) {
      const input = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'key-1' })).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
      await assertRejected(`${input}.${sign('RSA-SHA256', Buffer.from(input), signingKey.privateKey).toString('base64url')}`);
    }
  });

  it('rejects a correctly signed token over 8 KB', async () => {
    const token = mintToken({ padding: 'p'.repeat(6200) });
    assert.ok(token.length > 8192);
    await assertRejected(token);
  });
});

describe('e-mail domain look-alikes (Unicode case folding)', () => {
  const check = async (email, allowedEmailDomains) => {
    const { handle } = setup({ config: { allowedEmailDomains } });
    const event = viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies: `__Host-edgesite_id_token=${mintToken({ email })}` });
    const result = await handle(event);
    return result === requestOf(event) ? 'pass' : result.status;
  };

  it('compares e-mail domains in ASCII only, so no Unicode folding makes a foreign domain match', async () => {
    const domains = ['bank.example', 'info.example', 'site.example', 'example.com'];
    assert.equal(await check('alice@bank.example', domains), 'pass');
    assert.equal(await check('alice@BANK.Example', domains), 'pass', 'ASCII letters still compare case-insensitively');
    for (const email of [
      'alice@ban\u212a.example', // KELVIN SIGN, lower-cases to k
      'alice@\u0130nfo.example', // LATIN CAPITAL I WITH DOT ABOVE
      'alice@\u0131nfo.example', // LATIN SMALL DOTLESS I, upper-cases to I
      'alice@\u017fite.example', // LATIN SMALL LONG S, upper-cases to S
      'alice@\uff45xample.com', // FULLWIDTH e
      'alice@\uff25XAMPLE.COM', // FULLWIDTH E
      'alice@example.co\u1d0d', // LATIN LETTER SMALL CAPITAL M
      'alice@e\u0301xample.com', // combining accent
    ]) {
      assert.equal(await check(email, domains), '403', JSON.stringify(email));
    }
  });
});

describe('access rules: other spellings of a ruled path', () => {
  const config = {
    allowedGroups: ['staff'],
    accessRules: [
      { path: '/finance/*', groups: ['finance'] },
      { path: '/c++/*', groups: ['finance'] },
    ],
  };
  const send = async (uri, groups, headers = BROWSER_NAVIGATION) => {
    const { handle, calls } = setup({ config });
    const cookies = groups && `__Host-edgesite_id_token=${mintToken({ 'cognito:groups': groups })}`;
    const event = viewerRequest({ uri, headers, cookies });
    const result = await handle(event);
    assert.equal(calls.length, 0);
    return result === requestOf(event) ? 'forwarded' : result.status;
  };

  // S3 decodes the key once (%2F becomes /), so /finance%2Fq3.html is the object finance/q3.html. Such URIs
  // are ambiguous: 400 to everyone, members included, signed in or not; never forwarded.
  const ambiguous = [
    '/finance%2Fq3.html',
    '/finance%2fq3.html',
    '/finance%5Cq3.html',
    '/finance%5cq3.html',
    '/finance\\q3.html',
    '/finance%252Fq3.html',
    '/finance%25252Fq3.html',
    '/finance%252fq3.html',
    '/finance/%252e%252e/q3.html',
    '/x/../finance/q3.html',
    '/x/./../finance/q3.html',
    '/x/%2e%2e/finance/q3.html',
    '/x/%2E%2E/finance/q3.html',
    '/x/.%2e/finance/q3.html',
    '/x/..%2Ffinance/q3.html',
    '/x/%2e%2e%2ffinance/q3.html',
    '/./finance/q3.html',
    '/%2e/finance/q3.html',
    '/finance/./q3.html',
    '/finance/..',
    '/finance%00/q3.html',
    '/finance/q3.html%00.png',
    '/finance%0a/q3.html',
    '/finance%0D%0Aq3.html',
    '/finance%7f/q3.html',
    '/finance/%zz.html',
    '/finance/%E0%A4%A.html',
    '/finance/%C0%AF.html',
    '/finance/%ED%A0%80.html',
    '/finance%',
  ];

  it('answers 400 to ambiguous URIs, never forwarding them', async () => {
    for (const uri of ambiguous) {
      for (const groups of [['staff'], ['finance'], undefined]) {
        assert.equal(await send(uri, groups), '400', `${uri} ${groups}`);
      }
    }
  });

  it('decides on the decoded path', async () => {
    for (const uri of ['/%66inance/q3.html', '/fin%61nce/q3.html', '/finance/%71%33.html', '/%66%69%6E%61%6E%63%65/q3.html']) {
      assert.equal(await send(uri, ['staff']), '403', uri);
      assert.equal(await send(uri, ['finance']), 'forwarded', uri);
    }
  });

  it('decides on the space S3 reads a + as, too', async () => {
    // S3 serves /c++/x.html as the key "c  /x.html", which no rule covers: only allowedGroups may read it.
    assert.equal(await send('/c++/x.html', ['finance']), '403');
    assert.equal(await send('/c++/x.html', ['finance', 'staff']), 'forwarded');
    assert.equal(await send('/c%2B%2B/x.html', ['finance']), 'forwarded', 'an encoded + is a +');
    assert.equal(await send('/c%20%20/x.html', ['finance']), '403');
  });

  it('does not let a path that merely looks like the rule in', async () => {
    for (const uri of ['/Finance/q3.html', '/financial/q3.html', '/x/finance/q3.html', '//finance/q3.html', '/finance']) {
      assert.equal(await send(uri, ['staff']), 'forwarded', `${uri} is another S3 key, outside the rule`);
    }
  });

  it('cannot be satisfied by groups of the wrong type or with prototype names', async () => {
    for (const groups of ['finance', { 0: 'finance', length: 1 }, ['__proto__', 'constructor', 'hasOwnProperty', 'toString']]) {
      const { handle } = setup({ config });
      const cookies = `__Host-edgesite_id_token=${mintToken({ 'cognito:groups': groups })}`;
      assertStatus(await handle(viewerRequest({ uri: '/finance/q3.html', cookies })), 403);
    }
  });
});

describe('federation: forged provider and group claims', () => {
  const check = async (config, claims) => {
    const { handle } = setup({ config });
    const token = typeof claims === 'string' ? claims : mintToken(claims);
    const event = viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies: `__Host-edgesite_id_token=${token}` });
    const result = await handle(event);
    return result === requestOf(event) ? 'pass' : result.status;
  };

  it('does not let a password user claim provider groups through a writable custom:groups attribute', async () => {
    const config = { identityProviders: ['Okta'], allowedGroups: ['admins'] };
    assert.equal(await check(config, { 'custom:groups': '["admins"]' }), '403');
    assert.equal(await check(config, { 'custom:groups': 'admins' }), '403');
    assert.equal(await check(config, federatedClaims({ groups: 'admins' })), 'pass');
  });

  it('rejects a token whose groups or identities were edited after signing', async () => {
    const [header, , signature] = mintToken(federatedClaims({ groups: 'staff' })).split('.');
    for (const claims of [federatedClaims({ groups: 'admins' }), federatedClaims({ provider: 'Okta', identities: [] })]) {
      const payload = Buffer.from(JSON.stringify(idClaims(claims))).toString('base64url');
      assert.equal(await check({ identityProviders: ['Okta'], allowedGroups: ['admins'] }, `${header}.${payload}.${signature}`), '401');
    }
  });

  it('matches provider names exactly, without prototype look-ups', async () => {
    for (const providerName of ['__proto__', 'constructor', 'toString', 'Okta ', ' Okta', 'OKTA', 'Okta\u0000']) {
      assert.equal(await check({ identityProviders: ['Okta'] }, federatedClaims({ identities: [{ providerName, providerType: 'OIDC' }] })), '403');
    }
  });

  it('does not go straight to a provider unless told to', async () => {
    const { handle } = setup({ config: { identityProviders: ['Okta'] } });
    const response = await handle(viewerRequest({ uri: '/x.html', querystring: 'identity_provider=Evil', headers: BROWSER_NAVIGATION }));
    assert.equal(new URL(headerOf(response, 'location')).searchParams.getAll('identity_provider').length, 0);
  });
});

describe('forbiddenPage: no loop, no leak', () => {
  it("fetches the page without the user's cookies and is itself never forbidden", async () => {
    const calls = [];
    const fetch = async (url, init) => {
      calls.push({ url: String(url), init });
      return new Response('<h1>No</h1>', { headers: { 'content-type': 'text/html' } });
    };
    const config = { accessRules: [{ path: '/*', groups: ['x'] }], forbiddenPage: '/403.html' };
    const { handle } = setup({ config, fetch });
    const session = `__Host-edgesite_id_token=${mintToken()}; __Host-edgesite_refresh_token=r-secret; other=1`;
    const result = await handle(viewerRequest({ uri: '/secret.html', headers: BROWSER_NAVIGATION, cookies: session }));
    assertStatus(result, 403);
    assert.equal(calls.length, 1);
    assert.ok(!JSON.stringify(calls[0].init ?? {}).includes('r-secret'));
    const sub = viewerRequest({ uri: '/403.html', headers: BROWSER_NAVIGATION });
    assert.equal(await handle(sub), requestOf(sub), 'the sub-request goes through without a session');
  });
});

describe('malformed and hostile cookies', () => {
  const send = async (cookies, extra = {}) => {
    const { handle, calls } = setup();
    const event = viewerRequest({ uri: '/secret.html', headers: API_REQUEST, cookies, ...extra });
    const result = await handle(event);
    return { result, forwarded: result === requestOf(event), calls };
  };

  it('treats unparseable session cookies as no session', async () => {
    for (const cookies of [
      '__Host-edgesite_id_token',
      '__Host-edgesite_id_token=',
      '__Host-edgesite_id_token="abc.def.ghi"',
      `__Host-edgesite_id_token="${mintToken()}"`,
      '__Host-edgesite_id_token=%E0%A4%A.%zz.%',
      '__Host-edgesite_id_token=a b.c',
      `__Host-edgesite_id_token=${mintToken()}\\`,
      ';;;=;=x;__Host-edgesite_id_token==',
      `__Host-edgesite_id_token=${'A'.repeat(100_000)}`,
    ]) {
      const { result } = await send(cookies);
      assertStatus(result, 401);
    }
  });

  it('survives a huge Cookie header and still finds the session cookie', async () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `c${i}=${'v'.repeat(30)}`).join('; ');
    const { forwarded, result } = await send(`${filler}; __Host-edgesite_id_token=${mintToken()}`);
    assert.ok(forwarded);
    assert.equal(result.headers.cookie[0].value, filler);
  });

  it('never picks one of two different session cookies', async () => {
    assert.ok(!(await send([`__Host-edgesite_id_token=${mintToken()}`, '__Host-edgesite_id_token=forged'])).forwarded);
    assert.ok(!(await send(['__Host-edgesite_id_token=forged', `__Host-edgesite_id_token=${mintToken()}`])).forwarded);
    assert.ok(!(await send([`__Host-edgesite_id_token=${'A'.repeat(9000)}; __Host-edgesite_id_token=${mintToken()}`])).forwarded);
  });

  it('does not send an oversized refresh token to the token endpoint', async () => {
    const { result, calls } = await send(`__Host-edgesite_refresh_token=${'r'.repeat(9000)}`);
    assertStatus(result, 401);
    assert.equal(calls.length, 0);
    assert.equal(setCookies(result).get('__Host-edgesite_refresh_token').attrs['Max-Age'], '0');
  });

  it('ignores cookie headers of the wrong shape', async () => {
    for (const cookie of ['__Host-edgesite_id_token=x', [{ key: 'Cookie' }], [null], [{ value: 42 }], {}]) {
      const { handle } = setup();
      const event = viewerRequest({ uri: '/x.html', headers: API_REQUEST });
      requestOf(event).headers.cookie = cookie;
      assertStatus(await handle(event), 401);
    }
  });
});

describe('refresh only for a merely expired session', () => {
  const expiredClaims = { iat: NOW_S - 7200, exp: NOW_S - 3600 };
  const renewed = () => ({ body: { id_token: mintToken(), refresh_token: 'r-new' } });

  /** Sends the ID-token cookie (if any) with a refresh token cookie, three times; returns the token endpoint calls. */
  async function refreshCalls(idToken, { config, times = 3 } = {}) {
    const { handle, calls } = setup({ config, respond: renewed });
    for (let i = 0; i < times; i++) {
      const cookies = `${idToken === undefined ? '' : `__Host-edgesite_id_token=${idToken}; `}__Host-edgesite_refresh_token=r-1`;
      const result = await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies }));
      if (!calls.length) assertStatus(result, 401);
    }
    return calls.length;
  }

  it('calls the token endpoint once for a validly signed, merely expired ID token', async () => {
    assert.equal(await refreshCalls(mintToken(expiredClaims), { times: 1 }), 1);
    assert.equal(await refreshCalls(mintToken({ iat: NOW_S - 120 - 30 * 86400, exp: NOW_S - 30 * 86400 + 60 }), { times: 1 }), 1);
  });

  it('never calls Cognito for an absent, junk, foreign or forged ID token', async () => {
    const header = (h) => Buffer.from(JSON.stringify(h)).toString('base64url');
    const expired = mintToken(expiredClaims);
    const [, payload, signature] = expired.split('.');
    for (const [what, token] of [
      ['absent', undefined],
      ['empty', ''],
      ['junk', 'junk'],
      ['junk JWT shape', 'a.b.c'],
      ['other issuer', mintToken({ ...expiredClaims, iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' })],
      ['other audience', mintToken({ ...expiredClaims, aud: 'another-client' })],
      ['access token', mintToken({ ...expiredClaims, token_use: 'access' })],
      ['key outside the JWKS', mintToken(expiredClaims, { privateKey: attackerKey.privateKey })],
      ['unknown kid', mintToken(expiredClaims, { header: { kid: 'key-9' } })],
      ['alg none', rawToken({ alg: 'none', kid: 'key-1' }, idClaims(expiredClaims))],
      ['HS256 with the public key', hmacToken(signingKey.publicKey.export({ type: 'spki', format: 'pem' }), expiredClaims)],
      ['tampered payload', `${header({ alg: 'RS256', kid: 'key-1' })}.${Buffer.from(JSON.stringify(idClaims({ exp: NOW_S - 30 }))).toString('base64url')}.${signature}`],
      ['tampered signature', `${expired.split('.')[0]}.${payload}.${signature.slice(0, -4)}AAAA`],
      ['no exp', mintToken({ ...expiredClaims, exp: undefined })],
      ['expired over 30 days ago', mintToken({ iat: NOW_S - 31 * 86400 - 3600, exp: NOW_S - 31 * 86400 })],
    ]) {
      assert.equal(await refreshCalls(token), 0, what);
    }
  });

  it('never refreshes with the old unprefixed ID-token cookie or one of two ID tokens', async () => {
    const { handle, calls } = setup({ respond: renewed });
    const expired = mintToken(expiredClaims);
    for (const cookies of [
      `edgesite_id_token=${expired}; __Host-edgesite_refresh_token=r-1`,
      `edgesite_id_token=${expired}; edgesite_refresh_token=r-1`,
      [`__Host-edgesite_id_token=${expired}; __Host-edgesite_refresh_token=r-1`, `__Host-edgesite_id_token=${mintToken({ ...expiredClaims, sub: 'other' })}`],
    ]) {
      assertStatus(await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies })), 401);
    }
    assert.equal(calls.length, 0);
  });

  it('refuses renewed tokens of another user than the expired session', async () => {
    const { handle, calls } = setup({ respond: () => ({ body: { id_token: mintToken({ sub: 'mallory' }) } }) });
    const cookies = `__Host-edgesite_id_token=${mintToken(expiredClaims)}; __Host-edgesite_refresh_token=r-1`;
    const result = await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies }));
    assert.equal(calls.length, 1);
    assertStatus(result, 401);
    assert.equal(setCookies(result).get('__Host-edgesite_id_token').attrs['Max-Age'], '0');
  });
});

describe('callback attacks', () => {
  const tokens = () => ({ body: { id_token: mintToken(), refresh_token: 'r' } });

  async function callbackWith(eventFor, { advance = 0 } = {}) {
    const ctx = setup({ respond: tokens });
    const login = await startLogin(ctx.handle);
    ctx.clock.now += advance;
    const result = await ctx.handle(eventFor(login));
    return { ...ctx, login, result };
  }

  async function assertRefused(eventFor, options) {
    const { result, calls } = await callbackWith(eventFor, options);
    assertStatus(result, 400);
    assert.equal(calls.length, 0, 'no token request may be made');
    assert.equal(setCookies(result).get('__Host-edgesite_id_token'), undefined);
  }

  const tamper = (cookie, i) => {
    const c = cookie[i] === 'A' ? 'B' : 'A';
    return cookie.slice(0, i) + c + cookie.slice(i + 1);
  };

  const CLEARED_STATE = { value: '', attrs: { Path: '/', 'Max-Age': '0', HttpOnly: true, Secure: true, SameSite: 'Lax' } };

  it('binds the login to the browser that started it: without its state cookie, or with another, 400 and no token request', async () => {
    const ctx = setup({ respond: tokens });
    const victim = await startLogin(ctx.handle);
    const attacker = await startLogin(ctx.handle);
    for (const event of [
      callbackEvent({ state: attacker.state }), // the attacker's callback URL opened in a browser without a login in flight
      callbackEvent({ state: attacker.state, stateCookie: victim.stateCookie }), // ... or with one of its own
      callbackEvent({ state: victim.state, stateCookie: attacker.stateCookie }),
      callbackEvent({ state: victim.state, cookies: `edgesite_state=${victim.stateCookie}` }), // the old cookie name
    ]) {
      const result = await ctx.handle(event);
      assertStatus(result, 400);
      assert.deepEqual(setCookies(result).get('__Host-edgesite_state'), CLEARED_STATE);
    }
    assert.equal(ctx.calls.length, 0);
  });

  it('clears the state cookie at Path=/ on every callback answer, so a state serves one exchange only', async () => {
    const cases = [
      [tokens, 302],
      [() => ({ status: 400, body: { error: 'invalid_grant' } }), 400],
      [() => ({ body: { id_token: mintToken({ 'cognito:groups': [] }) } }), 403, { allowedGroups: ['admins'] }],
      [() => ({ body: { id_token: mintToken({ padding: 'p'.repeat(3500) }) } }), 500],
    ];
    for (const [respond, status, config] of cases) {
      const ctx = setup({ respond, config });
      const login = await startLogin(ctx.handle);
      const result = await ctx.handle(callbackEvent({ state: login.state, stateCookie: login.stateCookie }));
      assertStatus(result, status);
      assert.deepEqual(setCookies(result).get('__Host-edgesite_state'), CLEARED_STATE, String(status));
    }
  });

  it('clears the state cookie even when the callback fails unexpectedly', async () => {
    const { createHandler } = await import('../../main/js/authorizer.mjs');
    const { baseConfig } = await import('./helpers.mjs');
    const handle = createHandler(baseConfig(), {
      now: () => {
        throw new RangeError('clock broke');
      },
    });
    const stateCookie = sealState({ s: 'st', v: 'verifier', p: '/', e: NOW_S + 300 }, secretKey);
    const result = await handle(callbackEvent({ state: 'st', stateCookie }));
    assertStatus(result, 500);
    assert.deepEqual(setCookies(result).get('__Host-edgesite_state'), CLEARED_STATE);
  });

  it('refuses a state cookie whose payload or MAC was altered', async () => {
    await assertRefused(({ state, stateCookie }) => callbackEvent({ state, stateCookie: tamper(stateCookie, 5) }));
    await assertRefused(({ state, stateCookie }) => callbackEvent({ state, stateCookie: tamper(stateCookie, stateCookie.length - 3) }));
    await assertRefused(({ state, stateCookie }) => callbackEvent({ state, stateCookie: stateCookie.split('.')[0] }));
    await assertRefused(({ state, stateCookie }) => callbackEvent({ state, stateCookie: `${stateCookie}.x` }));
  });

  it('refuses a state cookie re-sealed by an attacker with their own redirect target', async () => {
    await assertRefused(({ state, stateCookie }) => {
      const saved = { ...decodeState(stateCookie), p: '//evil.example/' };
      const body = Buffer.from(JSON.stringify(saved)).toString('base64url');
      return callbackEvent({ state, stateCookie: `${body}.${stateCookie.split('.')[1]}` });
    });
    await assertRefused(({ state, stateCookie }) =>
      callbackEvent({ state, stateCookie: sealState(decodeState(stateCookie), Buffer.alloc(32, 1)) }),
    );
  });

  it('refuses a state cookie from another login attempt', async () => {
    const ctx = setup({ respond: tokens });
    const first = await startLogin(ctx.handle);
    const second = await startLogin(ctx.handle);
    assertStatus(await ctx.handle(callbackEvent({ state: first.state, stateCookie: second.stateCookie })), 400);
    assert.equal(ctx.calls.length, 0);
  });

  it('refuses sealed states of the wrong shape', async () => {
    for (const saved of [{}, { s: 'x', v: 'y', p: '/' }, { s: 'x', v: 1, p: '/', e: NOW_S + 60 }, [], null]) {
      await assertRefused(() => callbackEvent({ state: 'x', stateCookie: sealState(saved, secretKey) }));
    }
  });

  it('refuses an expired state', () =>
    assertRefused(({ state, stateCookie }) => callbackEvent({ state, stateCookie }), { advance: 600_000 }));

  it('refuses a replayed callback once the state cookie has been used', async () => {
    const { handle, login, result, calls } = await callbackWith(({ state, stateCookie }) =>
      callbackEvent({ state, stateCookie }),
    );
    assertStatus(result, 302);
    assert.equal(setCookies(result).get('__Host-edgesite_state').attrs['Max-Age'], '0');
    const replay = await handle(callbackEvent({ state: login.state }));
    assertStatus(replay, 400);
    assert.equal(calls.length, 1);
  });

  it('refuses a state parameter crafted as a redirect', async () => {
    for (const state of ['//evil.example', 'https://evil.example/', '/\\evil.example', '']) {
      await assertRefused(({ stateCookie }) => callbackEvent({ state, stateCookie }));
    }
  });

  it('refuses codes with control characters or absurd length', async () => {
    await assertRefused(({ state, stateCookie }) => callbackEvent({ code: 'a\r\nb', state, stateCookie }));
    await assertRefused(({ state, stateCookie }) => callbackEvent({ code: 'c'.repeat(3000), state, stateCookie }));
    await assertRefused(({ state, stateCookie }) => callbackEvent({ code: '', state, stateCookie }));
  });

  it('never redirects off-site from a stored target', async () => {
    const targets = {
      '//evil.example/': '/',
      '/\\evil.example': '/',
      '/\\/evil.example': '/',
      '\\\\evil.example': '/',
      '/%2F%2Fevil.example': '/',
      '/%2fevil.example': '/',
      '/%5Cevil.example': '/',
      'https://evil.example/': '/',
      'javascript:alert(1)': '/',
      'evil.example': '/',
      '/\t/evil.example': '/',
      '/\n/evil.example': '/',
      '/x\r\nSet-Cookie: a=b': '/',
      ' /x': '/',
      '/caf\u00e9': '/',
      '/x#frag': '/',
      '': '/',
      '/ok/page.html?next=%2F%2Fevil.example': '/ok/page.html?next=%2F%2Fevil.example',
      '/a//b': '/a//b',
    };
    for (const [p, expected] of Object.entries(targets)) {
      const ctx = setup({ respond: tokens });
      const stateCookie = sealState({ s: 'st', v: 'verifier', p, e: NOW_S + 300 }, secretKey);
      const result = await ctx.handle(callbackEvent({ state: 'st', stateCookie }));
      assertStatus(result, 302);
      assert.equal(headerOf(result, 'location'), expected, JSON.stringify(p));
    }
    const ctx = setup({ respond: tokens });
    const result = await ctx.handle(callbackEvent({ state: 'st', stateCookie: sealState({ s: 'st', v: 'v', p: 42, e: NOW_S + 300 }, secretKey) }));
    assertStatus(result, 400);
  });

  it('records the request path safely when starting a login from a hostile URL', async () => {
    const { handle } = setup();
    for (const [uri, querystring, expected] of [
      ['//evil.example/', '', '/'],
      ['/\\evil.example', '', '/'],
      ['/%2F%2Fevil.example', '', '/'],
      ['/ok', 'a=%0d%0a', '/ok?a=%0d%0a'],
      ['/ok', 'a=\r\n', '/ok'],
    ]) {
      const login = await startLogin(handle, { uri, querystring });
      assert.equal(decodeState(login.stateCookie).p, expected);
    }
  });
});

describe('malformed events', () => {
  const validRequest = () => requestOf(viewerRequest({ uri: '/x.html', cookies: `__Host-edgesite_id_token=${mintToken()}` }));
  const events = [
    undefined,
    null,
    42,
    'event',
    {},
    { Records: null },
    { Records: [] },
    { Records: [{}] },
    { Records: [{ cf: {} }] },
    { Records: [{ cf: { request: null } }] },
    { Records: [{ cf: { request: { ...validRequest(), uri: undefined } } }] },
    { Records: [{ cf: { request: { ...validRequest(), uri: 42 } } }] },
    { Records: [{ cf: { request: { ...validRequest(), uri: 'https://evil.example/x.html' } } }] },
    { Records: [{ cf: { request: { ...validRequest(), uri: '' } } }] },
    { Records: [{ cf: { request: { ...validRequest(), headers: null } } }] },
    { Records: [{ cf: { request: { ...validRequest(), headers: [] } } }] },
    { Records: [{ cf: { request: { ...validRequest(), method: undefined } } }] },
    { Records: [{ cf: { request: { ...validRequest(), querystring: 7 } } }] },
  ];

  it('answers 400 and never forwards, even with a valid session cookie', async () => {
    const { handle } = setup();
    for (const event of events) {
      const result = await handle(event);
      assertStatus(result, 400);
    }
  });

  it('answers 500 instead of throwing when something unexpected fails', async () => {
    const { createHandler } = await import('../../main/js/authorizer.mjs');
    const { baseConfig } = await import('./helpers.mjs');
    const logs = [];
    const handle = createHandler(baseConfig(), {
      now: () => {
        throw new RangeError('clock broke');
      },
      log: (m) => logs.push(m),
    });
    const event = viewerRequest({ uri: '/x.html', cookies: `__Host-edgesite_id_token=${mintToken()}` });
    assertStatus(await handle(event), 500);
    assert.deepEqual(logs, ['unexpected RangeError']);
  });

  it('handles header entries of unexpected shapes without letting the request through', async () => {
    const { handle } = setup();
    for (const host of [[], [null], [{ value: 1 }], 'site.example.com', null]) {
      const event = viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION });
      requestOf(event).headers.host = host;
      assertStatus(await handle(event), 400);
    }
    for (const mode of [[], [{}], 'navigate']) {
      const event = viewerRequest({ uri: '/x.html', headers: { Accept: 'application/json' } });
      requestOf(event).headers['sec-fetch-mode'] = mode;
      assertStatus(await handle(event), 401);
    }
  });
});

describe('logging', () => {
  it('never logs tokens, codes, verifiers or the cookie secret', async () => {
    const refreshToken = 'refresh-secret-value';
    const idToken = mintToken();
    const { handle, logs } = setup({ respond: () => ({ status: 400, body: { error: 'invalid_grant', id_token: idToken } }) });
    const login = await startLogin(handle);
    await handle(callbackEvent({ code: 'code-secret-value', state: login.state, stateCookie: login.stateCookie }));
    const expired = mintToken({ exp: NOW_S - 3600 });
    await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies: `__Host-edgesite_id_token=${expired}; __Host-edgesite_refresh_token=${refreshToken}` }));
    await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies: `__Host-edgesite_id_token=${mintToken({ exp: 1 })}` }));
    assert.equal(logs.length, 2);
    const text = logs.join('\n');
    for (const secret of [refreshToken, expired.split('.')[2], 'code-secret-value', decodeState(login.stateCookie).v, login.state, COOKIE_SECRET, idToken.split('.')[2]]) {
      assert.ok(!text.includes(secret), 'a secret reached the log');
    }
  });
});
