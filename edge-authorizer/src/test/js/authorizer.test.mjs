import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { API_REQUEST, BROWSER_NAVIGATION, requestOf, viewerRequest } from './fixtures/cloudfront.mjs';
import { CLIENT_ID, NOW_S, mintToken } from './fixtures/tokens.mjs';
import {
  CALLBACK,
  SIGN_OUT,
  assertForwarded,
  assertStatus,
  callbackEvent,
  decodeState,
  hangingFetch,
  headerOf,
  setCookies,
  setup,
  startLogin,
  validCookie,
} from './helpers.mjs';

const tokensResponse = (claims, extra = {}) => () => ({
  body: { id_token: mintToken(claims), access_token: 'access', refresh_token: 'refresh-1', expires_in: 3600, token_type: 'Bearer', ...extra },
});

describe('signed-in requests', () => {
  it('forwards a request with a valid ID token unchanged apart from cookies', async () => {
    const { handle, calls } = setup();
    const event = viewerRequest({ uri: '/docs/page.html', querystring: 'a=1', cookies: validCookie() });
    const result = await handle(event);
    assertForwarded(result, event);
    assert.equal(result.uri, '/docs/page.html');
    assert.equal(result.querystring, 'a=1');
    assert.equal(result.headers.cookie, undefined);
    assert.equal(calls.length, 0);
  });

  it('appends index.html to directory paths', async () => {
    const { handle } = setup();
    for (const [uri, expected] of [
      ['/', '/index.html'],
      ['/docs/', '/docs/index.html'],
      ['/docs', '/docs'],
    ]) {
      const result = await handle(viewerRequest({ uri, cookies: validCookie() }));
      assert.equal(result.uri, expected, uri);
    }
  });

  it('serves /index.html for extensionless paths in SPA mode', async () => {
    const { handle } = setup({ config: { spa: true } });
    for (const [uri, expected] of [
      ['/', '/index.html'],
      ['/users/42', '/index.html'],
      ['/users/42/', '/index.html'],
      ['/assets/app.3f2a.js', '/assets/app.3f2a.js'],
      ['/favicon.ico', '/favicon.ico'],
    ]) {
      const result = await handle(viewerRequest({ uri, cookies: validCookie() }));
      assert.equal(result.uri, expected, uri);
    }
  });

  it('removes only our cookies (and the old unprefixed ones) before forwarding, across several Cookie headers', async () => {
    const { handle } = setup();
    const event = viewerRequest({
      uri: '/a.html',
      cookies: [
        `theme=dark; ${validCookie()}; __Host-edgesite_refresh_token=r1`,
        '__Host-edgesite_state=x;lang=en',
        '__Host-edgesite_other=1; edgesite_id_token=old; __Host-other=2',
      ],
    });
    const result = await handle(event);
    assertForwarded(result, event);
    assert.deepEqual(result.headers.cookie, [{ key: 'Cookie', value: 'theme=dark; lang=en; __Host-other=2' }]);
  });

  it('accepts a token signed with any key of the JWKS', async () => {
    const { rotatedKey } = await import('./fixtures/tokens.mjs');
    const { handle } = setup();
    const token = mintToken({}, { header: { kid: 'key-2' }, privateKey: rotatedKey.privateKey });
    const event = viewerRequest({ uri: '/x.html', cookies: `__Host-edgesite_id_token=${token}` });
    assertForwarded(await handle(event), event);
  });

  it('allows at most 60 seconds of clock skew on exp, nbf and iat', async () => {
    const { handle } = setup();
    const cases = [
      [{ exp: NOW_S - 59 }, true],
      [{ exp: NOW_S - 60 }, false],
      [{ nbf: NOW_S + 60 }, true],
      [{ nbf: NOW_S + 61 }, false],
      [{ iat: NOW_S + 60 }, true],
      [{ iat: NOW_S + 61 }, false],
    ];
    for (const [claims, passes] of cases) {
      const event = viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies: validCookie(claims) });
      const result = await handle(event);
      if (passes) assertForwarded(result, event);
      else assertStatus(result, 401);
    }
  });

  it('re-checks expiry of a cached token as the clock moves', async () => {
    const { handle, clock } = setup();
    const cookie = validCookie({ exp: NOW_S + 100 });
    const first = viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies: cookie });
    assertForwarded(await handle(first), first);
    clock.now += 160_000;
    assertStatus(await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies: cookie })), 401);
  });
});

