package dev.edgesite.core.settings;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A company identity provider people sign in with, as the user pool holds it: an OIDC provider (its issuer,
 * client id and secret, scopes) or a SAML one (its metadata, by URL or file). Its groups claim or attribute,
 * when set, is mapped into the pool's custom attribute {@value #GROUPS_ATTRIBUTE}, which Cognito puts in the
 * ID token as {@value #GROUPS_CLAIM}.
 *
 * @param name the provider's name in the pool (and on the login redirect's {@code identity_provider})
 * @param clientSecret OIDC only; never printed (see {@link Secret})
 * @param groupsClaim the provider's claim (OIDC) or attribute (SAML) that lists the user's groups, or null
 * @param metadata SAML only: the metadata document's content when it came from a file, else null
 */
public record IdentityProvider(
        String name,
        Type type,
        URI issuer,
        String clientId,
        Secret clientSecret,
        List<String> scopes,
        String groupsClaim,
        URI metadataUrl,
        Path metadataFile,
        String metadata) {

    /** The pool's custom attribute that receives each provider's groups. */
    public static final String GROUPS_ATTRIBUTE = "groups";
    /** The claim the ID token carries it as. */
    public static final String GROUPS_CLAIM = "custom:" + GROUPS_ATTRIBUTE;
    /** The SAML attribute most providers send the e-mail address in. */
    static final String SAML_EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    static final String SAML_NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";

    public IdentityProvider {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** The two kinds of provider a pool federates with here, named as Cognito names them. */
    public enum Type {
        OIDC, SAML
    }

    /** A secret, with where it came from; its text is never part of a message, a log line or a file. */
    public record Secret(String source, String value) {
        @Override
        public String toString() {
            return "(secret from " + source + ")";
        }
    }

    /**
     * What the pool's provider must say in its details, by Cognito's keys. The client secret is among them:
     * callers that print details use {@link #printableDetails()}.
     */
    public Map<String, String> details() {
        Map<String, String> details = new TreeMap<>();
        if (type == Type.OIDC) {
            details.put("client_id", clientId);
            details.put("client_secret", clientSecret.value());
            details.put("authorize_scopes", String.join(" ", scopes));
            details.put("oidc_issuer", issuer.toString());
            details.put("attributes_request_method", "GET");
        } else if (metadataUrl != null) {
            details.put("MetadataURL", metadataUrl.toString());
        } else {
            details.put("MetadataFile", metadata);
        }
        return details;
    }

    /** {@link #details()} as they may be shown: the secret masked, a metadata file by its path. */
    public Map<String, String> printableDetails() {
        Map<String, String> details = details();
        details.computeIfPresent("client_secret", (k, v) -> clientSecret.toString());
        details.computeIfPresent("MetadataFile", (k, v) -> "(the content of " + metadataFile + ")");
        return details;
    }

    /** Which pool attribute takes which of the provider's claims or attributes. */
    public Map<String, String> attributeMapping() {
        Map<String, String> mapping = new TreeMap<>();
        if (type == Type.OIDC) {
            mapping.put("email", "email");
            mapping.put("email_verified", "email_verified");
            mapping.put("name", "name");
        } else {
            mapping.put("email", SAML_EMAIL);
            mapping.put("name", SAML_NAME);
        }
        if (groupsClaim != null) {
            mapping.put(GROUPS_CLAIM, groupsClaim);
        }
        return mapping;
    }
}
