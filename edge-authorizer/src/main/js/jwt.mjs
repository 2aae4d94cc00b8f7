import { createPublicKey, verify } from 'node:crypto';

export const CLOCK_SKEW_SECONDS = 60;
const MAX_TOKEN_LENGTH = 8192;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_KID_LENGTH = 256;
const MIN_MODULUS_BITS = 2048;

export class TokenError extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'TokenError';
    this.reason = reason;
  }
}

/** Imports the RS256 signing keys of a JWKS into a Map keyed by kid; other keys are ignored. */
export function importJwks(jwks) {
  if (!Array.isArray(jwks?.keys)) throw new TypeError('jwks.keys must be an array');
  const keys = new Map();
  for (const jwk of jwks.keys) {
    if (jwk?.kty !== 'RSA' || typeof jwk.kid !== 'string' || !jwk.kid || jwk.kid.length > MAX_KID_LENGTH) continue;
    if ((jwk.use ?? 'sig') !== 'sig' || (jwk.alg ?? 'RS256') !== 'RS256') continue;
    if (keys.has(jwk.kid)) throw new TypeError(`jwks has duplicate kid ${JSON.stringify(jwk.kid)}`);
    let key;
    try {
      key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    } catch {
      continue;
    }
    const bits = key.asymmetricKeyDetails.modulusLength;
    if (bits >= MIN_MODULUS_BITS) keys.set(jwk.kid, { key, signatureLength: Math.ceil(bits / 8) });
  }
  return keys;
}

function decodeJsonObject(segment) {
  let value;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TokenError('malformed');
  return value;
}

const isNumericDate = (v) => typeof v === 'number' && Number.isFinite(v);

/** Checks shape, RS256 signature and the time-independent claims of a Cognito ID token. */
export function verifySignedIdToken(token, { keys, issuer, clientId }) {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new TokenError('malformed');
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) throw new TokenError('malformed');

  const header = decodeJsonObject(parts[0]);
  if (header.alg !== 'RS256') throw new TokenError('alg');
  if (Object.hasOwn(header, 'crit')) throw new TokenError('crit');
  const entry = typeof header.kid === 'string' ? keys.get(header.kid) : undefined;
  if (!entry) throw new TokenError('kid');

  const signature = Buffer.from(parts[2], 'base64url');
  const signingInput = Buffer.from(token.slice(0, token.length - parts[2].length - 1), 'latin1');
  if (signature.length !== entry.signatureLength || !verify('RSA-SHA256', signingInput, entry.key, signature)) {
    throw new TokenError('signature');
  }

  const claims = decodeJsonObject(parts[1]);
  if (claims.iss !== issuer) throw new TokenError('iss');
  const { aud } = claims;
  if (aud !== clientId && !(Array.isArray(aud) && aud.length === 1 && aud[0] === clientId)) throw new TokenError('aud');
  if (claims.token_use !== 'id') throw new TokenError('token_use');
  if (!isNumericDate(claims.exp)) throw new TokenError('exp');
  for (const name of ['nbf', 'iat']) {
    if (claims[name] !== undefined && !isNumericDate(claims[name])) throw new TokenError(name);
  }
  return claims;
}

export function checkTokenTimes(claims, nowSeconds) {
  if (nowSeconds >= claims.exp + CLOCK_SKEW_SECONDS) throw new TokenError('expired');
  if (claims.nbf !== undefined && claims.nbf > nowSeconds + CLOCK_SKEW_SECONDS) throw new TokenError('nbf');
  if (claims.iat !== undefined && claims.iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new TokenError('iat');
  return claims;
}

/** verify(token, nowSeconds) => claims or TokenError; signatures memoised per token (bounded), times checked each call. */
export function createIdTokenVerifier(options, cacheSize = 500) {
  const verified = new Map();
  return (token, nowSeconds) => {
    let claims = verified.get(token);
    if (!claims) {
      claims = Object.freeze(verifySignedIdToken(token, options));
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value);
      verified.set(token, claims);
    }
    try {
      return checkTokenTimes(claims, nowSeconds);
    } catch (err) {
      if (err.reason === 'expired') verified.delete(token);
      throw err;
    }
  };
}