describe('__Host- cookies', () => {
  const HOST_ATTRS = { Path: '/', HttpOnly: true, Secure: true, SameSite: 'Lax' };
  const attrsOf = (cookie) => ({ ...cookie.attrs, 'Max-Age': undefined });

  it('sets the state, session and refresh cookies as __Host- cookies: Secure, HttpOnly, Path=/, SameSite=Lax, no Domain', async () => {
    const { handle } = setup({ config: { callbackPath: '/auth/cb' }, respond: tokensResponse() });
    const login = await startLogin(handle);
    const state = setCookies(login.response).get('__Host-edgesite_state');
    assert.deepEqual(attrsOf(state), { ...HOST_ATTRS, 'Max-Age': undefined });
    assert.ok(Number(state.attrs['Max-Age']) > 0 && Number(state.attrs['Max-Age']) <= 600);
    const result = await handle(callbackEvent({ uri: '/auth/cb', state: login.state, stateCookie: login.stateCookie }));
    assertStatus(result, 302);
    const cookies = setCookies(result);
    assert.deepEqual([...cookies.keys()].sort(), ['__Host-edgesite_id_token', '__Host-edgesite_refresh_token', '__Host-edgesite_state']);
    for (const [name, cookie] of cookies) {
      assert.deepEqual(attrsOf(cookie), { ...HOST_ATTRS, 'Max-Age': undefined }, name);
    }
    assert.equal(cookies.get('__Host-edgesite_state').attrs['Max-Age'], '0');
    for (const { value } of result.headers['set-cookie']) assert.doesNotMatch(value, /;\s*Domain=/i);
  });

  it('clears cookies with the same attributes and Max-Age=0', async () => {
    const { handle } = setup();
    const result = await handle(
      viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION, cookies: `__Host-edgesite_id_token=junk; __Host-edgesite_refresh_token=r` }),
    );
    const cookies = setCookies(result);
    for (const name of ['__Host-edgesite_id_token', '__Host-edgesite_refresh_token']) {
      assert.deepEqual(cookies.get(name), { value: '', attrs: { ...HOST_ATTRS, 'Max-Age': '0' } }, name);
    }
  });

  it('never accepts the old unprefixed cookie names as a session', async () => {
    const { handle, calls } = setup({ respond: tokensResponse() });
    for (const cookies of [
      `edgesite_id_token=${mintToken()}`,
      `edgesite_id_token=${mintToken({ exp: NOW_S - 3600 })}; edgesite_refresh_token=r`,
      `__Host-edgesite_id_token=${mintToken({ exp: NOW_S - 3600 })}; edgesite_refresh_token=r`,
      `__host-edgesite_id_token=${mintToken()}`,
      `__Secure-edgesite_id_token=${mintToken()}`,
    ]) {
      assertStatus(await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies })), 401);
    }
    assert.equal(calls.length, 0);
  });

  it('treats two different values for one session cookie name as signed out, in one header or across headers', async () => {
    const { handle, calls } = setup({ respond: tokensResponse() });
    const token = mintToken();
    const other = mintToken({ sub: 'someone-else' });
    for (const cookies of [
      `__Host-edgesite_id_token=${token}; __Host-edgesite_id_token=${other}`,
      [`__Host-edgesite_id_token=${token}`, `__Host-edgesite_id_token=${other}`],
      [`__Host-edgesite_id_token=${token}`, '__Host-edgesite_id_token=forged'],
      ['__Host-edgesite_id_token=forged', `__Host-edgesite_id_token=${token}`],
      [`__Host-edgesite_id_token=${token}; x=1`, '__Host-edgesite_id_token='],
    ]) {
      assertStatus(await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies })), 401);
    }
    const same = viewerRequest({ uri: '/x.html', cookies: [`__Host-edgesite_id_token=${token}`, `__Host-edgesite_id_token=${token}`] });
    assertForwarded(await handle(same), same);
    const expired = mintToken({ exp: NOW_S - 3600 });
    const refreshes = `__Host-edgesite_id_token=${expired}; __Host-edgesite_refresh_token=r1; __Host-edgesite_refresh_token=r2`;
    assertStatus(await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST, cookies: refreshes })), 401);
    assert.equal(calls.length, 0, 'no refresh with one of two refresh tokens');
  });

  it('refuses a callback that carries two different state cookies', async () => {
    const { handle, calls } = setup({ respond: tokensResponse() });
    const a = await startLogin(handle);
    const b = await startLogin(handle);
    for (const cookies of [
      [`__Host-edgesite_state=${a.stateCookie}`, `__Host-edgesite_state=${b.stateCookie}`],
      `__Host-edgesite_state=${a.stateCookie}; __Host-edgesite_state=${b.stateCookie}`,
    ]) {
      assertStatus(await handle(callbackEvent({ state: a.state, cookies })), 400);
    }
    assert.equal(calls.length, 0);
  });
});

describe('authorization rules', () => {
  const check = async (config, claims) => {
    const { handle } = setup({ config });
    const event = viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION, cookies: validCookie(claims) });
    const result = await handle(event);
    return result === requestOf(event) ? 'pass' : result.status;
  };

  it('requires membership of one of allowedGroups', async () => {
    const config = { allowedGroups: ['admins', 'editors'] };
    assert.equal(await check(config, { 'cognito:groups': ['staff', 'editors'] }), 'pass');
    assert.equal(await check(config, { 'cognito:groups': ['staff'] }), '403');
    assert.equal(await check(config, { 'cognito:groups': undefined }), '403');
    assert.equal(await check(config, { 'cognito:groups': 'admins' }), '403');
  });

  it('requires a verified email in allowedEmailDomains', async () => {
    const config = { allowedEmailDomains: ['example.com', '@Example.org'] };
    assert.equal(await check(config, {}), 'pass');
    assert.equal(await check(config, { email_verified: 'true' }), 'pass');
    assert.equal(await check(config, { email: 'Bob@EXAMPLE.ORG' }), 'pass');
    assert.equal(await check(config, { email_verified: false }), '403');
    assert.equal(await check(config, { email_verified: 'false' }), '403');
    assert.equal(await check(config, { email_verified: undefined }), '403');
    assert.equal(await check(config, { email: undefined }), '403');
    assert.equal(await check(config, { email: 'alice@example.net' }), '403');
    assert.equal(await check(config, { email: 'alice@sub.example.com' }), '403');
    assert.equal(await check(config, { email: 'alice@evil.test@example.com' }), '403');
    assert.equal(await check(config, { email: '@example.com' }), '403');
  });

  it('requires both rules when both are configured', async () => {
    const config = { allowedGroups: ['admins'], allowedEmailDomains: ['example.com'] };
    assert.equal(await check(config, { 'cognito:groups': ['admins'] }), 'pass');
    assert.equal(await check(config, { 'cognito:groups': ['admins'], email: 'a@other.com' }), '403');
    assert.equal(await check(config, { 'cognito:groups': ['staff'] }), '403');
  });

  it('answers a signed-in but disallowed user with a 403 page offering sign-out, not a login redirect', async () => {
    const { handle, calls } = setup({ config: { allowedGroups: ['admins'] } });
    const result = await handle(viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION, cookies: validCookie() }));
    assertStatus(result, 403);
    assert.equal(headerOf(result, 'location'), undefined);
    assert.equal(headerOf(result, 'content-type'), 'text/html; charset=utf-8');
    assert.match(result.body, new RegExp(`href="${SIGN_OUT}"`));
    assert.equal(calls.length, 0);
  });
});

