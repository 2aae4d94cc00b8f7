import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_REQUEST, BROWSER_NAVIGATION, requestOf, viewerRequest } from './fixtures/cloudfront.mjs';
import { NOW_S, federatedClaims, mintToken } from './fixtures/tokens.mjs';
import {
  assertForwarded,
  assertStatus,
  callbackEvent,
  hangingFetch,
  headerOf,
  setCookies,
  setup,
  startLogin,
  validCookie,
} from './helpers.mjs';

const FINANCE_RULES = {
  allowedGroups: ['staff'],
  accessRules: [
    { path: '/finance/reports/*', groups: ['leadership'] },
    { path: '/finance/*', groups: ['finance', 'leadership'] },
  ],
};

const user = (...groups) => validCookie({ 'cognito:groups': groups });

/** 'pass' if the signed-in request is forwarded (and to which origin URI), else the response status. */
async function read(config, cookies, uri) {
  const { handle } = setup({ config });
  const event = viewerRequest({ uri, headers: BROWSER_NAVIGATION, cookies });
  const result = await handle(event);
  return result === requestOf(event) ? `pass ${result.uri}` : result.status;
}

describe('access rules', () => {
  it('lets the first rule whose path matches decide', async () => {
    const finance = user('finance');
    const leadership = user('leadership');
    assert.equal(await read(FINANCE_RULES, finance, '/finance/q3.html'), 'pass /finance/q3.html');
    assert.equal(await read(FINANCE_RULES, finance, '/finance/reports/q3.html'), '403', 'the first rule decides, not any rule');
    assert.equal(await read(FINANCE_RULES, leadership, '/finance/reports/q3.html'), 'pass /finance/reports/q3.html');
    assert.equal(await read(FINANCE_RULES, leadership, '/finance/q3.html'), 'pass /finance/q3.html');
    assert.equal(await read(FINANCE_RULES, user('staff'), '/finance/q3.html'), '403', 'allowedGroups does not open a ruled path');
  });

  it('decides on the decoded path, so an encoded letter reaches the same rule', async () => {
    assert.equal(await read(FINANCE_RULES, user('staff'), '/%66inance/q3.html'), '403');
    assert.equal(await read(FINANCE_RULES, user('staff'), '/finance/reports/%71%33.html'), '403');
    assert.equal(await read(FINANCE_RULES, user('leadership'), '/finance/%71%33.html'), 'pass /finance/%71%33.html');
  });

  it('falls back to allowedGroups where no rule matches, or lets every admitted user in without it', async () => {
    assert.equal(await read(FINANCE_RULES, user('staff'), '/handbook.html'), 'pass /handbook.html');
    assert.equal(await read(FINANCE_RULES, user('finance'), '/handbook.html'), '403');
    assert.equal(await read(FINANCE_RULES, user('staff'), '/financial.html'), 'pass /financial.html');
    const open = { accessRules: FINANCE_RULES.accessRules };
    assert.equal(await read(open, user(), '/handbook.html'), 'pass /handbook.html');
    assert.equal(await read(open, user(), '/finance/q3.html'), '403');
  });

  it('checks the origin URI too: a directory index', async () => {
    const config = { accessRules: [{ path: '/finance/index.html', groups: ['finance'] }] };
    assert.equal(await read(config, user('staff'), '/finance/'), '403');
    assert.equal(await read(config, user('finance'), '/finance/'), 'pass /finance/index.html');
    assert.equal(await read(config, user('staff'), '/finance/other.html'), 'pass /finance/other.html');
  });

  it('checks the request path too, when the origin URI is not ruled', async () => {
    const config = { accessRules: [{ path: '/finance/', groups: ['finance'] }] };
    assert.equal(await read(config, user('staff'), '/finance/'), '403');
    assert.equal(await read(config, user('staff'), '/finance/index.html'), 'pass /finance/index.html');
  });

  it('checks the SPA rewrite to /index.html', async () => {
    const config = { spa: true, accessRules: [{ path: '/index.html', groups: ['app'] }, { path: '/finance/*', groups: ['finance'] }] };
    assert.equal(await read(config, user('staff'), '/reports'), '403');
    assert.equal(await read(config, user('app'), '/reports'), 'pass /index.html');
    assert.equal(await read(config, user('finance'), '/finance/q3'), '403', 'the ruled route is rewritten to a page ruled otherwise');
    assert.equal(await read(config, user('finance', 'app'), '/finance/q3'), 'pass /index.html');
    assert.equal(await read(config, user('finance'), '/finance/app.js'), 'pass /finance/app.js');
  });

  it('counts groups from the identity provider', async () => {
    const config = { ...FINANCE_RULES, identityProviders: ['AzureAD'] };
    const cookie = (groups) => validCookie(federatedClaims({ provider: 'AzureAD', type: 'SAML', groups }));
    assert.equal(await read(config, cookie('[finance, staff]'), '/finance/q3.html'), 'pass /finance/q3.html');
    assert.equal(await read(config, cookie('["leadership"]'), '/finance/reports/q3.html'), 'pass /finance/reports/q3.html');
    assert.equal(await read(config, cookie('staff'), '/finance/q3.html'), '403');
  });

  it('still applies allowedEmailDomains and the identity-provider check on every request', async () => {
    const config = { ...FINANCE_RULES, allowedEmailDomains: ['example.com'], identityProviders: ['Okta'] };
    assert.equal(await read(config, validCookie({ 'cognito:groups': ['finance'], email: 'eve@other.example' }), '/finance/q3.html'), '403');
    assert.equal(await read(config, validCookie(federatedClaims({ provider: 'Google', groups: 'finance' })), '/finance/q3.html'), '403');
    assert.equal(await read(config, validCookie(federatedClaims({ groups: 'finance' })), '/finance/q3.html'), 'pass /finance/q3.html');
  });

  it('never applies to public paths', async () => {
    const { handle } = setup({ config: { publicPaths: ['/public/*'], accessRules: [{ path: '/public/*', groups: ['x'] }, { path: '/*', groups: ['x'] }] } });
    for (const cookies of [undefined, user('staff'), '__Host-edgesite_id_token=junk']) {
      const event = viewerRequest({ uri: '/public/logo.png', headers: BROWSER_NAVIGATION, cookies });
      assertForwarded(await handle(event), event);
    }
  });

  it('answers a signed-in user who may not read a page 403 with sign-out, never a login redirect', async () => {
    const { handle, calls } = setup({ config: FINANCE_RULES });
    for (const headers of [BROWSER_NAVIGATION, API_REQUEST]) {
      const result = await handle(viewerRequest({ uri: '/finance/q3.html', headers, cookies: `${user('staff')}; __Host-edgesite_refresh_token=r` }));
      assertStatus(result, 403);
      assert.equal(headerOf(result, 'location'), undefined);
      assert.equal(result.headers['set-cookie'], undefined, 'the session stays: other pages are readable');
      assert.match(result.body, /href="\/_edgesite\/signout"/);
    }
    assert.equal(calls.length, 0);
  });

  it('still sends an anonymous visitor of a ruled page to sign in', async () => {
    const { handle } = setup({ config: FINANCE_RULES });
    const login = await startLogin(handle, { uri: '/finance/q3.html' });
    assert.match(login.location.href, /^https:\/\/auth\.example\.com\/oauth2\/authorize\?/);
  });

  it('leaves URIs as they are without access rules', async () => {
    const { handle } = setup({ config: { allowedGroups: ['staff'] } });
    for (const uri of ['/finance%2Fq3.html', '/x/%2e%2e/finance/q3.html', '/a%252Fb.html']) {
      const event = viewerRequest({ uri, cookies: user('staff') });
      assertForwarded(await handle(event), event);
    }
  });
});

