import { createHash, randomBytes } from 'node:crypto';
import { asciiLowerCase, parseConfig } from './config.mjs';
import {
  ID_TOKEN_COOKIE,
  REFRESH_TOKEN_COOKIE,
  STATE_COOKIE,
  clearCookie,
  fitsCookie,
  openState,
  readCookies,
  safeEqual,
  sealState,
  setCookie,
} from './cookies.mjs';
import { CLOCK_SKEW_SECONDS, TokenError, createIdTokenVerifier, verifySignedIdToken } from './jwt.mjs';
import { isPublicPath, originUri, requestTarget, safeRedirectTarget } from './paths.mjs';
import { badRequest, forbidden, redirect, serverError, signInFailed, signOutRefused, unauthorized } from './responses.mjs';

export { ConfigError } from './config.mjs';
export { serverError } from './responses.mjs';

const STATE_TTL_SECONDS = 600;
// The session cookies live 30 days; an ID token that expired longer ago than that is no longer renewed.
const SESSION_COOKIE_MAX_AGE = 30 * 24 * 3600;
const TOKEN_TIMEOUT_MS = 3000;
const MAX_TOKEN_RESPONSE_LENGTH = 64 * 1024;
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const AUTHORIZATION_CODE = /^[\x21-\x7e]{1,2048}$/;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const SAME_ORIGIN = /^(?:same-origin|none)$/i;

function headerValue(headers, name) {
  const entries = headers[name];
  return Array.isArray(entries) && typeof entries[0]?.value === 'string' ? entries[0].value : undefined;
}

function hostOf(headers) {
  const host = headerValue(headers, 'host');
  return host && host.length <= 260 && HOST.test(host) ? host : null;
}

const isRequest = (r) =>
  r !== null &&
  typeof r === 'object' &&
  typeof r.uri === 'string' &&
  r.uri.startsWith('/') &&
  typeof r.method === 'string' &&
  r.headers !== null &&
  typeof r.headers === 'object' &&
  !Array.isArray(r.headers) &&
  (r.querystring === undefined || typeof r.querystring === 'string');

/** Page loads may be sent to the login page; anything else (fetch, XHR, forms, assets) gets a 401. */
function isNavigation({ method, headers }) {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const mode = headerValue(headers, 'sec-fetch-mode');
  if (mode !== undefined) return mode.toLowerCase() === 'navigate';
  if (headerValue(headers, 'x-requested-with')?.toLowerCase() === 'xmlhttprequest') return false;
  return /\btext\/html\b/i.test(headerValue(headers, 'accept') ?? '');
}

const isSavedLogin = (s) =>
  s !== null && typeof s.s === 'string' && typeof s.v === 'string' && typeof s.p === 'string' && typeof s.e === 'number';