describe('public paths', () => {
  it('forwards matching paths without a token, stripping our cookies and adding index.html', async () => {
    const { handle } = setup();
    for (const [uri, expected] of [
      ['/public/logo.png', '/public/logo.png'],
      ['/public/a/b/c.css', '/public/a/b/c.css'],
      ['/public/', '/public/index.html'],
      ['/favicon.ico', '/favicon.ico'],
      ['/robots.txt', '/robots.txt'],
      ['/public/caf%C3%A9.png', '/public/caf%C3%A9.png'],
    ]) {
      const event = viewerRequest({ uri, headers: BROWSER_NAVIGATION, cookies: '__Host-edgesite_id_token=garbage; x=1' });
      const result = await handle(event);
      assertForwarded(result, event);
      assert.equal(result.uri, expected);
      assert.deepEqual(result.headers.cookie, [{ key: 'Cookie', value: 'x=1' }]);
    }
  });

  // Choice: under a public path, SPA mode rewrites to /index.html only when /index.html is itself public;
  // otherwise a trailing slash gets its directory's index.html if that is public, and anything else goes
  // to the origin unchanged: never as a path that is not public.
  it('never lets SPA mode turn an anonymous public request into a protected one', async () => {
    const { handle, calls } = setup({ config: { spa: true } });
    for (const [uri, expected] of [
      ['/public/docs', '/public/docs'],
      ['/public/a/b/c', '/public/a/b/c'],
      ['/public/', '/public/index.html'],
      ['/public/app.js', '/public/app.js'],
    ]) {
      const event = viewerRequest({ uri, headers: BROWSER_NAVIGATION });
      const result = await handle(event);
      assertForwarded(result, event);
      assert.equal(result.uri, expected, uri);
    }
    assert.equal(calls.length, 0);
  });

  it('rewrites a public SPA route to /index.html only when /index.html is public too', async () => {
    const { handle } = setup({ config: { spa: true, publicPaths: ['/public/*', '/index.html'] } });
    const event = viewerRequest({ uri: '/public/docs', headers: BROWSER_NAVIGATION });
    assert.equal((await handle(event)).uri, '/index.html');
    const signedIn = await handle(viewerRequest({ uri: '/app/users/42', cookies: validCookie() }));
    assert.equal(signedIn.uri, '/index.html', 'a signed-in SPA route is still rewritten');
  });

  it('leaves a public SPA directory path unchanged when its index.html is not public', async () => {
    const { handle } = setup({ config: { spa: true, publicPaths: ['/landing/'] } });
    const event = viewerRequest({ uri: '/landing/', headers: BROWSER_NAVIGATION });
    const result = await handle(event);
    assertForwarded(result, event);
    assert.equal(result.uri, '/landing/');
  });

  it('does not treat look-alike, dot-segment or encoded-separator paths as public', async () => {
    const { handle } = setup();
    for (const uri of [
      '/publicity.html',
      '/public',
      '/favicon.ico.bak',
      '/robots.txt2',
      '/x/public/a.png',
      '/public/../secret.html',
      '/public/./a.png',
      '/public/..',
      '/public/%2e%2e/secret.html',
      '/public/%2E%2e/secret.html',
      '/public/..%2fsecret.html',
      '/public%2fa.png',
      '/public/a%2Fb.png',
      '/public/a%5cb.png',
      '/public/a%252fb.png',
      '/public/a\\b.png',
      '/public/%zz.png',
      '/public/%E0%A4%A.png',
      '/public/a%00.png',
    ]) {
      const result = await handle(viewerRequest({ uri, headers: BROWSER_NAVIGATION }));
      assertStatus(result, 302);
    }
  });
});

