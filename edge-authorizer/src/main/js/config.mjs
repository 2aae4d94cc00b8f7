import { importJwks } from './jwt.mjs';
import { compilePathPatterns } from './paths.mjs';

export class ConfigError extends Error {
  constructor(message) {
    super(`invalid config: ${message}`);
    this.name = 'ConfigError';
  }
}

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const PATH = /^\/(?![/\\])[\x21-\x7e]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;
const MIN_SECRET_BYTES = 32;
const EMAIL_DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/;
// A file path with an extension, so that no index or SPA rewrite applies.
const PAGE = /^(?=.*\.[A-Za-z0-9]+$)(?:\/[\w~-][\w.~-]*)+$/;
export const HANDOFF_PATH = '/_edgesite/handoff';
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A host name and its port, if any ('' when none). */
export const splitHost = (host) => /^(.*?)(:\d{1,5})?$/s.exec(host).slice(1, 3).map((s) => s ?? '');

/** Lower-cases A-Z and nothing else: Unicode case mapping folds look-alikes (KELVIN SIGN to k) into ASCII. */
export const asciiLowerCase = (s) => s.replace(/[A-Z]+/g, (run) => run.toLowerCase());

const fail = (message) => {
  throw new ConfigError(message);
};

function requireString(raw, name) {
  const value = raw[name];
  if (typeof value !== 'string' || !value) fail(`${name} must be a non-empty string`);
  return value;
}

function requireUrl(raw, name) {
  const value = requireString(raw, name);
  let url;
  try {
    url = new URL(value);
  } catch {
    fail(`${name} must be an absolute URL`);
  }
  if (!['https:', 'http:'].includes(url.protocol) || url.username || url.password || url.hash) {
    fail(`${name} must be an http(s) URL without credentials or fragment`);
  }
  return url.href;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The origin for redirect_uri and logout_uri instead of the Host header: set by a local server only, so http for loopback. */
function optionalOrigin(raw, name) {
  const value = raw[name];
  if (value === undefined) return null;
  let url;
  try {
    url = typeof value === 'string' ? new URL(value) : null;
  } catch {
    url = null;
  }
  const valid =
    url !== null &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) &&
    !url.username &&
    !url.password &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash;
  if (!valid) fail(`${name} must be an origin such as https://site.example.com (http only for localhost)`);
  return url.origin;
}

