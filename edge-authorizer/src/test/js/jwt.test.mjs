import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { TokenError, checkTokenTimes, createIdTokenVerifier, importJwks, verifySignedIdToken } from '../../main/js/jwt.mjs';
import { CLIENT_ID, ISSUER, NOW_S, attackerKey, ecKey, idClaims, jwkOf, jwks, mintToken } from './fixtures/tokens.mjs';

const options = { keys: importJwks(jwks), issuer: ISSUER, clientId: CLIENT_ID };

const reasonOf = (fn) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TokenError, `unexpected ${err}`);
    return err.reason;
  }
  assert.fail('expected a TokenError');
};

describe('importJwks', () => {
  it('keeps RSA signing keys for RS256 by kid and skips the rest', () => {
    const keys = importJwks({
      keys: [
        ...jwks.keys,
        jwkOf(ecKey, { kid: 'ec', alg: 'ES256' }),
        jwkOf(attackerKey, { kid: 'enc', use: 'enc' }),
        jwkOf(attackerKey, { kid: 'rs512', alg: 'RS512' }),
        jwkOf(attackerKey, {}),
        jwkOf(attackerKey, { kid: 'plain' }),
        { kty: 'RSA', kid: 'broken', n: 'AQAB', e: '' },
        null,
        'key',
      ],
    });
    assert.deepEqual([...keys.keys()], ['key-1', 'key-2', 'plain']);
    assert.equal(keys.get('key-1').signatureLength, 256);
    assert.equal(keys.get('key-1').key.type, 'public');
  });

  it('skips RSA keys shorter than 2048 bits', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.equal(importJwks({ keys: [jwkOf(weak, { kid: 'weak' })] }).size, 0);
  });

  it('imports only the public half of a JWK that carries private members', () => {
    const jwk = { ...attackerKey.privateKey.export({ format: 'jwk' }), kid: 'priv' };
    assert.equal(importJwks({ keys: [jwk] }).get('priv').key.type, 'public');
  });

  it('refuses ambiguous or missing key sets', () => {
    assert.throws(() => importJwks({ keys: [jwks.keys[0], { ...jwks.keys[1], kid: 'key-1' }] }), /duplicate kid/);
    assert.throws(() => importJwks({}), TypeError);
    assert.throws(() => importJwks(undefined), TypeError);
  });
});

describe('verifySignedIdToken', () => {
  it('returns the claims of a valid token', () => {
    assert.deepEqual(verifySignedIdToken(mintToken(), options), idClaims());
  });

  it('names the failed check', () => {
    assert.equal(reasonOf(() => verifySignedIdToken(42, options)), 'malformed');
    assert.equal(reasonOf(() => verifySignedIdToken(mintToken({}, { header: { alg: 'HS256' } }), options)), 'alg');
    assert.equal(reasonOf(() => verifySignedIdToken(mintToken({}, { header: { kid: 'nope' } }), options)), 'kid');
    assert.equal(reasonOf(() => verifySignedIdToken(mintToken({}, { header: { crit: ['b64'], b64: false } }), options)), 'crit');
    assert.equal(reasonOf(() => verifySignedIdToken(mintToken({}, { privateKey: attackerKey.privateKey }), options)), 'signature');
    assert.equal(reasonOf(() => verifySignedIdToken(mintToken({ iss: 'x' }), options)), 'iss');
    assert.equal(reasonOf(() => verifySignedIdToken(mintToken({ aud: 'x' }), options)), 'aud');
    assert.equal(reasonOf(() => verifySignedIdToken(mintToken({ token_use: 'access' }), options)), 'token_use');
    assert.equal(reasonOf(() => verifySignedIdToken(mintToken({ exp: undefined }), options)), 'exp');
    assert.equal(reasonOf(() => verifySignedIdToken(mintToken({ nbf: Infinity }), options)), 'nbf');
  });
});

describe('checkTokenTimes', () => {
  const claims = { exp: NOW_S, nbf: NOW_S, iat: NOW_S };
  it('applies a 60 second skew in both directions', () => {
    assert.equal(checkTokenTimes(claims, NOW_S + 59.9), claims);
    assert.equal(reasonOf(() => checkTokenTimes(claims, NOW_S + 60)), 'expired');
    assert.equal(checkTokenTimes(claims, NOW_S - 60), claims);
    assert.equal(reasonOf(() => checkTokenTimes({ exp: NOW_S + 999, nbf: NOW_S }, NOW_S - 60.1)), 'nbf');
    assert.equal(reasonOf(() => checkTokenTimes({ exp: NOW_S + 999, iat: NOW_S }, NOW_S - 60.1)), 'iat');
  });
});

describe('createIdTokenVerifier', () => {
  it('caches verification but not time checks', () => {
    const verify = createIdTokenVerifier(options);
    const token = mintToken({ exp: NOW_S + 10 });
    assert.equal(verify(token, NOW_S).exp, NOW_S + 10);
    assert.equal(verify(token, NOW_S + 30).exp, NOW_S + 10);
    assert.equal(reasonOf(() => verify(token, NOW_S + 70)), 'expired');
    assert.equal(verify(token, NOW_S).exp, NOW_S + 10, 'a rejection is not cached either');
  });

  it('returns frozen claims so a cached result cannot be altered', () => {
    const verify = createIdTokenVerifier(options);
    const claims = verify(mintToken(), NOW_S);
    assert.ok(Object.isFrozen(claims));
  });

  it('keeps rejecting invalid tokens and accepting valid ones once the cache is full', () => {
    const verify = createIdTokenVerifier(options, 2);
    const tokens = [1, 2, 3, 4].map((n) => mintToken({ sub: `user-${n}` }));
    for (let round = 0; round < 2; round++) {
      for (const [i, token] of tokens.entries()) assert.equal(verify(token, NOW_S).sub, `user-${i + 1}`);
      assert.equal(reasonOf(() => verify(mintToken({}, { privateKey: attackerKey.privateKey }), NOW_S)), 'signature');
    }
  });
});