describe('sign-in redirect', () => {
  it('sends a page navigation to the authorize endpoint with PKCE and a signed state cookie', async () => {
    const { handle } = setup();
    const { location, state, stateCookie, response } = await startLogin(handle, { uri: '/docs/page.html', querystring: 'q=1&r=%2F' });
    assert.equal(location.origin + location.pathname, 'https://auth.example.com/oauth2/authorize');
    const params = Object.fromEntries(location.searchParams);
    assert.deepEqual(Object.keys(params).sort(), [
      'client_id',
      'code_challenge',
      'code_challenge_method',
      'redirect_uri',
      'response_type',
      'scope',
      'state',
    ]);
    assert.equal(params.response_type, 'code');
    assert.equal(params.client_id, CLIENT_ID);
    assert.equal(params.redirect_uri, `https://site.example.com${CALLBACK}`);
    assert.equal(params.scope, 'openid email profile');
    assert.equal(params.code_challenge_method, 'S256');
    assert.match(state, /^[A-Za-z0-9_-]{22,}$/);
    assert.doesNotMatch(headerOf(response, 'location'), /\+/, 'spaces are encoded as %20');

    const saved = decodeState(stateCookie);
    assert.equal(saved.s, state);
    assert.equal(saved.p, '/docs/page.html?q=1&r=%2F');
    assert.match(saved.v, /^[A-Za-z0-9_-]{43,128}$/);
    assert.equal(params.code_challenge, createHash('sha256').update(saved.v).digest('base64url'));
    assert.ok(saved.e > NOW_S && saved.e <= NOW_S + 600);

    const cookie = setCookies(response).get('__Host-edgesite_state');
    assert.deepEqual(cookie.attrs, { Path: '/', 'Max-Age': '600', HttpOnly: true, Secure: true, SameSite: 'Lax' });
  });

  it('uses a fresh state and verifier for every attempt', async () => {
    const { handle } = setup();
    const a = await startLogin(handle);
    const b = await startLogin(handle);
    assert.notEqual(a.state, b.state);
    assert.notEqual(decodeState(a.stateCookie).v, decodeState(b.stateCookie).v);
  });

  it('keeps query parameters already present in authorizeUrl and accepts scopes as a string', async () => {
    const { handle } = setup({
      config: { authorizeUrl: 'https://auth.example.com/oauth2/authorize?identity_provider=Okta', scopes: 'openid  email' },
    });
    const { location } = await startLogin(handle);
    assert.equal(location.searchParams.get('identity_provider'), 'Okta');
    assert.equal(location.searchParams.get('scope'), 'openid email');
  });

  it('builds redirect_uri from the Host header and a custom callbackPath', async () => {
    const { handle } = setup({ config: { callbackPath: '/auth/cb' } });
    const { location, response } = await startLogin(handle, { host: 'docs.example.org' });
    assert.equal(location.searchParams.get('redirect_uri'), 'https://docs.example.org/auth/cb');
    assert.equal(setCookies(response).get('__Host-edgesite_state').attrs.Path, '/', 'a __Host- cookie is always at /');
  });

  it('builds redirect_uri from siteOrigin when a local server sets one', async () => {
    const { handle, calls } = setup({ config: { siteOrigin: 'http://localhost:8080' }, respond: tokensResponse() });
    const login = await startLogin(handle, { host: 'localhost:8080' });
    assert.equal(login.location.searchParams.get('redirect_uri'), `http://localhost:8080${CALLBACK}`);
    const result = await handle(
      callbackEvent({ state: login.state, stateCookie: login.stateCookie, host: 'localhost:8080' }),
    );
    assertStatus(result, 302);
    assert.equal(calls[0].form.redirect_uri, `http://localhost:8080${CALLBACK}`);
  });

  it('tells navigations from other requests', async () => {
    const { handle } = setup();
    const cases = [
      ['GET', BROWSER_NAVIGATION, 302],
      ['HEAD', BROWSER_NAVIGATION, 302],
      ['GET', { Accept: 'text/html' }, 302],
      ['GET', { Accept: '*/*', 'Sec-Fetch-Mode': 'navigate' }, 302],
      ['GET', { Accept: 'text/html', 'Sec-Fetch-Mode': 'cors' }, 401],
      ['GET', { Accept: 'text/html', 'Sec-Fetch-Mode': 'no-cors' }, 401],
      ['GET', { Accept: 'text/html', 'X-Requested-With': 'XMLHttpRequest' }, 401],
      ['GET', { Accept: 'application/json' }, 401],
      ['GET', API_REQUEST, 401],
      ['GET', { Accept: '*/*' }, 401],
      ['GET', {}, 401],
      ['POST', BROWSER_NAVIGATION, 401],
      ['DELETE', { Accept: 'text/html' }, 401],
    ];
    for (const [method, headers, status] of cases) {
      const result = await handle(viewerRequest({ uri: '/x.html', method, headers }));
      assertStatus(result, status);
      if (status === 401) {
        assert.equal(headerOf(result, 'location'), undefined);
        assert.equal(result.headers['set-cookie'], undefined);
      }
    }
  });

  it('discards an unusable session cookie when sending the user to sign in', async () => {
    const { handle } = setup();
    const result = await handle(
      viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION, cookies: validCookie({ exp: NOW_S - 3600 }) }),
    );
    assertStatus(result, 302);
    const cookies = setCookies(result);
    assert.equal(cookies.get('__Host-edgesite_id_token').attrs['Max-Age'], '0');
    assert.equal(cookies.get('__Host-edgesite_refresh_token'), undefined);
    assert.ok(cookies.get('__Host-edgesite_state').value);
  });

  it('falls back to / when the request URL is not a safe redirect target', async () => {
    const { handle } = setup();
    const long = await startLogin(handle, { uri: '/a.html', querystring: `x=${'y'.repeat(2000)}` });
    assert.equal(decodeState(long.stateCookie).p, '/a.html');
    const slashes = await startLogin(handle, { uri: '//evil.example/x' });
    assert.equal(decodeState(slashes.stateCookie).p, '/');
  });

  it('refuses to build a redirect_uri from a bad Host header', async () => {
    const { handle } = setup();
    for (const host of [null, '', 'evil.example/path', 'a b', 'evil.example@site', 'x'.repeat(300)]) {
      const result = await handle(viewerRequest({ uri: '/x.html', host, headers: BROWSER_NAVIGATION }));
      assertStatus(result, 400);
      assert.equal(headerOf(result, 'location'), undefined);
    }
  });
});