describe('signing in with access rules', () => {
  const signIn = async (config, claims) => {
    const ctx = setup({ config, respond: () => ({ body: { id_token: mintToken(claims), refresh_token: 'r' } }) });
    const login = await startLogin(ctx.handle, { uri: '/finance/q3.html' });
    return { ...ctx, result: await ctx.handle(callbackEvent({ state: login.state, stateCookie: login.stateCookie })) };
  };

  it("admits a user in a rule's group but in none of allowedGroups, who then reads only that rule's pages", async () => {
    const { handle, result } = await signIn(FINANCE_RULES, { 'cognito:groups': ['finance'] });
    assertStatus(result, 302);
    assert.equal(headerOf(result, 'location'), '/finance/q3.html');
    const cookies = `__Host-edgesite_id_token=${setCookies(result).get('__Host-edgesite_id_token').value}`;
    const page = viewerRequest({ uri: '/finance/q3.html', cookies });
    assertForwarded(await handle(page), page);
    assertStatus(await handle(viewerRequest({ uri: '/handbook.html', headers: BROWSER_NAVIGATION, cookies })), 403);
  });

  it('refuses a user in none of allowedGroups and no rule group', async () => {
    const { result } = await signIn(FINANCE_RULES, { 'cognito:groups': ['sales'] });
    assertStatus(result, 403);
    assert.deepEqual([...setCookies(result).keys()], ['__Host-edgesite_state']);
  });

  it('admits everyone admitted when allowedGroups is unset', async () => {
    assertStatus((await signIn({ accessRules: FINANCE_RULES.accessRules }, { 'cognito:groups': [] })).result, 302);
  });

  it("renews the session of a user in a rule's group only", async () => {
    const expired = (groups) => `${validCookie({ 'cognito:groups': groups, iat: NOW_S - 7200, exp: NOW_S - 3600 })}; __Host-edgesite_refresh_token=r`;
    for (const [groups, status] of [
      [['finance'], 307],
      [['sales'], 403],
    ]) {
      const { handle } = setup({ config: FINANCE_RULES, respond: () => ({ body: { id_token: mintToken({ 'cognito:groups': groups }) } }) });
      assertStatus(await handle(viewerRequest({ uri: '/finance/q3.html', headers: BROWSER_NAVIGATION, cookies: expired(groups) })), status);
    }
  });
});

