package dev.edgesite.core.aws;

import dev.edgesite.core.settings.IdentityProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/**
 * Cognito: the identity providers of the stack's pool (OIDC and SAML), and the custom attribute their groups
 * are mapped into. Cognito adds details of its own to what it was given (an OIDC provider's discovered
 * endpoints, a SAML provider's certificates and bindings, the {@code username} mapping), so drift compares
 * only what edgesite sets.
 */
public final class IdentityProviders {
    /** The longest groups value the custom attribute keeps: Cognito's most for a string attribute. */
    static final int GROUPS_MAX_LENGTH = 2048;
    /** Mapped by Cognito itself for every provider (to sub or the SAML NameID); not ours to manage. */
    private static final String USERNAME = "username";

    private final CognitoIdentityProviderClient cognito;

    public IdentityProviders(CognitoIdentityProviderClient cognito) {
        this.cognito = cognito;
    }

    /** The pool's provider of that name, described (with its details), if it has one. */
    public Optional<IdentityProviderType> describe(String poolId, String name) {
        try {
            return Optional.of(cognito.describeIdentityProvider(r -> r.userPoolId(poolId).providerName(name))
                    .identityProvider());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    public void create(String poolId, IdentityProvider wanted) {
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName(wanted.name())
                .providerType(wanted.type().name()).providerDetails(wanted.details())
                .attributeMapping(wanted.attributeMapping()));
    }

    /**
     * Makes the pool's provider what the configuration says: its details and its whole attribute mapping (an
     * update replaces the mapping it is given). A provider of the other type cannot be turned into this one,
     * so it is deleted and made again.
     */
    public void repair(String poolId, IdentityProviderType current, IdentityProvider wanted) {
        if (!wanted.type().name().equals(current.providerTypeAsString())) {
            delete(poolId, current.providerName());
            create(poolId, wanted);
            return;
        }
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName(wanted.name())
                .providerDetails(wanted.details()).attributeMapping(wanted.attributeMapping()));
    }

    public void delete(String poolId, String name) {
        try {
            cognito.deleteIdentityProvider(r -> r.userPoolId(poolId).providerName(name));
        } catch (ResourceNotFoundException e) {
            // gone already: what delete wanted
        }
    }

    /**
     * The fields of the pool's provider that differ from the configuration, by name only: a secret's value is
     * never part of what drift says.
     */
    public static List<String> drift(IdentityProviderType current, IdentityProvider wanted) {
        List<String> fields = new ArrayList<>();
        if (!wanted.type().name().equals(current.providerTypeAsString())) {
            fields.add("type " + current.providerTypeAsString() + " -> " + wanted.type().name());
            return fields;
        }
        Map<String, String> details = current.providerDetails();
        wanted.details().forEach((key, value) -> {
            // A secret the description leaves out cannot be compared; one it shows can.
            boolean unknown = key.equals("client_secret") && !details.containsKey(key);
            if (!unknown && !value.equals(details.get(key))) {
                fields.add(key);
            }
        });
        if (wanted.type() == IdentityProvider.Type.SAML) {
            String other = wanted.metadataUrl() != null ? "MetadataFile" : "MetadataURL";
            if (details.containsKey(other)) {
                fields.add(other);
            }
        }
        Map<String, String> mapping = current.attributeMapping();
        TreeSet<String> keys = new TreeSet<>(mapping.keySet());
        keys.addAll(wanted.attributeMapping().keySet());
        keys.remove(USERNAME);
        for (String key : keys) {
            if (!wanted.attributeMapping().getOrDefault(key, "").equals(mapping.getOrDefault(key, ""))) {
                fields.add("attribute mapping " + key);
            }
        }
        return fields;
    }

    /** Whether the pool has the custom attribute provider groups are mapped into. */
    public static boolean hasGroupsAttribute(UserPoolType pool) {
        return pool.schemaAttributes().stream()
                .anyMatch(a -> IdentityProvider.GROUPS_CLAIM.equals(a.name()));
    }

    /** Adds the custom attribute (custom attributes cannot be removed again: one that is not used stays). */
    public void addGroupsAttribute(String poolId) {
        cognito.addCustomAttributes(r -> r.userPoolId(poolId).customAttributes(a -> a
                .name(IdentityProvider.GROUPS_ATTRIBUTE).attributeDataType(AttributeDataType.STRING).mutable(true)
                .stringAttributeConstraints(c -> c.minLength("0").maxLength(String.valueOf(GROUPS_MAX_LENGTH)))));
    }
}
