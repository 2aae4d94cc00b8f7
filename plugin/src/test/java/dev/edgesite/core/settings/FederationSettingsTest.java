package dev.edgesite.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <identityProviders>}, {@code <cognitoLogin>}, {@code <accessRules>} and {@code <forbiddenPage>}. */
class FederationSettingsTest {
    private static final String SECRET = "s3cr3t-value-never-printed";

    @TempDir
    Path dir;

    private static IdentityProviderInput oidc(String name, String issuer) {
        return new IdentityProviderInput(name, "oidc", issuer, "client-123", "corp-sso", null, SECRET,
                "settings.xml <server> corp-sso", null, false, null, "groups", null, null, null);
    }

    private static IdentityProviderInput saml(String name, String metadataUrl, Path metadataFile) {
        return new IdentityProviderInput(name, "saml", null, null, null, null, null, null, null, false, null, null,
                "groups", metadataUrl, metadataFile);
    }

    private static SettingsValidator with(IdentityProviderInput... providers) {
        return new SettingsValidator().stack("docs-portal").identityProviders(List.of(providers));
    }

    /** The one problem the validator reports: its element and value, and that no message holds the secret. */
    private static InvalidSettingException problem(SettingsValidator validator, String element, String value,
            String text) {
        SettingsValidator.InvalidSettings invalid = assertThrows(SettingsValidator.InvalidSettings.class,
                validator::validate);
        assertFalse(invalid.getMessage().contains(SECRET), invalid.getMessage());
        assertEquals(1, invalid.problems().size(), invalid.getMessage());
        InvalidSettingException problem = invalid.problems().get(0);
        assertEquals(element, problem.element(), problem.getMessage());
        assertEquals(value, problem.value(), problem.getMessage());
        assertTrue(problem.getMessage().contains(text), problem.getMessage());
        return problem;
    }

    @Test
    void anOidcAndASamlProviderBecomeWhatThePoolMustHold() throws IOException {
        Path metadata = Files.writeString(dir.resolve("okta.xml"), "<EntityDescriptor entityID=\"x\"/>");
        StackSettings.Auth auth = with(oidc("corp", "https://login.example.com/tenant/v2.0"),
                saml("okta", null, metadata)).validate().auth();

        IdentityProvider corp = auth.identityProviders().get(0);
        assertEquals(IdentityProvider.Type.OIDC, corp.type());
        assertEquals(List.of("openid", "email", "profile"), corp.scopes());
        assertEquals(Map.of("client_id", "client-123", "client_secret", SECRET, "authorize_scopes",
                "openid email profile", "oidc_issuer", "https://login.example.com/tenant/v2.0",
                "attributes_request_method", "GET"), corp.details());
        assertEquals("(secret from settings.xml <server> corp-sso)", corp.printableDetails().get("client_secret"));
        assertFalse(corp.toString().contains(SECRET), corp.toString());
        assertEquals("groups", corp.attributeMapping().get("custom:groups"));
        assertEquals("email", corp.attributeMapping().get("email"));

        IdentityProvider okta = auth.identityProviders().get(1);
        assertEquals(Map.of("MetadataFile", "<EntityDescriptor entityID=\"x\"/>"), okta.details());
        assertEquals("(the content of " + metadata + ")", okta.printableDetails().get("MetadataFile"));
        assertEquals("groups", okta.attributeMapping().get("custom:groups"));
        assertTrue(auth.cognitoLogin(), "Cognito's own login stays on unless turned off");
    }