const PAGE = '<!doctype html><title>No access</title><h1>Ask #finance for access</h1>';

/** A fetch for the site's forbidden page and the token endpoint; page(call) returns a Response or throws. */
function siteFetch(page = () => new Response(PAGE, { headers: { 'content-type': 'text/html' } }), tokens) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url: String(url), init });
    if (String(url).startsWith('https://auth.example.com/')) return new Response(JSON.stringify(tokens ?? {}), { status: tokens ? 200 : 400 });
    return page({ url: String(url), init });
  };
  return { fetch, pageCalls: () => calls.filter((c) => !c.url.startsWith('https://auth.example.com/')) };
}

describe('forbiddenPage', () => {
  const config = { ...FINANCE_RULES, forbiddenPage: '/403.html' };
  const denied = (host) => viewerRequest({ uri: '/finance/q3.html', host, headers: BROWSER_NAVIGATION, cookies: user('staff') });

  it("answers 403 with the site's own page, fetched from the site without cookies or redirects", async () => {
    const site = siteFetch();
    const { handle } = setup({ config, fetch: site.fetch });
    const result = await handle(denied());
    assertStatus(result, 403);
    assert.equal(result.statusDescription, 'Forbidden');
    assert.equal(result.body, PAGE);
    assert.equal(headerOf(result, 'content-type'), 'text/html; charset=utf-8');
    assert.equal(headerOf(result, 'location'), undefined);
    assert.equal(result.headers['set-cookie'], undefined);
    for (const [name, entries] of Object.entries(result.headers)) {
      assert.ok(Array.isArray(entries) && entries.length === 1 && entries[0].key.toLowerCase() === name && typeof entries[0].value === 'string');
    }
    const [call] = site.pageCalls();
    assert.equal(call.url, 'https://site.example.com/403.html');
    assert.equal(call.init.redirect, 'error');
    assert.ok(call.init.signal instanceof AbortSignal);
    assert.equal(call.init.headers, undefined, 'no cookie and no credentials go with it');
    assert.equal(call.init.credentials, undefined);
  });

  it('fetches from siteOrigin when a local server sets one', async () => {
    const site = siteFetch();
    const { handle } = setup({ config: { ...config, siteOrigin: 'http://localhost:8080' }, fetch: site.fetch });
    assert.equal((await handle(denied())).body, PAGE);
    assert.equal(site.pageCalls()[0].url, 'http://localhost:8080/403.html');
  });

  it('keeps the page for a minute, per site URL', async () => {
    const site = siteFetch();
    const { handle, clock } = setup({ config, fetch: site.fetch });
    for (let i = 0; i < 3; i++) assert.equal((await handle(denied())).body, PAGE);
    assert.equal(site.pageCalls().length, 1);
    clock.now += 59_000;
    await handle(denied());
    assert.equal(site.pageCalls().length, 1);
    clock.now += 2_000;
    assert.equal((await handle(denied())).body, PAGE);
    assert.equal(site.pageCalls().length, 2);
    assert.equal((await handle(denied('docs.example.com'))).body, PAGE);
    assert.deepEqual(site.pageCalls().map((c) => c.url).slice(2), ['https://docs.example.com/403.html']);
  });

  it('falls back to the built-in page when the fetch fails or the answer is not a small HTML page, and retries after a minute', async () => {
    const html = (body, init = {}) => () => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' }, ...init });
    for (const [what, page] of [
      ['network error', () => Promise.reject(new TypeError('fetch failed'))],
      ['redirect refused', () => Promise.reject(new TypeError('fetch failed', { cause: new Error('unexpected redirect') }))],
      ['timeout', (call) => hangingFetch(call.url, call.init)],
      ['404', html('<h1>Not found</h1>', { status: 404 })],
      ['403 from S3', () => new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403, headers: { 'content-type': 'application/xml' } })],
      ['plain text', () => new Response('no access', { headers: { 'content-type': 'text/plain' } })],
      ['no content type', () => new Response(new Uint8Array([60, 104, 49, 62]))],
      ['xhtml look-alike', () => new Response(PAGE, { headers: { 'content-type': 'text/htmlx' } })],
      ['empty', html('')],
      ['over 32 KB', html(`<p>${'x'.repeat(32 * 1024)}</p>`)],
      ['over 32 KB in UTF-8', html('\u20ac'.repeat(11_000))],
    ]) {
      const site = siteFetch(page);
      const { handle, clock, logs } = setup({ config, fetch: site.fetch });
      for (let i = 0; i < 2; i++) {
        const result = await handle(denied());
        assertStatus(result, 403);
        assert.match(result.body, /Access denied/, what);
        assert.match(result.body, /href="\/_edgesite\/signout"/);
      }
      assert.equal(site.pageCalls().length, 1, `${what}: a failure is remembered for a minute too`);
      clock.now += 61_000;
      await handle(denied());
      assert.equal(site.pageCalls().length, 2, what);
      assert.equal(logs.length, 2, what);
      assert.match(logs[0], /^forbidden page (unusable \(HTTP \d+\)|failed: \w+)$/, what);
    }
  });

  it('serves a page of exactly 32 KB', async () => {
    const body = `<p>${'x'.repeat(32 * 1024 - 7)}</p>`;
    const site = siteFetch(() => new Response(body, { headers: { 'content-type': 'TEXT/HTML' } }));
    const result = await setup({ config, fetch: site.fetch }).handle(denied());
    assert.equal(result.body, body);
    assert.ok(JSON.stringify(result).length < 40_000);
  });

  it('is readable without a session, as an exact public path, unchanged and without our cookies', async () => {
    for (const extra of [{}, { spa: true }, { accessRules: [{ path: '/*', groups: ['x'] }] }]) {
      const { handle, calls } = setup({ config: { ...config, ...extra } });
      const event = viewerRequest({ uri: '/403.html', cookies: '__Host-edgesite_id_token=junk; x=1' });
      const result = await handle(event);
      assertForwarded(result, event);
      assert.equal(result.uri, '/403.html');
      assert.deepEqual(result.headers.cookie, [{ key: 'Cookie', value: 'x=1' }]);
      assert.equal(calls.length, 0);
    }
    const { handle } = setup({ config });
    for (const uri of ['/403.html/', '/403.htm', '/403%2Ehtml', '/x/../403.html']) {
      assertStatus(await handle(viewerRequest({ uri, headers: API_REQUEST })), uri.includes('..') ? 400 : 401);
    }
  });

  it('carries the state cookie clearance when sign-in refuses the user', async () => {
    const site = siteFetch(undefined, { id_token: mintToken({ 'cognito:groups': ['sales'] }) });
    const { handle } = setup({ config, fetch: site.fetch });
    const login = await startLogin(handle);
    const result = await handle(callbackEvent({ state: login.state, stateCookie: login.stateCookie }));
    assertStatus(result, 403);
    assert.equal(result.body, PAGE);
    assert.deepEqual([...setCookies(result).keys()], ['__Host-edgesite_state']);
  });

  it('is not fetched for a Host header that is not a host name', async () => {
    const site = siteFetch();
    const { handle } = setup({ config, fetch: site.fetch });
    for (const host of ['evil.example/x?', 'evil.example@site.example.com', 'a b']) {
      const result = await handle(denied(host));
      assertStatus(result, 403);
      assert.match(result.body, /Access denied/);
    }
    assert.equal(site.pageCalls().length, 0);
  });

  it('is not fetched for users who may read the page', async () => {
    const site = siteFetch();
    const { handle } = setup({ config, fetch: site.fetch });
    const event = viewerRequest({ uri: '/finance/q3.html', cookies: user('finance') });
    assertForwarded(await handle(event), event);
    assert.equal(site.pageCalls().length, 0);
  });
});
