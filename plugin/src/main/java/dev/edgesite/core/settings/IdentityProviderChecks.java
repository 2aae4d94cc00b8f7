package dev.edgesite.core.settings;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks of {@code <auth><identityProviders>}, each problem naming the element, the value and the fix. */
final class IdentityProviderChecks {
    /** Cognito's rule for a provider name (ProviderName), which also keeps it off its own reserved names. */
    private static final Pattern NAME = Pattern.compile("[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+");
    private static final Set<String> RESERVED = Set.of("cognito", "google", "facebook", "loginwithamazon",
            "signinwithapple");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]+");
    private static final Pattern CLAIM = Pattern.compile("[\\x21-\\x7e]{1,256}");
    /** Cognito keeps a provider detail of at most this many characters; a metadata file is one. */
    private static final int MAX_METADATA_CHARS = 131_072;
    static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");

    interface Problems {
        void add(String element, Object value, String problem, String fix);
    }

    private final Problems problems;
    private final boolean secretsNeeded;

    IdentityProviderChecks(Problems problems, boolean secretsNeeded) {
        this.problems = problems;
        this.secretsNeeded = secretsNeeded;
    }

    List<IdentityProvider> checked(List<IdentityProviderInput> inputs) {
        List<IdentityProvider> providers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (IdentityProviderInput input : inputs) {
            if (input == null) {
                continue;
            }
            String name = clean(input.name());
            String where = "the <identityProvider>" + (name == null ? "" : " " + name);
            if (name == null) {
                problem("name", null, "is not set in an <identityProvider>", "Give each <identityProvider> a <name>"
                        + " (1 to 32 characters, such as corp): it is the provider's name in the user pool");
            } else if (name.length() > 32 || !NAME.matcher(name).matches()) {
                problem("name", name, "is not a name Cognito accepts for an identity provider", "Use 3 to 32"
                        + " characters without spaces or underscores at its ends, such as corp or okta-sso");
            } else if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                problem("name", name, "is a name Cognito keeps for its own sign-in or a social provider",
                        "Choose another <name>, such as corp");
            } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                problem("name", name, "names two identity providers", "Give each <identityProvider> its own <name>");
            }
            String type = clean(input.type());
            IdentityProvider.Type checkedType = null;
            if (type == null) {
                problem("type", null, "is not set in " + where, "Set <type> to oidc or saml");
            } else {
                try {
                    checkedType = IdentityProvider.Type.valueOf(type.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problem("type", type, "is not a provider type edgesite knows in " + where, "Set <type> to oidc"
                            + " (Entra ID, Okta, Google Workspace, Keycloak and any OpenID Connect provider) or saml");
                }
            }
            if (checkedType == IdentityProvider.Type.OIDC) {
                providers.add(oidc(input, name, where));
            } else if (checkedType == IdentityProvider.Type.SAML) {
                providers.add(saml(input, name, where));
            }
        }
        return providers;
    }

    private IdentityProvider oidc(IdentityProviderInput input, String name, String where) {
        URI issuer = https(input.issuer(), "issuer", where, "the provider's issuer URL, such as"
                + " https://login.microsoftonline.com/<tenant>/v2.0 (the iss of its tokens)");
        String clientId = clean(input.clientId());
        if (clientId == null) {
            problem("clientId", null, "is not set in " + where, "Set <clientId> to the client (application) id the"
                    + " provider gave edgesite's registration");
        }
        IdentityProvider.Secret secret = secret(input, where);
        List<String> scopes = scopes(input.scopes(), where);
        if (clean(input.groupsAttribute()) != null) {
            problem("groupsAttribute", input.groupsAttribute(), "is for SAML providers, and " + where + " is oidc",
                    "Name the groups claim with <groupsClaim> instead");
        }
        String groups = claim(input.groupsClaim(), "groupsClaim", where);
        notFor(input.metadataUrl(), "metadataUrl", where, "oidc");
        notFor(input.metadataFile(), "metadataFile", where, "oidc");
        return new IdentityProvider(name, IdentityProvider.Type.OIDC, issuer, clientId, secret, scopes, groups, null,
                null, null);
    }

    private IdentityProvider saml(IdentityProviderInput input, String name, String where) {
        String url = clean(input.metadataUrl());
        Path file = input.metadataFile();
        URI metadataUrl = null;
        String metadata = null;
        String fix = "Set either <metadataUrl> (the provider's https metadata URL) or <metadataFile> (the metadata"
                + " XML downloaded from it)";
        if (url != null && file != null) {
            problem("metadataUrl", url, "and <metadataFile> are both set in " + where, fix + ", not both");
        } else if (url == null && file == null) {
            problem("metadataUrl", null, "is not set in " + where, fix);
        } else if (url != null) {
            metadataUrl = https(url, "metadataUrl", where, "the provider's https metadata URL");
        } else {
            metadata = metadataFile(file, where);
        }
        if (clean(input.groupsClaim()) != null) {
            problem("groupsClaim", input.groupsClaim(), "is for OIDC providers, and " + where + " is saml",
                    "Name the groups attribute with <groupsAttribute> instead");
        }
        String groups = claim(input.groupsAttribute(), "groupsAttribute", where);
        notFor(input.issuer(), "issuer", where, "saml");
        notFor(input.clientId(), "clientId", where, "saml");
        notFor(input.clientSecretServer(), "clientSecretServer", where, "saml");
        notFor(input.clientSecretEnv(), "clientSecretEnv", where, "saml");
        notFor(input.scopes(), "scopes", where, "saml");
        return new IdentityProvider(name, IdentityProvider.Type.SAML, null, null, null, List.of(), groups, metadataUrl,
                file, metadata);
    }

    private IdentityProvider.Secret secret(IdentityProviderInput input, String where) {
        String server = clean(input.clientSecretServer());
        String env = clean(input.clientSecretEnv());
        String fix = "Put the secret in settings.xml as the <password> of a <server> and name its <id> in"
                + " <clientSecretServer>, or put it in an environment variable and name that in <clientSecretEnv>";
        if (input.secretInPom()) {
            problem("clientSecret", "(not shown)", "is written in the pom of " + where + ", where anyone who reads"
                    + " the project reads it", "Remove <clientSecret>. " + fix);
        }
        if (!secretsNeeded) {
            return null;
        }
        if (server != null && env != null) {
            problem("clientSecretServer", server, "and <clientSecretEnv> are both set in " + where,
                    "Keep one of them");
            return null;
        }
        if (server == null && env == null) {
            if (!input.secretInPom()) {
                problem("clientSecretServer", null, "is not set in " + where + ", which needs a client secret", fix);
            }
            return null;
        }
        if (input.secret() == null || input.secret().isEmpty()) {
            problem(server != null ? "clientSecretServer" : "clientSecretEnv", server != null ? server : env,
                    input.secretMissing() != null ? input.secretMissing() : "gives no secret", fix);
            return null;
        }
        return new IdentityProvider.Secret(input.secretSource(), input.secret());
    }

    private List<String> scopes(String value, String where) {
        String text = clean(value);
        if (text == null) {
            return DEFAULT_SCOPES;
        }
        List<String> scopes = Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isEmpty()).distinct().toList();
        String bad = scopes.stream().filter(s -> !SCOPE.matcher(s).matches()).findFirst().orElse(null);
        if (bad != null) {
            problem("scopes", text, "holds '" + bad + "', which is no OAuth scope, in " + where,
                    "Separate the scopes with spaces, such as openid email profile");
        } else if (!scopes.contains("openid")) {
            problem("scopes", text, "lacks openid in " + where + ", without which the provider sends no ID token",
                    "Add openid, such as openid email profile");
        }
        return scopes;
    }

    private String claim(String value, String element, String where) {
        String claim = clean(value);
        if (claim != null && !CLAIM.matcher(claim).matches()) {
            problem(element, claim, "is not a claim or attribute name in " + where, "Name the claim or attribute"
                    + " that lists the user's groups, such as groups (without spaces, at most 256 characters)");
        }
        return claim;
    }

    private URI https(String value, String element, String where, String what) {
        String text = clean(value);
        String fix = "Set <" + element + "> to " + what;
        if (text == null) {
            problem(element, null, "is not set in " + where, fix);
            return null;
        }
        try {
            URI uri = new URI(text);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                problem(element, text, "is not an https URL in " + where, fix);
            } else if (uri.getRawUserInfo() != null || uri.getRawFragment() != null
                    || ("issuer".equals(element) && uri.getRawQuery() != null)) {
                problem(element, text, "holds user information, a query or a fragment in " + where, fix);
            }
            return uri;
        } catch (URISyntaxException e) {
            problem(element, text, "is not a URL in " + where, fix);
            return null;
        }
    }

    private String metadataFile(Path file, String where) {
        String fix = "Point <metadataFile> at the SAML metadata XML the provider offers for download";
        try {
            String xml = Files.readString(file, StandardCharsets.UTF_8);
            if (xml.length() > MAX_METADATA_CHARS) {
                problem("metadataFile", file, "is " + xml.length() + " characters, more than the " + MAX_METADATA_CHARS
                        + " Cognito keeps, in " + where, fix + ", or use <metadataUrl>");
            } else if (!xml.contains("EntityDescriptor")) {
                problem("metadataFile", file, "is no SAML metadata (it has no EntityDescriptor) in " + where, fix);
            }
            return xml;
        } catch (IOException e) {
            problem("metadataFile", file, "cannot be read (" + e.getMessage() + ") in " + where, fix);
            return null;
        }
    }

    private void notFor(Object value, String element, String where, String type) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            problem(element, value, "is not used by " + type
                    + " providers, and " + where + " is " + type, "Remove <" + element + "> from it");
        }
    }

    private void problem(String element, Object value, String problem, String fix) {
        problems.add(element, value, problem, fix);
    }

    private static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