describe('callback', () => {
  it('exchanges the code with the PKCE verifier, sets the session and returns to the original URL', async () => {
    const { handle, calls } = setup({ respond: tokensResponse() });
    const login = await startLogin(handle, { uri: '/docs/', querystring: 'tab=2' });
    const result = await handle(callbackEvent({ code: 'c0de', state: login.state, stateCookie: login.stateCookie }));

    assert.equal(calls.length, 1);
    const [{ url, init, form }] = calls;
    assert.equal(url, 'https://auth.example.com/oauth2/token');
    assert.equal(init.method, 'POST');
    assert.equal(init.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.ok(init.signal instanceof AbortSignal);
    assert.deepEqual(form, {
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: 'c0de',
      redirect_uri: `https://site.example.com${CALLBACK}`,
      code_verifier: decodeState(login.stateCookie).v,
    });

    assertStatus(result, 302);
    assert.equal(headerOf(result, 'location'), '/docs/?tab=2');
    const cookies = setCookies(result);
    assert.deepEqual(cookies.get('__Host-edgesite_state').attrs, { Path: '/', 'Max-Age': '0', HttpOnly: true, Secure: true, SameSite: 'Lax' });
    const id = cookies.get('__Host-edgesite_id_token');
    // kept past its exp, as long as the refresh token, so that an expired session can be renewed
    assert.deepEqual(id.attrs, { Path: '/', 'Max-Age': String(30 * 24 * 3600), HttpOnly: true, Secure: true, SameSite: 'Lax' });
    const refresh = cookies.get('__Host-edgesite_refresh_token');
    assert.equal(refresh.value, 'refresh-1');
    assert.deepEqual({ ...refresh.attrs, 'Max-Age': undefined }, { Path: '/', 'Max-Age': undefined, HttpOnly: true, Secure: true, SameSite: 'Lax' });

    const next = viewerRequest({ uri: '/docs/', cookies: `__Host-edgesite_id_token=${id.value}` });
    assert.equal((await handle(next)).uri, '/docs/index.html');
  });

  it('clears a previous refresh token when the token endpoint returns none', async () => {
    const { handle } = setup({ respond: tokensResponse({}, { refresh_token: undefined }) });
    const login = await startLogin(handle);
    const result = await handle(callbackEvent({ state: login.state, stateCookie: login.stateCookie }));
    assertStatus(result, 302);
    assert.equal(setCookies(result).get('__Host-edgesite_refresh_token').attrs['Max-Age'], '0');
  });

  const rejectsWithoutTokenRequest = async (mutate) => {
    const ctx = setup({ respond: tokensResponse() });
    const login = await startLogin(ctx.handle);
    const result = await ctx.handle(await mutate(login, ctx));
    assertStatus(result, 400);
    assert.match(result.body, /href="\/"/);
    assert.equal(ctx.calls.length, 0, 'no token request may be made');
    const cookies = setCookies(result);
    assert.equal(cookies.get('__Host-edgesite_id_token'), undefined);
    assert.equal(cookies.get('__Host-edgesite_state').attrs['Max-Age'], '0');
  };

  it('rejects a missing state cookie', () => rejectsWithoutTokenRequest(({ state }) => callbackEvent({ state })));

  it('rejects a state that does not match the cookie', () =>
    rejectsWithoutTokenRequest(({ stateCookie }) => callbackEvent({ state: 'A'.repeat(22), stateCookie })));

  it('rejects a missing state parameter', () =>
    rejectsWithoutTokenRequest(({ stateCookie }) => callbackEvent({ querystring: 'code=abc', stateCookie })));

  it('rejects a repeated state or code parameter', async () => {
    await rejectsWithoutTokenRequest(({ state, stateCookie }) =>
      callbackEvent({ querystring: `code=a&state=${state}&state=${state}`, stateCookie }),
    );
    await rejectsWithoutTokenRequest(({ state, stateCookie }) =>
      callbackEvent({ querystring: `code=a&code=b&state=${state}`, stateCookie }),
    );
  });

  it('rejects an error answer from the authorization server', () =>
    rejectsWithoutTokenRequest(({ state, stateCookie }) =>
      callbackEvent({ querystring: `error=access_denied&state=${state}`, stateCookie }),
    ));

  it('rejects a state cookie older than ten minutes', () =>
    rejectsWithoutTokenRequest(({ state, stateCookie }, { clock }) => {
      clock.now += 601_000;
      return callbackEvent({ state, stateCookie });
    }));

  it('accepts a state cookie within its lifetime', async () => {
    const { handle, clock, calls } = setup({ respond: tokensResponse({ iat: NOW_S + 500, exp: NOW_S + 4000 }) });
    const login = await startLogin(handle);
    clock.now += 590_000;
    assertStatus(await handle(callbackEvent({ state: login.state, stateCookie: login.stateCookie })), 302);
    assert.equal(calls.length, 1);
  });

  const signInFails = async (respond, fetch) => {
    const { handle, calls, logs } = setup({ respond, fetch });
    const login = await startLogin(handle);
    const result = await handle(callbackEvent({ state: login.state, stateCookie: login.stateCookie }));
    assertStatus(result, 400);
    const cookies = setCookies(result);
    assert.equal(cookies.get('__Host-edgesite_id_token'), undefined);
    assert.equal(cookies.get('__Host-edgesite_refresh_token'), undefined);
    assert.equal(cookies.get('__Host-edgesite_state').attrs['Max-Age'], '0');
    return { calls, logs };
  };

  it('fails closed when the token endpoint refuses the code', async () => {
    const { calls, logs } = await signInFails(() => ({ status: 400, body: { error: 'invalid_grant' } }));
    assert.equal(calls.length, 1);
    assert.deepEqual(logs, ['token endpoint (authorization_code) answered HTTP 400']);
  });

  it('fails closed when the token endpoint returns no or an invalid ID token', async () => {
    await signInFails(() => ({ body: { access_token: 'x' } }));
    await signInFails(() => ({ body: 'not json' }));
    await signInFails(() => ({ body: 'null' }));
    await signInFails(() => ({ body: { id_token: 42 } }));
    await signInFails(tokensResponse({ aud: 'other-client' }));
    await signInFails(tokensResponse({ token_use: 'access' }));
    await signInFails(tokensResponse({ exp: NOW_S - 3600 }));
    await signInFails(() => ({ body: { id_token: `${mintToken().slice(0, -4)}AAAA` } }));
    await signInFails(() => ({ body: { id_token: 'x'.repeat(70_000) } }));
  });

  it('fails closed on network errors and timeouts', async () => {
    await signInFails(null, async () => {
      throw new TypeError('fetch failed');
    });
    const { logs } = await signInFails(null, hangingFetch);
    assert.deepEqual(logs, ['token endpoint (authorization_code) failed: TimeoutError']);
  });

  it('answers 403 without a session for a user who is not allowed', async () => {
    const { handle } = setup({ config: { allowedGroups: ['admins'] }, respond: tokensResponse() });
    const login = await startLogin(handle);
    const result = await handle(callbackEvent({ state: login.state, stateCookie: login.stateCookie }));
    assertStatus(result, 403);
    assert.deepEqual([...setCookies(result).keys()], ['__Host-edgesite_state']);
  });

  it('answers 500 instead of looping when the ID token is too large for a browser cookie', async () => {
    const { handle } = setup({ respond: tokensResponse({ padding: 'p'.repeat(3500) }) });
    const login = await startLogin(handle);
    const result = await handle(callbackEvent({ state: login.state, stateCookie: login.stateCookie }));
    assertStatus(result, 500);
    assert.deepEqual([...setCookies(result).keys()], ['__Host-edgesite_state']);
  });
});

describe('session renewal', () => {
  const expired = () => validCookie({ iat: NOW_S - 7200, exp: NOW_S - 3600 });

  it('renews an expired ID token with the refresh token and redirects to the same URL', async () => {
    const { handle, calls } = setup({ respond: tokensResponse({}, { refresh_token: undefined }) });
    const result = await handle(
      viewerRequest({ uri: '/docs/a.html', querystring: 'x=1', headers: API_REQUEST, cookies: `${expired()}; __Host-edgesite_refresh_token=r-123` }),
    );
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].form, { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: 'r-123' });
    assertStatus(result, 307);
    assert.equal(headerOf(result, 'location'), '/docs/a.html?x=1');
    const cookies = setCookies(result);
    assert.deepEqual([...cookies.keys()], ['__Host-edgesite_id_token']);
    const next = viewerRequest({ uri: '/docs/a.html', cookies: `__Host-edgesite_id_token=${cookies.get('__Host-edgesite_id_token').value}` });
    assertForwarded(await handle(next), next);
  });

  it('stores a rotated refresh token', async () => {
    const { handle, calls } = setup({ respond: tokensResponse({}, { refresh_token: 'r-rotated' }) });
    const result = await handle(viewerRequest({ uri: '/', headers: BROWSER_NAVIGATION, cookies: `${expired()}; __Host-edgesite_refresh_token=r-1` }));
    assert.equal(calls.length, 1);
    assertStatus(result, 307);
    assert.equal(headerOf(result, 'location'), '/');
    assert.equal(setCookies(result).get('__Host-edgesite_refresh_token').value, 'r-rotated');
  });

  it('sends the user to sign in and drops the session when renewal fails', async () => {
    for (const respond of [
      () => ({ status: 400, body: { error: 'invalid_grant' } }),
      () => ({ status: 500, body: 'oops' }),
      tokensResponse({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }),
    ]) {
      const { handle, calls } = setup({ respond });
      const result = await handle(viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION, cookies: `${expired()}; __Host-edgesite_refresh_token=r` }));
      assert.equal(calls.length, 1);
      assertStatus(result, 302);
      assert.match(headerOf(result, 'location'), /^https:\/\/auth\.example\.com\/oauth2\/authorize\?/);
      const cookies = setCookies(result);
      assert.equal(cookies.get('__Host-edgesite_id_token').attrs['Max-Age'], '0');
      assert.equal(cookies.get('__Host-edgesite_refresh_token').attrs['Max-Age'], '0');
    }
  });

  it('answers 401 to a non-navigation whose renewal fails, including on timeout', async () => {
    const { handle } = setup({ fetch: hangingFetch });
    const result = await handle(viewerRequest({ uri: '/api.json', headers: API_REQUEST, cookies: `${expired()}; __Host-edgesite_refresh_token=r` }));
    assertStatus(result, 401);
    assert.equal(setCookies(result).get('__Host-edgesite_refresh_token').attrs['Max-Age'], '0');
  });

  it('answers 403 and drops the session when the renewed user is no longer allowed', async () => {
    const { handle } = setup({ config: { allowedGroups: ['admins'] }, respond: tokensResponse() });
    const result = await handle(viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION, cookies: `${expired()}; __Host-edgesite_refresh_token=r` }));
    assertStatus(result, 403);
    assert.equal(setCookies(result).get('__Host-edgesite_refresh_token').attrs['Max-Age'], '0');
  });

  it('does not call the token endpoint while the ID token is valid', async () => {
    const { handle, calls } = setup({ respond: tokensResponse() });
    const event = viewerRequest({ uri: '/x.html', cookies: `${validCookie()}; __Host-edgesite_refresh_token=r` });
    assertForwarded(await handle(event), event);
    assert.equal(calls.length, 0);
  });
});

