package dev.edgesite.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.edgesite.core.authorizer.NodeAuthorizer;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * Tokens that moto's Cognito issued, checked by the packaged handler against moto's JWKS, with the
 * config naming the pool by its AWS issuer URL as provision does.
 */
@ExtendWith(MotoExtension.class)
class MotoIssuedTokensTest {
    private static final String PASSWORD = "Moto-Test-Passw0rd!";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void idTokenFromTheConfiguredPoolPassesAndItsAccessTokenDoesNot(MotoServer moto, AwsClients aws)
            throws Exception {
        Pool pool = Pool.create(aws.cognito(), "docs");
        AuthenticationResultType signedIn = pool.signIn(aws.cognito());

        try (NodeAuthorizer authorizer = NodeAuthorizer.start(pool.config(jwks(moto, pool)), "node", new RecordingLog())) {
            EdgeResult page = handle(authorizer, signedIn.idToken());
            page.assertForwarded();
            assertEquals("/guide/index.html", page.uri());

            handle(authorizer, signedIn.accessToken()).assertStatus(302);
        }
    }

    @Test
    void tokenSignedWithTheSameKeyForAnotherPoolOrClientIsRejected(MotoServer moto, AwsClients aws)
            throws Exception {
        Pool site = Pool.create(aws.cognito(), "docs");
        Pool other = Pool.create(aws.cognito(), "other");
        String otherPoolsToken = other.signIn(aws.cognito()).idToken();
        String otherClientsToken = site.withAnotherClient(aws.cognito()).signIn(aws.cognito()).idToken();
        Map<String, Object> jwks = jwks(moto, site);
        // moto signs for every pool with one key (DEVIATIONS.md): the signature alone would let these in.
        assertTrue(verifies(otherPoolsToken, jwks), "the other pool's token verifies with this pool's JWKS");
        assertTrue(verifies(otherClientsToken, jwks), "the other client's token verifies with this pool's JWKS");

        try (NodeAuthorizer authorizer = NodeAuthorizer.start(site.config(jwks), "node", new RecordingLog())) {
            handle(authorizer, site.signIn(aws.cognito()).idToken()).assertForwarded();
            handle(authorizer, otherPoolsToken).assertStatus(302);
            handle(authorizer, otherClientsToken).assertStatus(302);
        }
    }

    private static EdgeResult handle(NodeAuthorizer authorizer, String token) {
        return new EdgeResult(authorizer.handle(
                ViewerRequest.get("/guide/").navigation().cookies("__Host-edgesite_id_token=" + token).request()));
    }

    private Map<String, Object> jwks(MotoServer moto, Pool pool) throws Exception {
        URI uri = moto.endpoint().resolve("/" + pool.poolId() + "/.well-known/jwks.json");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSONObjectUtils.parse(r.body());
    }

    private static boolean verifies(String token, Map<String, Object> jwks) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = (RSAKey) JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
        return key != null && jwt.verify(new RSASSAVerifier(key));
    }

    private record Pool(String poolId, String clientId) {
        static Pool create(CognitoIdentityProviderClient cognito, String name) {
            String poolId = cognito.createUserPool(r -> r.poolName(name)).userPool().id();
            cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice")
                    .messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(a -> a.name("email").value("alice@example.com")));
            cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("alice").password(PASSWORD).permanent(true));
            return new Pool(poolId, newClient(cognito, poolId));
        }

        Pool withAnotherClient(CognitoIdentityProviderClient cognito) {
            return new Pool(poolId, newClient(cognito, poolId));
        }

        private static String newClient(CognitoIdentityProviderClient cognito, String poolId) {
            return cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("site")
                    .generateSecret(false)
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                            ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                    .readAttributes("email", "email_verified")
                    .callbackURLs("https://" + ViewerRequest.HOST + "/_edgesite/callback"))
                    .userPoolClient().clientId();
        }

        AuthenticationResultType signIn(CognitoIdentityProviderClient cognito) {
            return cognito.adminInitiateAuth(r -> r.userPoolId(poolId).clientId(clientId)
                    .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "alice", "PASSWORD", PASSWORD)))
                    .authenticationResult();
        }

        Map<String, Object> config(Map<String, Object> jwks) {
            return TestConfig.of("https://cognito-idp.us-east-1.amazonaws.com/" + poolId, clientId, jwks,
                    TestConfig.AUTH);
        }
    }
}
