package dev.edgesite.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.edgesite.core.authorizer.NodeAuthorizer;
import dev.edgesite.testbed.RecordingLog;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** allowedGroups and allowedEmailDomains: both must hold when both are set; only a verified e-mail counts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessRulesTest {
    private static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Rul3s";
    private static final String CLIENT_ID = "rul3scl13nt";

    private final TestTokens tokens = new TestTokens(TestTokens.newKey("rules-key"), ISSUER, CLIENT_ID);
    private NodeAuthorizer bothRules;
    private NodeAuthorizer groupsOnly;

    @BeforeAll
    void start() {
        Map<String, Object> both = TestConfig.of(ISSUER, CLIENT_ID, TestTokens.jwks(tokens.key()), TestConfig.AUTH);
        both.put("allowedGroups", List.of("staff", "contractors"));
        both.put("allowedEmailDomains", List.of("example.com", "@partner.example"));
        bothRules = NodeAuthorizer.start(both, "node", new RecordingLog());
        Map<String, Object> groups = TestConfig.of(ISSUER, CLIENT_ID, TestTokens.jwks(tokens.key()), TestConfig.AUTH);
        groups.put("allowedGroups", List.of("staff"));
        groupsOnly = NodeAuthorizer.start(groups, "node", new RecordingLog());
    }

    @AfterAll
    void stop() {
        bothRules.close();
        groupsOnly.close();
    }

    static Stream<Arguments> bothRulesCases() {
        return Stream.of(
                rule("staff with a verified example.com address", c -> c, 200),
                rule("email_verified as the string Cognito sometimes sends", c -> c.claim("email_verified", "true"), 200),
                rule("the second allowed group", c -> c.claim("cognito:groups", List.of("guests", "contractors")), 200),
                rule("the domain in capitals", c -> c.claim("email", "Alice@EXAMPLE.COM"), 200),
                rule("a domain configured with its @", c -> c.claim("email", "bob@partner.example"), 200),
                rule("a group that is not allowed", c -> c.claim("cognito:groups", List.of("guests")), 403),
                rule("no groups", c -> c.claim("cognito:groups", null), 403),
                rule("an unverified address", c -> c.claim("email_verified", false), 403),
                rule("the string false", c -> c.claim("email_verified", "false"), 403),
                rule("no email_verified", c -> c.claim("email_verified", null), 403),
                rule("another domain", c -> c.claim("email", "alice@example.org"), 403),
                rule("a subdomain", c -> c.claim("email", "alice@mail.example.com"), 403),
                rule("two @", c -> c.claim("email", "alice@evil.test@example.com"), 403),
                rule("no email", c -> c.claim("email", null), 403));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("bothRulesCases")
    void bothRulesMustHold(String name, UnaryOperator<JWTClaimsSet.Builder> claims, int expected) {
        EdgeResult result = handle(bothRules, tokens.sign(claims.apply(tokens.claims()).build()));

        if (expected == 200) {
            result.assertForwarded();
        } else {
            result.assertStatus(expected);
            assertEquals("text/html; charset=utf-8", result.header("content-type"));
        }
    }

    @Test
    void withOnlyGroupsSetTheAddressDoesNotMatter() {
        handle(groupsOnly, tokens.sign(tokens.claims().claim("email_verified", false).claim("email", "x@elsewhere.test")
                .build())).assertForwarded();
        handle(groupsOnly, tokens.sign(tokens.claims().claim("cognito:groups", List.of("contractors")).build()))
                .assertStatus(403);
    }

    private static Arguments rule(String name, UnaryOperator<JWTClaimsSet.Builder> claims, int expected) {
        return Arguments.of(name, claims, expected);
    }

    private static EdgeResult handle(NodeAuthorizer authorizer, String token) {
        return new EdgeResult(authorizer.handle(
                ViewerRequest.get("/docs/").navigation().cookies("__Host-edgesite_id_token=" + token).request()));
    }
}