describe('sign-out', () => {
  it('clears the session and ends the Cognito session', async () => {
    const { handle } = setup({ config: { logoutUrl: 'https://auth.example.com/logout?lang=fr' } });
    const result = await handle(viewerRequest({ uri: SIGN_OUT, cookies: validCookie(), host: 'www.example.com' }));
    assertStatus(result, 302);
    const location = new URL(headerOf(result, 'location'));
    assert.equal(location.origin + location.pathname, 'https://auth.example.com/logout');
    assert.deepEqual(Object.fromEntries(location.searchParams), {
      lang: 'fr',
      client_id: CLIENT_ID,
      logout_uri: 'https://www.example.com/',
    });
    const cookies = setCookies(result);
    assert.equal(cookies.get('__Host-edgesite_id_token').attrs['Max-Age'], '0');
    assert.equal(cookies.get('__Host-edgesite_refresh_token').attrs['Max-Age'], '0');
    assert.deepEqual(cookies.get('__Host-edgesite_state').attrs, { Path: '/', 'Max-Age': '0', HttpOnly: true, Secure: true, SameSite: 'Lax' });
  });

  it('returns to siteOrigin when a local server sets one', async () => {
    const { handle } = setup({ config: { siteOrigin: 'http://localhost:8080' } });
    const result = await handle(viewerRequest({ uri: SIGN_OUT, cookies: validCookie(), host: 'localhost:8080' }));
    assertStatus(result, 302);
    assert.equal(new URL(headerOf(result, 'location')).searchParams.get('logout_uri'), 'http://localhost:8080/');
  });

  it('honours a custom signOutPath and works without a session', async () => {
    const { handle } = setup({ config: { signOutPath: '/logout' } });
    assertStatus(await handle(viewerRequest({ uri: '/logout' })), 302);
    assertStatus(await handle(viewerRequest({ uri: SIGN_OUT, headers: BROWSER_NAVIGATION })), 302);
    assert.match(headerOf(await handle(viewerRequest({ uri: SIGN_OUT, headers: BROWSER_NAVIGATION })), 'location'), /oauth2\/authorize/);
  });
});

