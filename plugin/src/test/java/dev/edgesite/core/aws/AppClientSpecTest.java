package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TokenValidityUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UpdateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

class AppClientSpecTest {
    private static final AppClientSpec SPEC = new AppClientSpec("docs-site",
            List.of("https://docs.example.com/_edgesite/callback"), List.of("https://docs.example.com/"));

    /** The client Cognito describes after the create request: every field of the request, as sent. */
    private static UserPoolClientType created(CreateUserPoolClientRequest create) {
        UserPoolClientType.Builder b = UserPoolClientType.builder();
        AppClientSpec.copy(create, b);
        return b.clientId("client-1").build();
    }

    @Test
    void theCreatedClientIsAsSpecified() {
        CreateUserPoolClientRequest create = SPEC.createRequest("pool-1");

        assertEquals("pool-1", create.userPoolId());
        assertEquals("docs-site", create.clientName());
        assertFalse(create.generateSecret());
        assertTrue(create.allowedOAuthFlowsUserPoolClient());
        assertEquals(List.of(OAuthFlowType.CODE), create.allowedOAuthFlows());
        assertEquals(List.of("openid", "email", "profile"), create.allowedOAuthScopes());
        assertEquals(List.of("COGNITO"), create.supportedIdentityProviders());
        assertEquals(SPEC.callbackUrls(), create.callbackURLs());
        assertEquals(SPEC.logoutUrls(), create.logoutURLs());
        assertTrue(create.enableTokenRevocation());
        assertEquals(List.of(), SPEC.drift(created(create)));
    }

    /** Cognito refuses the code flow without a callback URL: the client made before the site has a name has none. */
    @Test
    void aClientWithoutCallbackUrlsHasOAuthOff() {
        AppClientSpec bare = new AppClientSpec("docs-site", List.of(), List.of());
        CreateUserPoolClientRequest create = bare.createRequest("pool-1");

        assertFalse(create.allowedOAuthFlowsUserPoolClient());
        assertFalse(create.hasAllowedOAuthFlows());
        assertFalse(create.hasAllowedOAuthScopes());
        assertFalse(create.hasCallbackURLs());
        assertEquals(List.of(), bare.drift(created(create)));
        assertEquals(List.of("OAuth flows", "scopes", "callback URLs", "sign-out URLs"), SPEC.drift(created(create)));
    }

    /** Each field the spec sets, changed on its own, is drift: provision repairs a client changed outside edgesite. */
    @Test
    void everyFieldTheSpecSetsIsChecked() {
        UserPoolClientType specified = created(SPEC.createRequest("pool-1"));
        for (SdkField<?> field : SPEC.described().sdkFields()) {
            Object value = field.getValueOrDefault(SPEC.described());
            if (value == null || value instanceof SdkAutoConstructList || field.memberName().equals("ClientName")) {
                continue;
            }
            UserPoolClientType.Builder changed = specified.toBuilder();
            field.set(changed, changedValue(value));
            assertFalse(SPEC.drift(changed.build()).isEmpty(), field.memberName() + " is not checked");
        }
    }

    private static Object changedValue(Object value) {
        if (value instanceof Integer i) {
            return i + 1;
        }
        if (value instanceof Boolean b) {
            return !b;
        }
        if (value instanceof String) {
            return "OTHER";
        }
        if (value instanceof List<?> list) {
            return list.subList(0, list.size() - 1);
        }
        return null;
    }

    @Test
    void theSameLifetimesInOtherUnitsAreNoDrift() {
        UserPoolClientType hours = created(SPEC.createRequest("pool-1")).toBuilder()
                .idTokenValidity(1).accessTokenValidity(1).refreshTokenValidity(30)
                .tokenValidityUnits(u -> u.idToken(TimeUnitsType.HOURS).accessToken(TimeUnitsType.HOURS)
                        .refreshToken(TimeUnitsType.DAYS))
                .build();
        assertEquals(List.of(), SPEC.drift(hours));

        // Cognito's defaults: a client created without lifetimes, as older versions of edgesite made it.
        UserPoolClientType defaults = created(SPEC.createRequest("pool-1")).toBuilder()
                .idTokenValidity(null).accessTokenValidity(null).refreshTokenValidity(30)
                .tokenValidityUnits((TokenValidityUnitsType) null)
                .build();
        assertEquals(List.of(), SPEC.drift(defaults));
        assertEquals(List.of(Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30)),
                AppClientSpec.validities(defaults));
    }

    /** UpdateUserPoolClient resets what it is not given: the update is the whole client, the spec over it. */
    @Test
    void theUpdateCarriesWhatTheSpecDoesNotSet() {
        UserPoolClientType current = created(SPEC.createRequest("pool-1")).toBuilder()
                .callbackURLs("https://evil.example/_edgesite/callback")
                .defaultRedirectURI("https://evil.example/_edgesite/callback")
                .readAttributes("email", "email_verified")
                .writeAttributes("email")
                .authSessionValidity(10)
                .idTokenValidity(5)
                .enableTokenRevocation(false)
                .clientSecret("never sent")
                .build();

        UpdateUserPoolClientRequest update = SPEC.updateRequest("pool-1", current);

        assertEquals("pool-1", update.userPoolId());
        assertEquals("client-1", update.clientId());
        assertEquals(SPEC.callbackUrls(), update.callbackURLs());
        assertNull(update.defaultRedirectURI());
        assertEquals(List.of("email", "email_verified"), update.readAttributes());
        assertEquals(List.of("email"), update.writeAttributes());
        assertEquals(10, update.authSessionValidity());
        assertEquals(60, update.idTokenValidity());
        assertTrue(update.enableTokenRevocation());

        UserPoolClientType.Builder after = current.toBuilder();
        AppClientSpec.copy(update, after);
        assertEquals(List.of(), SPEC.drift(after.build()));
    }

    @Test
    void aDefaultRedirectThatIsStillACallbackIsKept() {
        UserPoolClientType current = created(SPEC.createRequest("pool-1")).toBuilder()
                .defaultRedirectURI(SPEC.callbackUrls().get(0)).build();
        assertEquals(SPEC.callbackUrls().get(0), SPEC.updateRequest("pool-1", current).defaultRedirectURI());
    }
}
