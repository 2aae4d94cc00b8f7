import assert from 'node:assert/strict';
import { createCipheriv, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { HANDOFF_PATH } from '../../main/js/authorizer.mjs';
import { parseConfig } from '../../main/js/config.mjs';
import { API_REQUEST, BROWSER_NAVIGATION, requestOf, viewerRequest } from './fixtures/cloudfront.mjs';
import { NOW_S, mintToken } from './fixtures/tokens.mjs';
import {
  COOKIE_SECRET,
  SIGN_OUT,
  assertForwarded,
  assertStatus,
  baseConfig,
  headerOf,
  setCookies,
  setup,
  startLogin,
  validCookie,
} from './helpers.mjs';

const MAIN = 'docs.example.com';
const DOMAIN = 'preview.docs.example.com';
const PR = `pr-17.${DOMAIN}`;
const OTHER = `pr-18.${DOMAIN}`;
const PREVIEWS = { domain: DOMAIN, siteHost: MAIN };
const HANDOFF = '__Host-edgesite_handoff';
const ID = '__Host-edgesite_id_token';

const previewSetup = (config = {}) => setup({ config: { previews: PREVIEWS, ...config } });

const get = (handle, host, uri, { querystring = '', cookies, headers = BROWSER_NAVIGATION } = {}) => {
  const event = viewerRequest({ host, uri, querystring, cookies, headers });
  return handle(event).then((result) => ({ result, event }));
};

/** Steps 1 and 2 of a handoff: the preview asks, the signed-in main host answers with a token. */
async function handoffToken(handle, { host = PR, target = '/guide/page.html', querystring = 'x=1', mainCookie = validCookie() } = {}) {
  const { result: ask } = await get(handle, host, target, { querystring });
  assertStatus(ask, 302);
  const location = new URL(headerOf(ask, 'location'));
  const handoffCookie = setCookies(ask).get(HANDOFF);
  const { result: answer } = await get(handle, MAIN, location.pathname, { querystring: location.search.slice(1), cookies: mainCookie });
  assertStatus(answer, 302);
  const back = new URL(headerOf(answer, 'location'));
  return { ask, location, handoffCookie, answer, back, token: back.searchParams.get('token') };
}

const takeOver = (handle, token, cookie, host = PR) =>
  get(handle, host, HANDOFF_PATH, { querystring: `token=${token}`, cookies: cookie && `${HANDOFF}=${cookie}` }).then((r) => r.result);

function assertRefused(result) {
  assertStatus(result, 400);
  assert.equal(setCookies(result).get(HANDOFF)?.attrs['Max-Age'], '0', 'the handoff cookie is used up');
  assert.equal(setCookies(result).has(ID), false);
}

describe('previews config', () => {
  const parse = (previews, extra = {}) => parseConfig(baseConfig({ previews, ...extra }));

  it('accepts CloudFront and local shapes, and absent', () => {
    assert.deepEqual(parse(PREVIEWS).previews, { domain: DOMAIN, port: '', siteHost: MAIN });
    const local = { domain: 'preview.localhost', siteHost: 'localhost:8080' };
    assert.equal(parse(local, { siteOrigin: 'http://localhost:8080' }).previews.port, ':8080');
    assert.equal(parse(undefined).previews, null);
  });

  it('refuses bad shapes', () => {
    for (const bad of [
      'preview.docs.example.com',
      [],
      { domain: DOMAIN },
      { ...PREVIEWS, extra: 1 },
      { domain: 'Preview.Docs.example.com', siteHost: MAIN },
      { domain: DOMAIN, siteHost: 'Docs.example.com' },
      { domain: '*.preview.docs.example.com', siteHost: MAIN },
      { domain: `${DOMAIN}.`, siteHost: MAIN },
      { domain: 'example.com', siteHost: MAIN },
      { domain: MAIN, siteHost: MAIN },
      { domain: 7, siteHost: MAIN },
      { domain: DOMAIN, siteHost: 'https://docs.example.com' },
    ]) {
      assert.throws(() => parse(bad), { name: 'ConfigError' }, JSON.stringify(bad));
    }
    assert.throws(() => parse({ domain: 'preview.localhost', siteHost: 'localhost:8080' }, { siteOrigin: 'http://localhost:9090' }));
    assert.throws(() => parse(PREVIEWS, { signOutPath: HANDOFF_PATH }));
  });
});

describe('host routing', () => {
  it('serves a preview host from its own prefix and the main host as before', async () => {
    const { handle } = previewSetup();
    const preview = await get(handle, PR, '/guide/', { cookies: validCookie() });
    assertForwarded(preview.result, preview.event);
    assert.equal(requestOf(preview.event).uri, '/_previews/pr-17/guide/index.html');
    const main = await get(handle, MAIN, '/guide/', { cookies: validCookie() });
    assertForwarded(main.result, main.event);
    assert.equal(requestOf(main.event).uri, '/guide/index.html');
  });

  it('lower-cases the host', async () => {
    const { handle } = previewSetup();
    const { result, event } = await get(handle, 'PR-17.Preview.DOCS.example.com', '/a.html', { cookies: validCookie() });
    assertForwarded(result, event);
    assert.equal(requestOf(event).uri, '/_previews/pr-17/a.html');
  });

  it('refuses malformed hosts under the previews domain, never serving the main site there', async () => {
    const { handle } = previewSetup();
    for (const host of [
      `a.b.${DOMAIN}`,
      `-x.${DOMAIN}`,
      `x-.${DOMAIN}`,
      `x_y.${DOMAIN}`,
      `${'a'.repeat(41)}.${DOMAIN}`,
      `.${DOMAIN}`,
      DOMAIN,
      `${PR}.`,
      `${PR}:443`,
      `${PR}:8080`,
    ]) {
      const { result } = await get(handle, host, '/a.html', { cookies: validCookie() });
      assertStatus(result, 400);
    }
  });

  it('takes a 40-character name', async () => {
    const { handle } = previewSetup();
    const { result, event } = await get(handle, `${'a'.repeat(40)}.${DOMAIN}`, '/a.html', { cookies: validCookie() });
    assertForwarded(result, event);
  });

  it('gives two previews different origin URIs for one path (separate cache entries)', async () => {
    const { handle } = previewSetup({ spa: true });
    const a = await get(handle, PR, '/app/route', { cookies: validCookie() });
    const b = await get(handle, OTHER, '/app/route', { cookies: validCookie() });
    assert.equal(requestOf(a.event).uri, '/_previews/pr-17/index.html');
    assert.equal(requestOf(b.event).uri, '/_previews/pr-18/index.html');
  });

  it('treats every host as the main site when previews are off', async () => {
    const { handle } = setup();
    const { result, event } = await get(handle, PR, '/a.html', { cookies: validCookie() });
    assertForwarded(result, event);
    assert.equal(requestOf(event).uri, '/a.html');
  });
});

describe('prefix confinement', () => {
  const spellings = [
    '/_previews/pr-17/a.html',
    '/%5Fpreviews/pr-17/a.html',
    '/%5fpreviews/pr-17/a.html',
    '/_previews%2Fpr-17%2Fa.html',
    '/_previews',
    '/_previews/',
    '//_previews/pr-17/a.html',
    '/docs/../_previews/pr-17/a.html',
    '/docs/%2e%2e/_previews/pr-17/a.html',
    '/_preview%73/pr-17/a.html',
    '/\\_previews/a.html',
  ];

  for (const [label, extra] of [
    ['previews on', { previews: PREVIEWS }],
    ['previews off', {}],
  ]) {
    it(`the main site never serves a preview key (${label})`, async () => {
      const { handle } = setup({ config: extra });
      for (const uri of spellings) {
        const { result } = await get(handle, MAIN, uri, { cookies: validCookie() });
        assertStatus(result, 404);
      }
    });
  }

  it('not through a public path, the forbidden page or the SPA index either', async () => {
    const { handle } = setup({ config: { publicPaths: ['/*'], forbiddenPage: '/_previews/pr-17/403.html' } });
    for (const uri of ['/_previews/pr-17/a.html', '/%5Fpreviews/x/', '/_previews/pr-17/403.html']) {
      const { result } = await get(handle, MAIN, uri);
      assertStatus(result, 404);
    }
    const spa = setup({ config: { spa: true, publicPaths: ['/_previews/*'] } });
    const { result } = await get(spa.handle, MAIN, '/_previews/pr-17/route');
    assertStatus(result, 404);
  });

  it('answers 400 to an undecodable main-site URI', async () => {
    const { handle } = setup();
    const { result } = await get(handle, MAIN, '/a%zz.html', { cookies: validCookie() });
    assertStatus(result, 400);
  });

  it('keeps an ordinary main-site path that merely mentions the name', async () => {
    const { handle } = setup();
    const { result, event } = await get(handle, MAIN, '/_previews.html', { cookies: validCookie() });
    assertForwarded(result, event);
  });

  it('a preview cannot climb out of its folder', async () => {
    const { handle, logs } = previewSetup({ publicPaths: ['/*'] });
    for (const uri of [
      '/../pr-18/a.html',
      '/../../a.html',
      '/%2e%2e/pr-18/a.html',
      '/%2E%2E%2Fpr-18/a.html',
      '/%2e%2e%2fother',
      '/x/..%2f..%2fpr-18/a.html',
      '/x%2f..%2f..%2fa.html',
      '/x%5c..%5c..%5ca.html',
      '/x\\..\\..\\a.html',
      '/./a.html',
      '/%252e%252e/a.html',
      '/a%00.html',
      '/a%zz.html',
    ]) {
      for (const cookies of [undefined, validCookie()]) {
        const { result } = await get(handle, PR, uri, { cookies });
        assertStatus(result, 400);
      }
    }
    assert.deepEqual(logs, []);
  });

  it('a preview applies publicPaths, access rules and the forbidden page relative to its own root', async () => {
    const fetched = [];
    const { handle } = setup({
      config: {
        previews: PREVIEWS,
        accessRules: [{ path: '/finance/*', groups: ['finance'] }],
        forbiddenPage: '/403.html',
      },
      fetch: async (url) => {
        fetched.push(String(url));
        return new Response('<p>no</p>', { status: 200, headers: { 'content-type': 'text/html' } });
      },
    });
    const open = await get(handle, PR, '/public/a.css', { headers: API_REQUEST });
    assertForwarded(open.result, open.event);
    assert.equal(requestOf(open.event).uri, '/_previews/pr-17/public/a.css');
    const page = await get(handle, PR, '/403.html');
    assert.equal(requestOf(page.event).uri, '/_previews/pr-17/403.html');
    const { result } = await get(handle, PR, '/finance/a.html', { cookies: validCookie() });
    assertStatus(result, 403);
    assert.equal(result.body, '<p>no</p>');
    assert.deepEqual(fetched, [`https://${PR}/403.html`]);
  });
});

describe('handoff', () => {
  it('round trip: preview, main host, token, preview cookie, page', async () => {
    const { handle, logs } = previewSetup();
    const { ask, location, handoffCookie, answer, back, token } = await handoffToken(handle);
    assert.equal(location.origin, `https://${MAIN}`);
    assert.equal(location.pathname, HANDOFF_PATH);
    assert.deepEqual([...location.searchParams.keys()], ['host', 'n']);
    assert.equal(location.searchParams.get('host'), PR);
    assert.deepEqual(handoffCookie.attrs, { Path: '/', 'Max-Age': '600', HttpOnly: true, Secure: true, SameSite: 'Lax' });
    assert.equal(setCookies(ask).size, 1);
    assert.equal(back.origin, `https://${PR}`);
    assert.equal(back.pathname, HANDOFF_PATH);
    assert.deepEqual([...back.searchParams.keys()], ['token']);
    assert.equal(setCookies(answer).size, 0, 'the main host sets nothing');
    // The ID token is not readable from the URL.
    const idToken = validCookie().split('=')[1];
    for (const part of idToken.split('.')) assert.equal(back.href.includes(part), false);

    const done = await takeOver(handle, token, handoffCookie.value);
    assertStatus(done, 302);
    assert.equal(headerOf(done, 'location'), '/guide/page.html?x=1');
    const cookies = setCookies(done);
    assert.equal(cookies.get(HANDOFF).attrs['Max-Age'], '0');
    assert.equal(cookies.get(ID).value, idToken);
    assert.deepEqual(Object.keys(cookies.get(ID).attrs).sort(), ['HttpOnly', 'Max-Age', 'Path', 'SameSite', 'Secure']);

    const { result, event } = await get(handle, PR, '/guide/page.html', { querystring: 'x=1', cookies: `${ID}=${idToken}` });
    assertForwarded(result, event);
    assert.equal(requestOf(event).uri, '/_previews/pr-17/guide/page.html');
    assert.equal(logs.some((l) => l.includes(token) || l.includes(idToken)), false);
  });

  it('a preview host without a session answers 401 to a non-navigation and never goes to Cognito', async () => {
    const { handle } = previewSetup();
    const { result } = await get(handle, PR, '/api/data.json', { headers: API_REQUEST });
    assertStatus(result, 401);
    const callback = await get(handle, PR, '/_edgesite/callback', { querystring: 'code=a&state=b' });
    assertStatus(callback.result, 400);
    const ask = await get(handle, PR, '/a.html', { cookies: `${ID}=${mintToken({ exp: NOW_S - 3600 })}; __Host-edgesite_refresh_token=r` });
    assertStatus(ask.result, 302);
    assert.match(headerOf(ask.result, 'location'), /^https:\/\/docs\.example\.com\/_edgesite\/handoff\?/);
  });

  it('the main host signs in first, keeping the handoff URL as where to return', async () => {
    const { handle } = previewSetup();
    const { result: ask } = await get(handle, PR, '/a.html');
    const location = new URL(headerOf(ask, 'location'));
    const login = await startLogin(handle, { host: MAIN, uri: HANDOFF_PATH, querystring: location.search.slice(1) });
    const state = JSON.parse(Buffer.from(login.stateCookie.split('.')[0], 'base64url').toString());
    assert.equal(state.p, `${HANDOFF_PATH}${location.search}`);
    assert.equal(new URL(login.location.searchParams.get('redirect_uri')).host, MAIN);
  });

  it('refuses a user the site does not let in', async () => {
    const { handle } = previewSetup({ allowedGroups: ['finance'] });
    const { result: ask } = await get(handle, PR, '/a.html');
    const location = new URL(headerOf(ask, 'location'));
    const { result } = await get(handle, MAIN, HANDOFF_PATH, { querystring: location.search.slice(1), cookies: validCookie() });
    assertStatus(result, 403);
  });

  it('refuses an expired token', async () => {
    const { handle, clock } = previewSetup();
    const { token, handoffCookie } = await handoffToken(handle);
    clock.now += 61_000;
    assertRefused(await takeOver(handle, token, handoffCookie.value));
  });

  it('refuses a replayed token and a token in another browser', async () => {
    const { handle } = previewSetup();
    const { token, handoffCookie } = await handoffToken(handle);
    assertStatus(await takeOver(handle, token, handoffCookie.value), 302);
    assertRefused(await takeOver(handle, token, undefined));
    const other = await handoffToken(handle);
    assertRefused(await takeOver(handle, token, other.handoffCookie.value));
  });

  it('refuses a token for another preview', async () => {
    const { handle } = previewSetup();
    const { token, handoffCookie } = await handoffToken(handle, { host: OTHER });
    assertRefused(await takeOver(handle, token, handoffCookie.value, PR));
  });

  it('refuses a tampered token', async () => {
    const { handle } = previewSetup();
    const { token, handoffCookie } = await handoffToken(handle);
    const raw = Buffer.from(token, 'base64url');
    for (const at of [0, 13, 30, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[at] ^= 1;
      assertRefused(await takeOver(handle, bad.toString('base64url'), handoffCookie.value));
    }
    assertRefused(await takeOver(handle, `${token}A`, handoffCookie.value));
    assertRefused(await takeOver(handle, '', handoffCookie.value));
    const two = await get(handle, PR, HANDOFF_PATH, { querystring: `token=${token}&token=${token}`, cookies: `${HANDOFF}=${handoffCookie.value}` });
    assertRefused(two.result);
  });

  it('refuses a token or cookie sealed with the wrong key or for another purpose', async () => {
    const { handle } = previewSetup();
    const { token, handoffCookie, location } = await handoffToken(handle);
    // The login state cookie is sealed with another key: it is no handoff cookie, and no token.
    const { stateCookie } = await startLogin(handle, { host: MAIN });
    assertRefused(await takeOver(handle, token, stateCookie));
    assertRefused(await takeOver(handle, stateCookie, handoffCookie.value));
    assertRefused(await takeOver(handle, handoffCookie.value, handoffCookie.value));
    // A token encrypted with the cookie secret itself (not the derived key), or without the purpose.
    const forge = (data, key) => {
      const iv = Buffer.alloc(12, 1);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(JSON.stringify(data)), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
    };
    const n = location.searchParams.get('n');
    const data = { t: 'handoff', h: PR, n, e: NOW_S + 30, i: validCookie().split('=')[1] };
    const secret = Buffer.from(COOKIE_SECRET, 'base64');
    assertRefused(await takeOver(handle, forge(data, secret), handoffCookie.value));
    const derived = createHmac('sha256', secret).update('edgesite handoff').digest();
    assertStatus(await takeOver(handle, forge(data, derived), handoffCookie.value), 302);
    const again = await handoffToken(handle);
    const n2 = again.location.searchParams.get('n');
    assertRefused(await takeOver(handle, forge({ ...data, n: n2, t: 'state' }, derived), again.handoffCookie.value));
    assertRefused(await takeOver(handle, forge({ ...data, n: n2, i: mintToken({ exp: NOW_S - 3600 }) }, derived), again.handoffCookie.value));
  });

  it('never hands over to a host that is not a preview of this site', async () => {
    const { handle } = previewSetup();
    const n = 'A'.repeat(22);
    for (const qs of [
      `host=evil.com&n=${n}`,
      `host=${PR}.evil.com&n=${n}`,
      `host=${MAIN}&n=${n}`,
      `host=www.example.com&n=${n}`,
      `host=${PR}:443&n=${n}`,
      `host=${PR}:8080&n=${n}`,
      `host=${PR}.&n=${n}`,
      `host=PR-17.${DOMAIN}&n=${n}`,
      `host=a.b.${DOMAIN}&n=${n}`,
      `host=${DOMAIN}&n=${n}`,
      `host=evil.com%2F${PR}&n=${n}`,
      `host=evil.com%23.${PR}&n=${n}`,
      `host=evil.com@${PR}&n=${n}`,
      `host=${PR}%0a&n=${n}`,
      `host=${PR}&host=evil.com&n=${n}`,
      `host=${PR}&host=${PR}&n=${n}`,
      `host=${PR}&n=${n}&n=${n}`,
      `host=${PR}&n=short`,
      `host=${PR}`,
      `n=${n}`,
      '',
    ]) {
      const { result } = await get(handle, MAIN, HANDOFF_PATH, { querystring: qs, cookies: validCookie() });
      assertStatus(result, 400);
      assert.equal(headerOf(result, 'location'), undefined, qs);
    }
  });

  it('logs the reason of a refusal, never the token', async () => {
    const { handle, logs } = previewSetup();
    const { token, handoffCookie } = await handoffToken(handle);
    await takeOver(handle, token, undefined);
    await takeOver(handle, token.slice(0, -2), handoffCookie.value);
    assert.equal(logs.length, 2);
    for (const line of logs) {
      assert.match(line, /^handoff refused: /);
      assert.equal(line.includes(token.slice(0, 16)), false);
    }
  });

  it('is an ordinary path when previews are off', async () => {
    const { handle } = setup();
    const { result, event } = await get(handle, MAIN, HANDOFF_PATH, { querystring: `host=${PR}&n=${'A'.repeat(22)}`, cookies: validCookie() });
    assertForwarded(result, event);
    const pub = setup({ config: { publicPaths: ['/*'] } });
    const open = await get(pub.handle, MAIN, HANDOFF_PATH);
    assertForwarded(open.result, open.event);
  });

  it('is not opened by a public path when previews are on', async () => {
    const { handle } = previewSetup({ publicPaths: ['/*'] });
    const { result } = await get(handle, MAIN, HANDOFF_PATH, { querystring: `host=${PR}&n=${'A'.repeat(22)}` });
    assertStatus(result, 302);
    assert.match(headerOf(result, 'location'), /^https:\/\/auth\.example\.com\//);
  });

  it('works locally on the server port over http', async () => {
    const { handle } = setup({
      config: { previews: { domain: 'preview.localhost', siteHost: 'localhost:8080' }, siteOrigin: 'http://localhost:8080' },
    });
    const host = 'pr-17.preview.localhost:8080';
    const { location, back, token, handoffCookie } = await handoffToken(handle, { host });
    assert.equal(location.origin, 'http://localhost:8080');
    assert.equal(back.origin, `http://${host}`);
    assertStatus(await takeOver(handle, token, handoffCookie.value, host), 302);
    const { result } = await get(handle, 'pr-17.preview.localhost', '/a.html', { cookies: validCookie() });
    assertStatus(result, 400);
  });
});

describe('sign-out on a preview host', () => {
  it('clears its cookies and sends the browser to the main host sign-out', async () => {
    const { handle, calls } = previewSetup();
    const { result } = await get(handle, PR, SIGN_OUT, { cookies: validCookie(), headers: { 'Sec-Fetch-Site': 'same-origin' } });
    assertStatus(result, 302);
    assert.equal(headerOf(result, 'location'), `https://${MAIN}${SIGN_OUT}`);
    const cookies = setCookies(result);
    for (const name of [ID, HANDOFF]) assert.equal(cookies.get(name).attrs['Max-Age'], '0');
    assert.equal(calls.length, 0);
  });

  it('changes nothing when another site asks', async () => {
    const { handle } = previewSetup();
    const { result } = await get(handle, PR, SIGN_OUT, { cookies: validCookie(), headers: { 'Sec-Fetch-Site': 'cross-site' } });
    assertStatus(result, 403);
    assert.equal(result.headers['set-cookie'], undefined);
  });
});
