import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// __Host- cookies: browsers take them only with Secure, Path=/ and no Domain, so no sibling subdomain can
// plant or shadow one (localhost over plain http counts as secure for this).
export const ID_TOKEN_COOKIE = '__Host-edgesite_id_token';
export const REFRESH_TOKEN_COOKIE = '__Host-edgesite_refresh_token';
export const STATE_COOKIE = '__Host-edgesite_state';
// Binds a preview host's handoff to the browser that asked for it.
export const HANDOFF_COOKIE = '__Host-edgesite_handoff';

// Ours and the unprefixed names of earlier versions: never forwarded to the origin, never a session.
const OWN = /^(?:__Host-)?edgesite_/;
const MAX_VALUE_LENGTH = { [ID_TOKEN_COOKIE]: 8192, [REFRESH_TOKEN_COOKIE]: 8192, [STATE_COOKIE]: 4096, [HANDOFF_COOKIE]: 4096 };
const VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;
// Browsers drop a cookie whose name and value together exceed 4096 bytes.
const MAX_BROWSER_COOKIE_LENGTH = 4096;

/**
 * Splits the Cookie headers into ours and the rest (verbatim, for the origin). One of ours that is empty,
 * oversized, malformed or sent with two values reads as '': signed out, never one of the two picked.
 */
export function readCookies(headers) {
  const own = {};
  const others = [];
  const list = headers.cookie;
  if (!Array.isArray(list)) return { own, others };
  for (const header of list) {
    if (typeof header?.value !== 'string') continue;
    for (const raw of header.value.split(';')) {
      const pair = raw.trim();
      if (!pair) continue;
      if (!OWN.test(pair)) {
        others.push(pair);
        continue;
      }
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trimEnd();
      if (!Object.hasOwn(MAX_VALUE_LENGTH, name)) continue;
      const value = pair.slice(eq + 1).trimStart();
      const usable = value.length <= MAX_VALUE_LENGTH[name] && VALUE.test(value) ? value : '';
      own[name] = Object.hasOwn(own, name) && own[name] !== usable ? '' : usable;
    }
  }
  return { own, others };
}

export const fitsCookie = (name, value) =>
  typeof value === 'string' && VALUE.test(value) && name.length + 1 + value.length <= MAX_BROWSER_COOKIE_LENGTH;

export const setCookie = (name, value, maxAge) => `${name}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Lax`;

export const clearCookie = (name) => setCookie(name, '', 0);

const mac = (key, body) => createHmac('sha256', key).update(`${STATE_COOKIE}.`).update(body).digest();

export function sealState(data, key) {
  const body = Buffer.from(JSON.stringify(data)).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

function parseObject(json) {
  try {
    const data = JSON.parse(json);
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? data : null;
  } catch {
    return null;
  }
}

/** Returns the object sealed by sealState, or null if the value is malformed or its MAC does not match. */
export function openState(value, key) {
  if (typeof value !== 'string') return null;
  const [body, tag, extra] = value.split('.');
  if (!body || !tag || extra !== undefined) return null;
  const expected = mac(key, body);
  const given = Buffer.from(tag, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return parseObject(Buffer.from(body, 'base64url').toString('utf8'));
}

/** AES-256-GCM of the JSON, as base64url of iv, tag and ciphertext: sealState that no one can read either. */
export function encrypt(data, key) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(data)), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The object given to encrypt with this key, or null. */
export function decrypt(value, key) {
  try {
    const raw = Buffer.from(value, 'base64url');
    if (raw.length < 29 || raw.toString('base64url') !== value) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12), { authTagLength: 16 });
    decipher.setAuthTag(raw.subarray(12, 28));
    return parseObject(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
  } catch {
    return null;
  }
}

export function safeEqual(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}