describe('sign-out: cross-site requests and revocation', () => {
  const session = () => `${validCookie()}; __Host-edgesite_refresh_token=r-secret-1`;
  const signOutEvent = (fetchSite, cookies = session(), extra = {}) =>
    viewerRequest({
      uri: SIGN_OUT,
      headers: { ...BROWSER_NAVIGATION, ...(fetchSite === undefined ? {} : { 'Sec-Fetch-Site': fetchSite }) },
      cookies,
      ...extra,
    });
  const revoked = () => ({ status: 200, body: '' });

  // Choice: cross-site and also same-site (a sibling subdomain) requests change nothing; they get a 403
  // page whose link signs out when the user follows it (a same-origin navigation).
  it('changes nothing on a cross-site or same-site request: no cookie cleared, no revoke', async () => {
    const { handle, calls } = setup({ respond: revoked });
    for (const fetchSite of ['cross-site', 'same-site', 'Cross-Site', 'bogus', '', ['same-origin', 'cross-site']]) {
      const result = await handle(signOutEvent(fetchSite));
      assertStatus(result, 403);
      assert.equal(result.headers['set-cookie'], undefined, JSON.stringify(fetchSite));
      assert.equal(headerOf(result, 'location'), undefined);
      assert.match(result.body, new RegExp(`href="${SIGN_OUT}"`));
    }
    assert.equal(calls.length, 0);
  });

  it('signs out a same-origin, user-initiated or header-less request: clears cookies, revokes the refresh token, then Cognito logout', async () => {
    for (const fetchSite of ['same-origin', 'none', undefined]) {
      const { handle, calls } = setup({ respond: revoked });
      const result = await handle(signOutEvent(fetchSite));
      assertStatus(result, 302);
      assert.match(headerOf(result, 'location'), /^https:\/\/auth\.example\.com\/logout\?/);
      const cookies = setCookies(result);
      for (const name of ['__Host-edgesite_id_token', '__Host-edgesite_refresh_token', '__Host-edgesite_state']) {
        assert.deepEqual(cookies.get(name), { value: '', attrs: { Path: '/', 'Max-Age': '0', HttpOnly: true, Secure: true, SameSite: 'Lax' } });
      }
      assert.equal(calls.length, 1, String(fetchSite));
      const [{ url, init, form }] = calls;
      assert.equal(url, 'https://auth.example.com/oauth2/revoke');
      assert.equal(init.method, 'POST');
      assert.equal(init.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.ok(init.signal instanceof AbortSignal);
      assert.equal(init.body, `token=r-secret-1&client_id=${CLIENT_ID}`);
      assert.deepEqual(form, { token: 'r-secret-1', client_id: CLIENT_ID });
    }
  });

  it('revokes next to the token endpoint, wherever that is', async () => {
    const { handle, calls } = setup({ config: { tokenUrl: 'http://127.0.0.1:9229/pool/oauth2/token' }, respond: revoked });
    assertStatus(await handle(signOutEvent('same-origin')), 302);
    assert.equal(calls[0].url, 'http://127.0.0.1:9229/pool/oauth2/revoke');
    const other = setup({ config: { tokenUrl: 'https://idp.example.com/token' }, respond: revoked });
    assertStatus(await other.handle(signOutEvent('same-origin')), 302);
    assert.equal(other.calls.length, 0, 'a token endpoint not shaped like Cognito\'s has no revoke endpoint we can know');
  });

  it('still clears cookies and redirects when the revoke fails or hangs, without logging the token', async () => {
    for (const [respond, fetch] of [
      [() => ({ status: 400, body: { error: 'unsupported_token_type' } }), undefined],
      [() => ({ status: 503, body: 'down' }), undefined],
      [null, async () => { throw new TypeError('fetch failed'); }],
      [null, hangingFetch],
    ]) {
      const { handle, logs } = setup({ respond, fetch });
      const result = await handle(signOutEvent('same-origin'));
      assertStatus(result, 302);
      assert.match(headerOf(result, 'location'), /\/logout\?/);
      assert.equal(setCookies(result).get('__Host-edgesite_refresh_token').attrs['Max-Age'], '0');
      assert.equal(logs.length, 1);
      assert.ok(!logs.join().includes('r-secret-1'));
    }
  });

  it('calls Cognito only for a refresh token that comes with a validly signed session', async () => {
    const { handle, calls } = setup({ respond: revoked });
    for (const cookies of [
      '__Host-edgesite_refresh_token=r-1',
      '__Host-edgesite_id_token=junk; __Host-edgesite_refresh_token=r-1',
      `__Host-edgesite_id_token=${mintToken({ aud: 'another-client' })}; __Host-edgesite_refresh_token=r-1`,
      validCookie(),
      `${validCookie()}; __Host-edgesite_refresh_token=r-1; __Host-edgesite_refresh_token=r-2`,
      `${validCookie()}; edgesite_refresh_token=r-1`,
    ]) {
      const result = await handle(signOutEvent('same-origin', cookies));
      assertStatus(result, 302);
      assert.equal(setCookies(result).get('__Host-edgesite_id_token').attrs['Max-Age'], '0');
    }
    assert.equal(calls.length, 0);
    const expired = `__Host-edgesite_id_token=${mintToken({ iat: NOW_S - 7200, exp: NOW_S - 3600 })}; __Host-edgesite_refresh_token=r-1`;
    assertStatus(await handle(signOutEvent('same-origin', expired)), 302);
    assert.equal(calls.length, 1, 'an expired session is revoked too');
  });
});

describe('generated responses', () => {
  it('use the CloudFront response format within Lambda@Edge limits', async () => {
    const { handle } = setup({ config: { allowedGroups: ['admins'] } });
    const responses = [
      await handle(viewerRequest({ uri: '/x.html', headers: BROWSER_NAVIGATION })),
      await handle(viewerRequest({ uri: '/x.html', headers: API_REQUEST })),
      await handle(viewerRequest({ uri: '/x.html', cookies: validCookie() })),
      await handle(viewerRequest({ uri: CALLBACK })),
      await handle(viewerRequest({ uri: SIGN_OUT })),
      await handle({}),
    ];
    for (const response of responses) {
      assert.match(response.status, /^\d{3}$/);
      assert.equal(typeof response.statusDescription, 'string');
      for (const [name, entries] of Object.entries(response.headers)) {
        assert.equal(name, name.toLowerCase());
        assert.ok(Array.isArray(entries) && entries.length > 0);
        for (const entry of entries) {
          assert.equal(entry.key.toLowerCase(), name);
          assert.equal(typeof entry.value, 'string');
        }
      }
      assert.equal(headerOf(response, 'cache-control'), 'no-store');
      assert.ok(JSON.stringify(response).length < 40_000);
      if (response.body !== undefined) assert.match(response.body, /^<!doctype html>/);
    }
  });
});
