import assert from 'node:assert/strict';
import { createHandler } from '../../main/js/authorizer.mjs';
import { BROWSER_NAVIGATION, viewerRequest } from './fixtures/cloudfront.mjs';
import { CLIENT_ID, ISSUER, NOW, jwks, mintToken } from './fixtures/tokens.mjs';

export const COOKIE_SECRET = Buffer.alloc(32, 0xa5).toString('base64');
export const CALLBACK = '/_edgesite/callback';
export const SIGN_OUT = '/_edgesite/signout';

export function baseConfig(overrides = {}) {
  return {
    issuer: ISSUER,
    clientId: CLIENT_ID,
    jwks,
    authorizeUrl: 'https://auth.example.com/oauth2/authorize',
    tokenUrl: 'https://auth.example.com/oauth2/token',
    logoutUrl: 'https://auth.example.com/logout',
    scopes: ['openid', 'email', 'profile'],
    cookieSecret: COOKIE_SECRET,
    publicPaths: ['/public/*', '/favicon.ico', '/robots.tx?'],
    allowedGroups: [],
    allowedEmailDomains: [],
    spa: false,
    ...overrides,
  };
}

/** A fake token endpoint; respond(call) returns { status, body } (body JSON-encoded unless a string). */
export function tokenEndpoint(respond = () => ({ status: 400, body: { error: 'invalid_grant' } })) {
  const calls = [];
  const fetch = async (url, init) => {
    const call = { url: String(url), init, form: Object.fromEntries(new URLSearchParams(init.body)) };
    calls.push(call);
    const { status = 200, body } = await respond(call);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, calls };
}

export function setup({ config, respond, fetch } = {}) {
  const clock = { now: NOW };
  const endpoint = tokenEndpoint(respond);
  const logs = [];
  const handle = createHandler(baseConfig(config), {
    now: () => clock.now,
    fetch: fetch ?? endpoint.fetch,
    log: (message) => logs.push(message),
    tokenTimeoutMs: 50,
  });
  return { handle, clock, calls: endpoint.calls, logs };
}

export const headerOf = (response, name) => response.headers?.[name]?.[0]?.value;

/** Set-Cookie headers of a response by cookie name. */
export function setCookies(response) {
  const cookies = new Map();
  for (const { key, value } of response.headers?.['set-cookie'] ?? []) {
    assert.equal(key, 'Set-Cookie');
    const [pair, ...attributes] = value.split('; ');
    const eq = pair.indexOf('=');
    const attrs = Object.fromEntries(attributes.map((a) => [a.split('=')[0], a.split('=')[1] ?? true]));
    cookies.set(pair.slice(0, eq), { value: pair.slice(eq + 1), attrs });
  }
  return cookies;
}

export function assertForwarded(result, event) {
  assert.equal(result, event.Records[0].cf.request, 'expected the request to be forwarded');
}

export function assertStatus(result, status) {
  assert.equal(typeof result?.status, 'string', 'expected a generated response, not a forwarded request');
  assert.equal(result.status, String(status));
  assert.equal(headerOf(result, 'cache-control'), 'no-store');
}

export const decodeState = (cookieValue) => JSON.parse(Buffer.from(cookieValue.split('.')[0], 'base64url').toString());

export const validCookie = (claims) => `__Host-edgesite_id_token=${mintToken(claims)}`;

export async function startLogin(handle, { uri = '/docs/page.html', querystring = '', host } = {}) {
  const response = await handle(viewerRequest({ uri, querystring, host, headers: BROWSER_NAVIGATION }));
  assertStatus(response, 302);
  const location = new URL(headerOf(response, 'location'));
  const stateCookie = setCookies(response).get('__Host-edgesite_state').value;
  return { response, location, state: location.searchParams.get('state'), stateCookie };
}

export function callbackEvent({ code = 'auth-code-1', state, stateCookie, querystring, cookies, ...rest } = {}) {
  const qs = querystring ?? new URLSearchParams({ code, state }).toString();
  return viewerRequest({
    uri: CALLBACK,
    querystring: qs,
    headers: BROWSER_NAVIGATION,
    cookies: cookies ?? (stateCookie === undefined ? undefined : `__Host-edgesite_state=${stateCookie}`),
    ...rest,
  });
}

/** A fetch that never answers; it rejects only when its signal aborts, as the real fetch does. */
export function hangingFetch(url, { signal }) {
  return new Promise((resolve, reject) => {
    const keepAlive = setTimeout(() => reject(new Error('the authorizer did not abort the token request')), 5000);
    signal.addEventListener('abort', () => {
      clearTimeout(keepAlive);
      reject(signal.reason);
    });
  });
}
