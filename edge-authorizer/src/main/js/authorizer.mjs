import { createHash, createHmac, randomBytes } from 'node:crypto';
import { HANDOFF_PATH, asciiLowerCase, parseConfig, splitHost } from './config.mjs';
import {
  HANDOFF_COOKIE,
  ID_TOKEN_COOKIE,
  REFRESH_TOKEN_COOKIE,
  STATE_COOKIE,
  clearCookie,
  decrypt,
  encrypt,
  fitsCookie,
  openState,
  readCookies,
  safeEqual,
  sealState,
  setCookie,
} from './cookies.mjs';
import { CLOCK_SKEW_SECONDS, TokenError, createIdTokenVerifier, verifySignedIdToken } from './jwt.mjs';
import { isPublicPath, originUri, requestTarget, safeRedirectTarget, strictPaths } from './paths.mjs';
import {
  badRequest,
  forbidden,
  forbiddenSitePage,
  notFound,
  redirect,
  serverError,
  signInFailed,
  signOutRefused,
  unauthorized,
} from './responses.mjs';

export { ConfigError, HANDOFF_PATH } from './config.mjs';
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
const PREVIEW_NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
// S3 keys of previews: never served by the main site, whatever the spelling.
const PREVIEW_KEY = /(?:^|[/\\])_previews(?:[/\\]|$)/;
const NONCE = /^[\w-]{22}$/;
const HANDOFF_TTL_SECONDS = 60;

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

const isString = (v) => typeof v === 'string';

/** A claim Cognito may store as JSON in a string; undefined if that does not parse. */
function parsed(value) {
  try {
    return isString(value) ? JSON.parse(value) : value;
  } catch {}
}