function optionalPath(raw, name, fallback) {
  const value = raw[name] ?? fallback;
  if (typeof value !== 'string' || !PATH.test(value) || /[?#\\]/.test(value)) fail(`${name} must be an absolute path`);
  return value;
}

const isStrings = (value) => Array.isArray(value) && value.every((v) => typeof v === 'string' && v);

function optionalStrings(raw, name) {
  const value = raw[name] ?? [];
  if (!isStrings(value)) {
    fail(`${name} must be an array of non-empty strings`);
  }
  return value;
}

function optionalBoolean(raw, name, fallback) {
  const value = raw[name] ?? fallback;
  if (typeof value !== 'boolean') fail(`${name} must be a boolean`);
  return value;
}

function parseProviders(raw) {
  const names = optionalStrings(raw, 'identityProviders');
  if (names.some((n) => n.length > 32 || n === 'COGNITO') || new Set(names).size < names.length) {
    fail('identityProviders must be distinct names of 1 to 32 characters');
  }
  return new Set(names);
}

function parseAccessRules(raw) {
  const rules = raw.accessRules ?? [];
  if (!Array.isArray(rules)) fail('accessRules must be an array');
  return rules.map((rule, i) => {
    const { path, groups } = rule ?? {};
    const keys = rule?.constructor === Object && `${Object.keys(rule).sort()}`;
    if (keys !== 'groups,path' || !isStrings([path]) || !PATH.test(path) || !isStrings(groups) || !groups.length) {
      fail(`accessRules[${i}] must be { "path": "/glob", "groups": [names] }`);
    }
    return { match: compilePathPatterns([path]), groups: new Set(groups) };
  });
}

function parseScopes(raw) {
  const value = raw.scopes ?? ['openid'];
  const scopes = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
  if (!Array.isArray(scopes) || !scopes.length || !scopes.every((s) => typeof s === 'string' && SCOPE_TOKEN.test(s))) {
    fail('scopes must be a non-empty array or space-separated string of scope tokens');
  }
  if (!scopes.includes('openid')) fail('scopes must include openid, or no ID token is issued');
  return [...new Set(scopes)].join(' ');
}

function parseSecret(raw) {
  const value = requireString(raw, 'cookieSecret');
  const bytes = BASE64.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (bytes.length < MIN_SECRET_BYTES) fail(`cookieSecret must be base64 of at least ${MIN_SECRET_BYTES} bytes`);
  return bytes;
}

function parseKeys(raw) {
  let keys;
  try {
    keys = importJwks(raw.jwks);
  } catch (err) {
    fail(err.message);
  }
  if (!keys.size) fail('jwks has no RSA signing key for RS256 of at least 2048 bits');
  return keys;
}

/** Domain names in ASCII (international ones in their xn-- form), so they compare byte for byte. */
function parseEmailDomains(raw) {
  const domains = optionalStrings(raw, 'allowedEmailDomains').map((d) => d.replace(/^@/, ''));
  for (const d of domains) {
    if (!EMAIL_DOMAIN.test(d)) fail('allowedEmailDomains entries must be ASCII domain names (xn-- form for IDNs)');
  }
  return new Set(domains.map(asciiLowerCase));
}

function parsePublicPaths(raw) {
  const patterns = optionalStrings(raw, 'publicPaths');
  for (const p of patterns) if (!PATH.test(p)) fail(`publicPaths entry ${JSON.stringify(p)} must start with /`);
  return compilePathPatterns(patterns);
}

/** Where previews live: <name>.<domain> on siteHost's port (locally siteOrigin's host), or null when off. */
function parsePreviews({ previews }, siteOrigin) {
  if (previews == null) return null;
  const { domain, siteHost } = previews;
  const keys = previews.constructor === Object && `${Object.keys(previews).sort()}`;
  const [host, port] = isStrings([domain, siteHost]) ? splitHost(siteHost) : [];
  if (
    keys !== 'domain,siteHost' ||
    !host ||
    !DNS_NAME.test(domain) ||
    !DNS_NAME.test(host) ||
    `.${host}`.endsWith(`.${domain}`) ||
    (siteOrigin && new URL(siteOrigin).host !== siteHost)
  ) {
    fail('previews must be { "domain": "preview.docs.example.com", "siteHost": "docs.example.com" }, siteHost that of siteOrigin');
  }
  return { domain, port, siteHost };
}

/** Validates the provisioned config.json once and returns the normalised, frozen settings. */
export function parseConfig(raw) {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('expected a JSON object');
  const config = {
    issuer: requireString(raw, 'issuer'),
    clientId: requireString(raw, 'clientId'),
    keys: parseKeys(raw),
    authorizeUrl: requireUrl(raw, 'authorizeUrl'),
    tokenUrl: requireUrl(raw, 'tokenUrl'),
    logoutUrl: requireUrl(raw, 'logoutUrl'),
    scope: parseScopes(raw),
    callbackPath: optionalPath(raw, 'callbackPath', '/_edgesite/callback'),
    signOutPath: optionalPath(raw, 'signOutPath', '/_edgesite/signout'),
    cookieKey: parseSecret(raw),
    publicPaths: parsePublicPaths(raw),
    allowedGroups: new Set(optionalStrings(raw, 'allowedGroups')),
    allowedEmailDomains: parseEmailDomains(raw),
    spa: optionalBoolean(raw, 'spa', false),
    siteOrigin: optionalOrigin(raw, 'siteOrigin'),
    identityProviders: parseProviders(raw),
    cognitoLogin: optionalBoolean(raw, 'cognitoLogin', true),
    groupsClaim: raw.groupsClaim ?? 'custom:groups',
    accessRules: parseAccessRules(raw),
    forbiddenPage: raw.forbiddenPage ?? null,
  };
  config.previews = parsePreviews(raw, config.siteOrigin);
  const { callbackPath, signOutPath, forbiddenPage, groupsClaim } = config;
  if (callbackPath === signOutPath) fail('callbackPath and signOutPath must differ');
  if (config.previews && [callbackPath, signOutPath].includes(HANDOFF_PATH)) fail(`${HANDOFF_PATH} is the previews' handoff path`);
  if (!config.cognitoLogin && !config.identityProviders.size) fail('cognitoLogin false needs an identity provider');
  if (!isStrings([groupsClaim]) || !PATH.test(`/${groupsClaim}`)) fail('groupsClaim must be a claim name');
  if (forbiddenPage !== null && !(isStrings([forbiddenPage]) && PAGE.test(forbiddenPage))) {
    fail('forbiddenPage must be the path of a file, such as /403.html');
  }
  return Object.freeze(config);
}
