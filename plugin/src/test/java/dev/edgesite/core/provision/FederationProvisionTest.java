package dev.edgesite.core.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.TestStacks;
import dev.edgesite.core.authorizer.AuthorizerBundle;
import dev.edgesite.core.aws.AppClientSpec;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.destroy.Destroyer;
import dev.edgesite.core.settings.AccessRule;
import dev.edgesite.core.settings.IdentityProvider;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.testbed.CallRecorder;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * provision, plan, drift repair and destroy of a pool's identity providers (one OIDC, one SAML) on moto, and
 * that no client secret reaches a log line, the plan or stack.json.
 */
@ExtendWith(MotoExtension.class)
class FederationProvisionTest {
    private static final String SECRET = "oidc-client-secret-7f3a9c";
    private static final Provisioner.Limits FAST = new Provisioner.Limits(Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(5));

    @TempDir
    Path site;
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void site() throws IOException {
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
    }

    private static IdentityProvider corp(String secret) {
        return new IdentityProvider("corp", IdentityProvider.Type.OIDC, URI.create("https://login.example.com/t/v2.0"),
                "client-123", new IdentityProvider.Secret("settings.xml <server> corp-sso", secret),
                List.of("openid", "email", "profile"), "groups", null, null, null);
    }

    private static IdentityProvider okta() {
        return new IdentityProvider("okta", IdentityProvider.Type.SAML, null, null, null, List.of(), "memberOf",
                URI.create("https://example.okta.com/app/abc/sso/saml/metadata"), null, null);
    }

    private StackSettings settings(List<IdentityProvider> providers, boolean cognitoLogin) {
        return TestStacks.settings("fed", null, null, site, new StackSettings.Auth(null, false, List.of("staff"),
                List.of(), List.of(), false, false, providers, cognitoLogin,
                List.of(new AccessRule("/finance/*", List.of("finance"))), "/403.html"));
    }

    private Provisioner provisioner(StackSettings settings, AwsClients aws) {
        return new Provisioner(settings, aws, log, FAST, AuthorizerBundle.shipped());
    }

