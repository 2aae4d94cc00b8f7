package dev.edgesite.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Cognito-shaped ID tokens signed with a key made for the test (RS256, 2048 bits). */
final class TestTokens {
    private final RSAKey key;
    private final String issuer;
    private final String clientId;

    TestTokens(RSAKey key, String issuer, String clientId) {
        this.key = key;
        this.issuer = issuer;
        this.clientId = clientId;
    }

    static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    RSAKey key() {
        return key;
    }

    /** The JWKS as config.json carries it: public keys only. */
    static Map<String, Object> jwks(RSAKey... keys) {
        return new JWKSet(List.of(keys)).toJSONObject(true);
    }

    /** The claims of a valid ID token issued a minute ago, for an hour, to alice. */
    JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject("5f0c7c34-1111-4a3b-9d2e-0123456789ab")
                .issuer(issuer)
                .audience(clientId)
                .claim("token_use", "id")
                .claim("auth_time", now.minusSeconds(60).getEpochSecond())
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("cognito:username", "alice")
                .claim("email", "alice@example.com")
                .claim("email_verified", true)
                .claim("cognito:groups", List.of("staff"));
    }

    String valid() {
        return sign(claims().build());
    }

    String sign(JWTClaimsSet claims) {
        return sign(claims, key.getKeyID(), key);
    }

    static String sign(JWTClaimsSet claims, String kid, RSAKey signer) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(signer));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