    @Test
    void anIssuerThatIsNotHttpsIsRefused() {
        problem(with(oidc("corp", "http://login.example.com")), "issuer", "http://login.example.com",
                "is not an https URL in the <identityProvider> corp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "_corp", "co rp", "cor_p", "COGNITO", "Google", "this-name-is-far-too-long-for-cognito"})
    void aNameCognitoRefusesIsRefused(String name) {
        SettingsValidator.InvalidSettings invalid = assertThrows(SettingsValidator.InvalidSettings.class,
                with(oidc(name, "https://login.example.com"))::validate);
        assertEquals("name", invalid.problems().get(0).element(), invalid.getMessage());
    }

    @Test
    void twoProvidersOfOneNameAreRefused() {
        problem(with(oidc("corp", "https://a.example.com"), oidc("Corp", "https://b.example.com")), "name", "Corp",
                "names two identity providers");
    }

    @Test
    void aMissingSecretNamesWhereItWasLookedForAndHowToSetIt() {
        IdentityProviderInput input = new IdentityProviderInput("corp", "oidc", "https://login.example.com", "c",
                "corp-sso", null, null, "settings.xml <server> corp-sso", "names no <server> in settings.xml", false,
                null, null, null, null, null);
        InvalidSettingException problem = problem(with(input), "clientSecretServer", "corp-sso",
                "names no <server> in settings.xml");
        assertTrue(problem.fix().contains("<clientSecretEnv>"), problem.getMessage());
    }

    @Test
    void aSecretWrittenInThePomIsRefusedWithoutShowingIt() {
        IdentityProviderInput input = new IdentityProviderInput("corp", "oidc", "https://login.example.com", "c", null,
                null, null, null, null, true, null, null, null, null, null);
        InvalidSettingException problem = problem(with(input), "clientSecret", "(not shown)", "is written in the pom");
        assertTrue(problem.fix().startsWith("Remove <clientSecret>"), problem.getMessage());
    }

    @Test
    void serveNeedsNoSecret() {
        IdentityProviderInput input = new IdentityProviderInput("corp", "oidc", "https://login.example.com", "c",
                "corp-sso", null, null, null, null, false, null, null, null, null, null);
        IdentityProvider corp = with(input).secretsNeeded(false).validate().auth().identityProviders().get(0);
        assertNull(corp.clientSecret());
    }

    @Test
    void bothMetadataFormsAreRefused() throws IOException {
        Path metadata = Files.writeString(dir.resolve("okta.xml"), "<EntityDescriptor/>");
        problem(with(saml("okta", "https://example.okta.com/metadata", metadata)), "metadataUrl",
                "https://example.okta.com/metadata", "and <metadataFile> are both set");
    }

    @Test
    void aSamlProviderWithoutMetadataOrWithOidcFieldsIsRefused() {
        problem(with(saml("okta", null, null)), "metadataUrl", null, "is not set in the <identityProvider> okta");
        IdentityProviderInput mixed = new IdentityProviderInput("okta", "saml", null, "client-1", null, null, null,
                null, null, false, null, null, null, "https://example.okta.com/metadata", null);
        problem(with(mixed), "clientId", "client-1", "is not used by saml providers");
    }

    @Test
    void scopesWithoutOpenidAreRefused() {
        IdentityProviderInput input = new IdentityProviderInput("corp", "oidc", "https://login.example.com", "c",
                "corp-sso", null, SECRET, "x", null, false, "email profile", null, null, null, null);
        problem(with(input), "scopes", "email profile", "lacks openid");
    }

    @Test
    void anUnknownTypeIsRefusedNamingBoth() {
        IdentityProviderInput input = new IdentityProviderInput("corp", "ldap", null, null, null, null, null, null,
                null, false, null, null, null, null, null);
        problem(with(input), "type", "ldap", "is not a provider type edgesite knows");
    }

    @Test
    void cognitoLoginOffNeedsAProviderAndNoSelfSignUp() {
        problem(new SettingsValidator().stack("docs-portal").cognitoLogin(false), "cognitoLogin", "false",
                "leaves nobody a way to sign in");
        problem(with(oidc("corp", "https://login.example.com")).cognitoLogin(false).selfSignUp(true)
                .allowedGroups(List.of("staff")), "selfSignUp", "true", "takes off the login page");
        assertFalse(with(oidc("corp", "https://login.example.com")).cognitoLogin(false).validate().auth()
                .cognitoLogin());
    }

    @Test
    void accessRulesTakeGroupsSeparatedByCommasAndRefuseBadPaths() {
        StackSettings.Auth auth = new SettingsValidator().stack("docs-portal")
                .accessRules(List.of(new AccessRule("/finance/*", List.of("finance, leadership"))))
                .forbiddenPage("/403.html").validate().auth();
        assertEquals(List.of(new AccessRule("/finance/*", List.of("finance", "leadership"))), auth.accessRules());
        assertEquals("/403.html", auth.forbiddenPage());

        problem(new SettingsValidator().stack("docs-portal").accessRules(List.of(new AccessRule("finance/*",
                List.of("finance")))), "path", "finance/*", "does not start with /");
        problem(new SettingsValidator().stack("docs-portal").accessRules(List.of(new AccessRule("/a/../b/*",
                List.of("finance")))), "path", "/a/../b/*", "has a . or .. segment");
        problem(new SettingsValidator().stack("docs-portal").accessRules(List.of(new AccessRule("/finance/*",
                List.of(" , ")))), "groups", null, "is empty in the <accessRules><rule> for /finance/*");
        problem(new SettingsValidator().stack("docs-portal").forbiddenPage("/errors/*"), "forbiddenPage", "/errors/*",
                "is not one page");
    }

    @Test
    void aProviderIssuerKeepsItsPath() {
        URI issuer = with(oidc("corp", "https://login.microsoftonline.com/tenant-id/v2.0")).validate().auth()
                .identityProviders().get(0).issuer();
        assertEquals("/tenant-id/v2.0", issuer.getPath());
    }
}