    @Test
    void providersAreMadeKeptRepairedRemovedAndDestroyedWithThePool(MotoServer moto) throws Exception {
        CallRecorder calls = new CallRecorder();
        try (AwsClients aws = calls.clients(moto)) {
            StackSettings both = settings(List.of(corp(SECRET), okta()), false);

            Plan planned = provisioner(both, aws).plan();
            assertEquals(List.of(), calls.writes(), "plan writes nothing");
            Change corpPlanned = change(planned, "Cognito identity provider", "corp");
            assertEquals(Change.Action.CREATE, corpPlanned.action());
            assertTrue(corpPlanned.fields().contains("client_secret=(secret from settings.xml <server> corp-sso)"),
                    corpPlanned.fields().toString());

            StackOutputs out = provisioner(both, aws).provision();
            String pool = out.userPoolId();

            Map<String, IdentityProviderType> providers = providers(aws, pool);
            assertEquals(List.of("corp", "okta"), List.copyOf(providers.keySet()));
            IdentityProviderType oidc = providers.get("corp");
            assertEquals("OIDC", oidc.providerTypeAsString());
            assertEquals("https://login.example.com/t/v2.0", oidc.providerDetails().get("oidc_issuer"));
            assertEquals("client-123", oidc.providerDetails().get("client_id"));
            assertEquals("openid email profile", oidc.providerDetails().get("authorize_scopes"));
            assertEquals("groups", oidc.attributeMapping().get("custom:groups"));
            assertEquals("email", oidc.attributeMapping().get("email"));
            IdentityProviderType saml = providers.get("okta");
            assertEquals("SAML", saml.providerTypeAsString());
            assertEquals("https://example.okta.com/app/abc/sso/saml/metadata",
                    saml.providerDetails().get("MetadataURL"));
            assertEquals("memberOf", saml.attributeMapping().get("custom:groups"));
            assertTrue(aws.cognito().describeUserPool(r -> r.userPoolId(pool)).userPool().schemaAttributes().stream()
                    .anyMatch(a -> a.name().equals("custom:groups")), "the pool has the attribute groups go into");

            calls.clear();
            provisioner(both, aws).provision();
            assertEquals(List.of(), calls.writes().stream().filter(w -> w.startsWith("CognitoIdentityProvider"))
                    .toList(), "a second run with nothing changed writes nothing to Cognito");

            aws.cognito().updateIdentityProvider(r -> r.userPoolId(pool).providerName("corp")
                    .providerDetails(Map.of("client_id", "changed-by-hand", "client_secret", "other",
                            "authorize_scopes", "openid", "oidc_issuer", "https://login.example.com/t/v2.0",
                            "attributes_request_method", "GET"))
                    .attributeMapping(Map.of("email", "email", "custom:groups", "roles")));
            aws.cognito().createIdentityProvider(r -> r.userPoolId(pool).providerName("byhand").providerType("OIDC")
                    .providerDetails(Map.of("client_id", "x", "client_secret", "y", "authorize_scopes", "openid",
                            "oidc_issuer", "https://other.example.com", "attributes_request_method", "GET")));
            UserPoolClientType client = client(aws, out);
            aws.cognito().updateUserPoolClient(new AppClientSpec(client.clientName(), client.callbackURLs(),
                    client.logoutURLs(), List.of("corp", "okta", "byhand"), true).updateRequest(pool, client));
            calls.clear();
            Plan drift = provisioner(both, aws).plan();
            Change corpDrift = change(drift, "Cognito identity provider", "corp");
            assertEquals(Change.Action.UPDATE, corpDrift.action());
            assertEquals(List.of("authorize_scopes", "client_id", "client_secret", "attribute mapping custom:groups",
                    "attribute mapping email_verified", "attribute mapping name"), corpDrift.fields());
            assertEquals(Change.Action.DELETE, change(drift, "Cognito identity provider", "byhand").action(),
                    "a provider the client offers by hand goes");
            assertEquals(List.of("identity providers"), change(drift, "Cognito app client", out.clientId()).fields());
            assertEquals(Change.Action.UNCHANGED, change(drift, "Cognito identity provider", "okta").action());

            provisioner(both, aws).provision();
            providers = providers(aws, pool);
            assertEquals(List.of("corp", "okta"), List.copyOf(providers.keySet()), "the hand-made provider is gone");
            assertEquals(List.of("corp", "okta"), client(aws, out).supportedIdentityProviders(),
                    "only the providers: cognitoLogin is off");
            assertEquals("client-123", providers.get("corp").providerDetails().get("client_id"));
            assertEquals(SECRET, providers.get("corp").providerDetails().get("client_secret"));
            assertEquals("groups", providers.get("corp").attributeMapping().get("custom:groups"));

            provisioner(settings(List.of(okta()), true), aws).provision();
            assertEquals(List.of("okta"), List.copyOf(providers(aws, pool).keySet()), "a provider left out goes");
            assertEquals(List.of("COGNITO", "okta"), client(aws, out).supportedIdentityProviders());

            log.assertNoneContains("provision's log", SECRET);
            assertFalse(drift.toJson().contains("\"other\""), "the secret found in the pool is not shown either");
            assertFalse(planned.toJson().contains(SECRET), planned.toJson());
            assertFalse(out.toJson().contains(SECRET), out.toJson());

            new Destroyer(both, aws, log, new Destroyer.Options(false, true, Duration.ofSeconds(30), false)).destroy();
            assertTrue(aws.cognito().listUserPools(r -> r.maxResults(60)).userPools().isEmpty(),
                    "the pool goes, and its providers with it");
        }
    }

    private static UserPoolClientType client(AwsClients aws, StackOutputs out) {
        return aws.cognito().describeUserPoolClient(r -> r.userPoolId(out.userPoolId()).clientId(out.clientId()))
                .userPoolClient();
    }

    private static Change change(Plan plan, String resource, String name) {
        return plan.changes().stream().filter(c -> c.resource().equals(resource) && c.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + resource + " " + name + " in "
                        + plan.toJson()));
    }

    private static Map<String, IdentityProviderType> providers(AwsClients aws, String pool) {
        Map<String, IdentityProviderType> all = new TreeMap<>();
        aws.cognito().listIdentityProviders(r -> r.userPoolId(pool)).providers().forEach(p -> all.put(
                p.providerName(), aws.cognito().describeIdentityProvider(r -> r.userPoolId(pool)
                        .providerName(p.providerName())).identityProvider()));
        return all;
    }
}