/** A list claim: an array, or a string of a JSON array, "[a, b]" (multi-valued SAML/OIDC), "a,b" or "a". */
export function listClaim(value) {
  let list = value;
  if (isString(value)) {
    const s = value.trim();
    // Only what looks like JSON goes to JSON.parse: a thrown SyntaxError costs more than a request.
    list = /^\[\s*"/.test(s) ? parsed(s) : s[0] !== '[' ? s.split(',') : s.endsWith(']') ? s.slice(1, -1).split(',') : [];
  }
  return Array.isArray(list) ? list.filter(isString).map((g) => g.trim()).filter(Boolean) : [];
}

const isSavedLogin = (s) =>
  s !== null && typeof s.s === 'string' && typeof s.v === 'string' && typeof s.p === 'string' && typeof s.e === 'number';

export function createHandler(
  rawConfig,
  { now = Date.now, fetch = (...args) => globalThis.fetch(...args), log = () => {}, tokenTimeoutMs = TOKEN_TIMEOUT_MS } = {},
) {
  const config = parseConfig(rawConfig);
  const { allowedGroups, allowedEmailDomains, callbackPath, signOutPath, accessRules, identityProviders, forbiddenPage } = config;
  // A user in an access rule's group may sign in though in none of allowedGroups.
  const entryGroups = allowedGroups.size
    ? new Set([...allowedGroups, ...accessRules.flatMap((r) => [...r.groups])])
    : allowedGroups;
  const [onlyProvider] = identityProviders;
  const verifyIdToken = createIdTokenVerifier(config);
  const nowSeconds = () => now() / 1000;
  const authorizeBase =
    config.authorizeUrl +
    (config.authorizeUrl.includes('?') ? '&' : '?') +
    `response_type=code&client_id=${encodeURIComponent(config.clientId)}` +
    `&scope=${encodeURIComponent(config.scope)}&code_challenge_method=S256` +
    // Straight to the company's login page when it is the only way in.
    (identityProviders.size === 1 && !config.cognitoLogin ? `&identity_provider=${encodeURIComponent(onlyProvider)}` : '');
  // On CloudFront the site is wherever the viewer reached it; a local server names its origin in siteOrigin.
  const siteUrl = (host, path) => `${config.siteOrigin ?? `https://${host}`}${path}`;
  // Previews: <name>.<domain> on the main host's port and scheme, handed a session by the main host.
  const { previews } = config;
  const scheme = config.siteOrigin?.split(':')[0] ?? 'https';
  const mainUrl = (path) => `${config.siteOrigin ?? `https://${previews.siteHost}`}${path}`;
  const previewUrl = (host, path) => `${scheme}://${host}${path}`;
  const handoffKey = createHmac('sha256', config.cookieKey).update('edgesite handoff').digest();

  const previewHost = (name) => `${name}.${previews.domain}${previews.port}`;

  /** A preview host's name; undefined for any other host; null for a malformed host under the previews' domain. */
  function previewName(host) {
    if (!previews || !host) return undefined;
    const [name, port] = splitHost(asciiLowerCase(host));
    if (!`.${name.replace(/\.$/, '')}`.endsWith(`.${previews.domain}`)) return undefined;
    const label = name.slice(0, -previews.domain.length - 1);
    return port === previews.port && name.endsWith(previews.domain) && PREVIEW_NAME.test(label) ? label : null;
  }
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

  /** Claims of an ID token validly signed for us that merely expired (within the cookies' lifetime): only that is renewed. */
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

  /** The user's groups if the token may come in at all, else null; a password user may be able to write groupsClaim. */
  function admittedGroups(claims) {
    let groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
    if (claims.identities !== undefined) {
      // A federated user's [{ providerName, providerType, userId, ... }]
      const ids = parsed(claims.identities);
      if (!Array.isArray(ids) || !ids.length || !ids.every((i) => identityProviders.has(i?.providerName))) return null;
      groups = [...groups, ...listClaim(claims[config.groupsClaim])];
    } else if (!config.cognitoLogin) {
      return null;
    }
    if (allowedEmailDomains.size) {
      const { email, email_verified: emailVerified } = claims;
      if (emailVerified !== true && emailVerified !== 'true') return null;
      if (typeof email !== 'string') return null;
      const at = email.indexOf('@');
      if (at < 1 || at !== email.lastIndexOf('@')) return null;
      // A domain with anything but printable ASCII matches nothing (see asciiLowerCase).
      const domain = email.slice(at + 1);
      if (!PRINTABLE_ASCII.test(domain) || !allowedEmailDomains.has(asciiLowerCase(domain))) return null;
    }
    return groups;
  }

  const inOneOf = (groups, wanted) => !wanted.size || groups.some((g) => wanted.has(g));

  /** Whether the user may sign in: the path decision is made on each request. */
  function mayEnter(claims) {
    const groups = admittedGroups(claims);
    return groups !== null && inOneOf(groups, entryGroups);
  }

  /** Whether the user may read the URI and its origin URI: the first matching access rule decides, else allowedGroups. */
  function mayRead(claims, uri) {
    const groups = admittedGroups(claims);
    if (groups === null) return false;
    if (!accessRules.length) return inOneOf(groups, allowedGroups);
    return [...new Set([uri, originUri(uri, config.spa)])].every((u) =>
      strictPaths(u)?.every((p) => inOneOf(groups, accessRules.find((r) => r.match.test(p))?.groups ?? allowedGroups)),
    );
  }

  async function fetchPage(url) {
    try {
      // Half the token timeout: a token request and this page stay within Lambda@Edge's 5 s.
      const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(tokenTimeoutMs / 2) });
      const body = res.status === 200 && /^text\/html\b/i.test(res.headers.get('content-type')) ? await res.text() : '';
      // A generated body may have 40 KB.
      if (body && Buffer.byteLength(body) <= 32768) return body;
      log(`forbidden page unusable (HTTP ${res.status})`);
    } catch (err) {
      log(`forbidden page failed: ${err?.name ?? 'error'}`);
    }
  }

  let page;

  /** 403 for a signed-in user: forbiddenPage (fetched at most once a minute) or ours. */
  async function deny({ headers }, cookies = [], preview) {
    const host = hostOf(headers);
    if (forbiddenPage && (host || config.siteOrigin)) {
      const url = preview ? previewUrl(preview.host, forbiddenPage) : siteUrl(host, forbiddenPage);
      if (page?.url !== url || page.until <= now()) page = { url, until: now() + 60_000, body: fetchPage(url) };
      const body = await page.body;
      if (body) return forbiddenSitePage(body, cookies);
    }
    return forbidden(signOutPath, cookies);
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

  /** The request on its way to S3, or a response if the key it would read is not the site's to serve. */
  function forward(request, otherCookies, isPublic, preview) {
    let uri = originUri(request.uri, config.spa);
    // A public request reaches the origin only as a public path: the SPA index if that is public, else
    // the directory index if that is, else the path as it came.
    if (isPublic && config.spa && uri !== request.uri && !isPublicPath(config.publicPaths, uri)) {
      const index = originUri(request.uri, false);
      uri = isPublicPath(config.publicPaths, index) ? index : request.uri;
    }
    if (preview) {
      // The URI passed strictPaths: the key stays below the preview's own folder.
      uri = `/_previews/${preview.name}${uri}`;
    } else {
      // S3 reads the key percent-decoded.
      let key;
      try {
        key = uri.includes('%') ? decodeURIComponent(uri) : uri;
      } catch {
        return badRequest();
      }
      if (PREVIEW_KEY.test(key)) return notFound();
    }
    if (otherCookies.length) request.headers.cookie = [{ key: 'Cookie', value: otherCookies.join('; ') }];
    else delete request.headers.cookie;
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
    if (!mayEnter(claims)) return deny(request, cookies);
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

  async function signOut({ headers }, own, preview) {
    // Only the site's own pages, or the user, may sign out (Sec-Fetch-Site same-origin or none, or a
    // browser that does not send it); any other site, sibling subdomains included, changes nothing.
    const site = headers['sec-fetch-site'];
    if (site !== undefined && !(Array.isArray(site) && site.length && site.every((e) => SAME_ORIGIN.test(e?.value)))) {
      return signOutRefused(signOutPath);
    }
    const cookies = [ID_TOKEN_COOKIE, REFRESH_TOKEN_COOKIE, STATE_COOKIE, HANDOFF_COOKIE].map(clearCookie);
    // A preview holds no refresh token: the main host ends the session.
    if (preview) return redirect(mainUrl(signOutPath), cookies);
    const id = own[ID_TOKEN_COOKIE];
    if (revokeUrl && own[REFRESH_TOKEN_COOKIE] && (verified(id) || expiredSession(id))) await revoke(own[REFRESH_TOKEN_COOKIE]);
    const host = hostOf(headers);
    if (!host) return badRequest(cookies);
    const url = new URL(config.logoutUrl);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('logout_uri', siteUrl(host, '/'));
    return redirect(url.href, cookies);
  }

  /** Preview host without a session: the main host hands one over to the browser holding this nonce. */
  function askMain({ uri, querystring }, preview, cookies) {
    const n = randomBytes(16).toString('base64url');
    const saved = { n, p: requestTarget(uri, querystring), e: Math.floor(nowSeconds()) + STATE_TTL_SECONDS };
    const cookie = setCookie(HANDOFF_COOKIE, sealState(saved, handoffKey), STATE_TTL_SECONDS);
    return redirect(mainUrl(`${HANDOFF_PATH}?host=${preview.host}&n=${n}`), [...cookies, cookie]);
  }

  /** Main host, signed in: the session for one preview host of this site, sealed so that no log can read it. */
  function handOver({ querystring }, idToken) {
    const params = new URLSearchParams(querystring ?? '');
    const [host, ...moreHosts] = params.getAll('host');
    const [n, ...moreNonces] = params.getAll('n');
    const name = previewName(host);
    if (moreHosts.length || moreNonces.length || !NONCE.test(n) || !name || host !== previewHost(name)) return badRequest();
    const token = encrypt({ t: 'handoff', h: host, n, e: Math.floor(nowSeconds()) + HANDOFF_TTL_SECONDS, i: idToken }, handoffKey);
    return redirect(previewUrl(host, `${HANDOFF_PATH}?token=${token}`));
  }

  /** Preview host: takes the session from a token sealed for this host and the nonce in this browser's cookie. */
  function takeOver(request, own, preview) {
    const cookies = [clearCookie(HANDOFF_COOKIE)];
    const tokens = new URLSearchParams(request.querystring ?? '').getAll('token');
    const data = tokens.length === 1 ? decrypt(tokens[0], handoffKey) : null;
    const saved = openState(own[HANDOFF_COOKIE], handoffKey);
    const t = nowSeconds();
    const reason =
      data?.t !== 'handoff' || !isString(data.i) || !isString(data.n)
        ? 'invalid'
        : data.h !== preview.host
          ? 'for another host'
          : !(data.e > t)
            ? 'expired'
            : !(saved?.e > t) || !safeEqual(data.n, saved.n)
              ? 'not asked for by this browser'
              : null;
    const claims = reason ? null : verified(data.i);
    if (!claims) {
      log(`handoff refused: ${reason ?? 'ID token not valid'}`);
      return signInFailed(cookies);
    }
    if (!mayEnter(claims)) return deny(request, cookies, preview);
    if (!fitsCookie(ID_TOKEN_COOKIE, data.i)) return serverError(cookies);
    cookies.push(setCookie(ID_TOKEN_COOKIE, data.i, SESSION_COOKIE_MAX_AGE));
    return redirect(safeRedirectTarget(saved.p), cookies);
  }

  async function route(event) {
    const request = event?.Records?.[0]?.cf?.request;
    if (!isRequest(request)) return badRequest();
    const { uri } = request;
    const { own, others } = readCookies(request.headers);
    // The raw header: a host under the previews' domain that is no preview's is refused, not the main site.
    const name = previewName(headerValue(request.headers, 'host'));
    const preview = name && { name, host: previewHost(name) };
    if (name === null) return badRequest();
    if (uri === signOutPath) return signOut(request, own, preview);
    if (uri === callbackPath) return preview ? signInFailed([]) : callback(request, own);
    // A preview's key is its URI below _previews/<name>: no spelling may climb out of it.
    if (preview && !strictPaths(uri)) return badRequest();
    if (preview && uri === HANDOFF_PATH) return takeOver(request, own, preview);
    const handoff = previews && uri === HANDOFF_PATH;
    if (!handoff && (uri === forbiddenPage || isPublicPath(config.publicPaths, uri))) return forward(request, others, true, preview);
    // S3 decodes the key: an ambiguous URI could reach a ruled page by another spelling.
    if (accessRules.length && !strictPaths(uri)) return badRequest();

    const claims = verified(own[ID_TOKEN_COOKIE]);
    if (claims) {
      if (handoff) return mayEnter(claims) ? handOver(request, own[ID_TOKEN_COOKIE]) : deny(request);
      return mayRead(claims, uri) ? forward(request, others, false, preview) : deny(request, [], preview);
    }

    const stale = [ID_TOKEN_COOKIE, REFRESH_TOKEN_COOKIE].filter((n) => Object.hasOwn(own, n)).map((n) => clearCookie(n));
    if (preview) return isNavigation(request) ? askMain(request, preview, stale) : unauthorized(stale);
    const expired = own[REFRESH_TOKEN_COOKIE] ? expiredSession(own[ID_TOKEN_COOKIE]) : null;
    if (expired) {
      const tokens = await requestTokens({
        grant_type: 'refresh_token',
        client_id: config.clientId,
        refresh_token: own[REFRESH_TOKEN_COOKIE],
      });
      const renewed = verified(tokens?.id_token);
      if (renewed && typeof renewed.sub === 'string' && renewed.sub === expired.sub) {
        if (!mayEnter(renewed)) return deny(request, stale);
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