export function createHandler(
  rawConfig,
  { now = Date.now, fetch = (...args) => globalThis.fetch(...args), log = () => {}, tokenTimeoutMs = TOKEN_TIMEOUT_MS } = {},
) {
  const config = parseConfig(rawConfig);
  const { allowedGroups, allowedEmailDomains, callbackPath, signOutPath } = config;
  const verifyIdToken = createIdTokenVerifier(config);
  const nowSeconds = () => now() / 1000;
  const authorizeBase =
    config.authorizeUrl +
    (config.authorizeUrl.includes('?') ? '&' : '?') +
    `response_type=code&client_id=${encodeURIComponent(config.clientId)}` +
    `&scope=${encodeURIComponent(config.scope)}&code_challenge_method=S256`;
  // On CloudFront the site is wherever the viewer reached it; a local server names its origin in siteOrigin.
  const siteUrl = (host, path) => `${config.siteOrigin ?? `https://${host}`}${path}`;
  const redirectUri = (host) => siteUrl(host, callbackPath);
  // Cognito's revocation endpoint sits next to its token endpoint; a tokenUrl of another shape has none.
  const tokenUrl = new URL(config.tokenUrl);
  tokenUrl.pathname = tokenUrl.pathname.replace(/\/oauth2\/token$/, '/oauth2/revoke');
  const revokeUrl = tokenUrl.href === config.tokenUrl ? null : tokenUrl.href;

  function verified(token) {
    if (!token) return null;
    try {
      return verifyIdToken(token, nowSeconds());
    } catch (err) {
      if (err instanceof TokenError) return null;
      throw err;
    }
  }

  /**
   * The claims of an ID token validly signed for this pool and client that has merely expired (within the
   * session cookies' lifetime), or null: only such a session may be renewed with the refresh token.
   */
  function expiredSession(token) {
    if (!token) return null;
    try {
      const claims = verifySignedIdToken(token, config);
      const age = nowSeconds() - claims.exp;
      return age >= CLOCK_SKEW_SECONDS && age <= SESSION_COOKIE_MAX_AGE ? claims : null;
    } catch (err) {
      if (err instanceof TokenError) return null;
      throw err;
    }
  }

  function isAllowed(claims) {
    if (allowedGroups.size) {
      const groups = claims['cognito:groups'];
      if (!Array.isArray(groups) || !groups.some((g) => allowedGroups.has(g))) return false;
    }
    if (allowedEmailDomains.size) {
      const { email, email_verified: emailVerified } = claims;
      if (emailVerified !== true && emailVerified !== 'true') return false;
      if (typeof email !== 'string') return false;
      const at = email.indexOf('@');
      if (at < 1 || at !== email.lastIndexOf('@')) return false;
      // A domain with anything but printable ASCII matches nothing (see asciiLowerCase).
      const domain = email.slice(at + 1);
      if (!PRINTABLE_ASCII.test(domain) || !allowedEmailDomains.has(asciiLowerCase(domain))) return false;
    }
    return true;
  }

  const post = (url, params) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(tokenTimeoutMs),
    });

  async function requestTokens(params) {
    try {
      const res = await post(config.tokenUrl, params);
      if (!res.ok) {
        log(`token endpoint (${params.grant_type}) answered HTTP ${res.status}`);
        return null;
      }
      const text = await res.text();
      const tokens = text.length <= MAX_TOKEN_RESPONSE_LENGTH ? JSON.parse(text) : null;
      return typeof tokens?.id_token === 'string' ? tokens : null;
    } catch (err) {
      log(`token endpoint (${params.grant_type}) failed: ${err?.name ?? 'error'}`);
      return null;
    }
  }

  /** Set-Cookie values for a new session, or null if a token cannot be stored in a browser cookie. */
  function sessionCookies(tokens, replaceRefreshToken) {
    if (!fitsCookie(ID_TOKEN_COOKIE, tokens.id_token)) return null;
    // The ID token outlives its exp in the browser: once expired, it is what allows a renewal.
    const cookies = [setCookie(ID_TOKEN_COOKIE, tokens.id_token, SESSION_COOKIE_MAX_AGE)];
    if (tokens.refresh_token !== undefined) {
      if (!fitsCookie(REFRESH_TOKEN_COOKIE, tokens.refresh_token)) return null;
      cookies.push(setCookie(REFRESH_TOKEN_COOKIE, tokens.refresh_token, SESSION_COOKIE_MAX_AGE));
    } else if (replaceRefreshToken) {
      cookies.push(clearCookie(REFRESH_TOKEN_COOKIE));
    }
    return cookies;
  }

  function forward(request, otherCookies, isPublic) {
    if (otherCookies.length) request.headers.cookie = [{ key: 'Cookie', value: otherCookies.join('; ') }];
    else delete request.headers.cookie;
    let uri = originUri(request.uri, config.spa);
    // A public request reaches the origin only as a public path: the SPA index if that is public, else
    // the directory index if that is, else the path as it came.
    if (isPublic && config.spa && uri !== request.uri && !isPublicPath(config.publicPaths, uri)) {
      const index = originUri(request.uri, false);
      uri = isPublicPath(config.publicPaths, index) ? index : request.uri;
    }
    request.uri = uri;
    return request;
  }

  function signIn(request, cookies) {
    if (!isNavigation(request)) return unauthorized(cookies);
    const host = hostOf(request.headers);
    if (!host) return badRequest(cookies);
    const state = randomBytes(16).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const saved = {
      s: state,
      v: verifier,
      p: requestTarget(request.uri, request.querystring),
      e: Math.floor(nowSeconds()) + STATE_TTL_SECONDS,
    };
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const location =
      `${authorizeBase}&redirect_uri=${encodeURIComponent(redirectUri(host))}` +
      `&state=${state}&code_challenge=${challenge}`;
    const stateCookie = setCookie(STATE_COOKIE, sealState(saved, config.cookieKey), STATE_TTL_SECONDS);
    return redirect(location, [...cookies, stateCookie]);
  }

  async function callback(request, own) {
    const cookies = [clearCookie(STATE_COOKIE)];
    const host = hostOf(request.headers);
    const saved = own[STATE_COOKIE] ? openState(own[STATE_COOKIE], config.cookieKey) : null;
    const params = new URLSearchParams(request.querystring ?? '');
    const states = params.getAll('state');
    const codes = params.getAll('code');
    if (
      !host ||
      !isSavedLogin(saved) ||
      saved.e <= nowSeconds() ||
      states.length !== 1 ||
      !safeEqual(states[0], saved.s) ||
      codes.length !== 1 ||
      !AUTHORIZATION_CODE.test(codes[0])
    ) {
      return signInFailed(cookies);
    }
    const tokens = await requestTokens({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: codes[0],
      redirect_uri: redirectUri(host),
      code_verifier: saved.v,
    });
    const claims = verified(tokens?.id_token);
    if (!claims) return signInFailed(cookies);
    if (!isAllowed(claims)) return forbidden(signOutPath, cookies);
    const session = sessionCookies(tokens, true);
    if (!session) {
      log('tokens too large for a cookie');
      return serverError(cookies);
    }
    return redirect(safeRedirectTarget(saved.p), [...cookies, ...session]);
  }

  /** Best effort: a failed or slow revocation must not keep the user from signing out. */
  async function revoke(refreshToken) {
    try {
      const res = await post(revokeUrl, { token: refreshToken, client_id: config.clientId });
      if (!res.ok) log(`revoke endpoint answered HTTP ${res.status}`);
    } catch (err) {
      log(`revoke endpoint failed: ${err?.name ?? 'error'}`);
    }
  }

  async function signOut({ headers }, own) {
    // Only the site's own pages, or the user, may sign out (Sec-Fetch-Site same-origin or none, or a
    // browser that does not send it); any other site, sibling subdomains included, changes nothing.
    const site = headers['sec-fetch-site'];
    if (site !== undefined && !(Array.isArray(site) && site.length && site.every((e) => SAME_ORIGIN.test(e?.value)))) {
      return signOutRefused(signOutPath);
    }
    const cookies = [clearCookie(ID_TOKEN_COOKIE), clearCookie(REFRESH_TOKEN_COOKIE), clearCookie(STATE_COOKIE)];
    const id = own[ID_TOKEN_COOKIE];
    if (revokeUrl && own[REFRESH_TOKEN_COOKIE] && (verified(id) || expiredSession(id))) await revoke(own[REFRESH_TOKEN_COOKIE]);
    const host = hostOf(headers);
    if (!host) return badRequest(cookies);
    const url = new URL(config.logoutUrl);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('logout_uri', siteUrl(host, '/'));
    return redirect(url.href, cookies);
  }

  async function route(event) {
    const request = event?.Records?.[0]?.cf?.request;
    if (!isRequest(request)) return badRequest();
    const { uri } = request;
    const { own, others } = readCookies(request.headers);
    if (uri === signOutPath) return signOut(request, own);
    if (uri === callbackPath) return callback(request, own);
    if (isPublicPath(config.publicPaths, uri)) return forward(request, others, true);

    const claims = verified(own[ID_TOKEN_COOKIE]);
    if (claims) return isAllowed(claims) ? forward(request, others) : forbidden(signOutPath);

    const stale = [ID_TOKEN_COOKIE, REFRESH_TOKEN_COOKIE].filter((n) => Object.hasOwn(own, n)).map((n) => clearCookie(n));
    const expired = own[REFRESH_TOKEN_COOKIE] ? expiredSession(own[ID_TOKEN_COOKIE]) : null;
    if (expired) {
      const tokens = await requestTokens({
        grant_type: 'refresh_token',
        client_id: config.clientId,
        refresh_token: own[REFRESH_TOKEN_COOKIE],
      });
      const renewed = verified(tokens?.id_token);
      if (renewed && typeof renewed.sub === 'string' && renewed.sub === expired.sub) {
        if (!isAllowed(renewed)) return forbidden(signOutPath, stale);
        const session = sessionCookies(tokens, false);
        if (session) return redirect(requestTarget(uri, request.querystring), session, 307);
      }
    }
    return signIn(request, stale);
  }

  return async function handle(event) {
    try {
      return await route(event);
    } catch (err) {
      log(`unexpected ${err?.name ?? 'error'}`);
      // Even a failed callback uses up its login state.
      return serverError(event?.Records?.[0]?.cf?.request?.uri === callbackPath ? [clearCookie(STATE_COOKIE)] : []);
    }
  };
}
