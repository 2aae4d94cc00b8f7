package dev.edgesite.core.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AccountRecoverySettingType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordPolicyType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RecoveryOptionNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/** Cognito: the stack's user pool, its public app client, hosted-login domain and logo. */
public final class UserPools {
    /** Pool tag holding the SHA-256 of the logo last uploaded: UI customization cannot be compared otherwise. */
    static final String LOGO_TAG = Tags.LOGO;

    private static final PasswordPolicyType PASSWORD_POLICY = PasswordPolicyType.builder()
            .minimumLength(12).requireLowercase(true).requireUppercase(true).requireNumbers(true)
            .requireSymbols(false).temporaryPasswordValidityDays(7).build();
    private static final AccountRecoverySettingType RECOVERY = AccountRecoverySettingType.builder()
            .recoveryMechanisms(m -> m.name(RecoveryOptionNameType.VERIFIED_EMAIL).priority(1)).build();

    private final CognitoIdentityProviderClient cognito;

    public UserPools(CognitoIdentityProviderClient cognito) {
        this.cognito = cognito;
    }

    public static String poolName(String stack) {
        return "edgesite-" + stack;
    }

    /** The name of the site's app client in the stack's pool. */
    public static String clientName(String stack) {
        return stack + "-site";
    }

    /**
     * The pool the stack uses: of the pools named and tagged for it, the one with a login domain, else the
     * oldest. More than one exists only when an earlier create's answer was lost: see {@link #pools}.
     */
    public Optional<UserPoolType> findPool(String stack) {
        return inUse(pools(stack));
    }

    /** Every pool named and tagged for the stack, over every page, oldest first. */
    public List<UserPoolType> pools(String stack) {
        String name = poolName(stack);
        return cognito.listUserPoolsPaginator(r -> r.maxResults(60)).userPools().stream()
                .filter(p -> name.equals(p.name()))
                .map(p -> describePool(p.id()))
                .flatMap(Optional::stream)
                .filter(p -> stack.equals(p.userPoolTags().get(Tags.STACK)))
                .sorted(Comparator.comparing(UserPoolType::creationDate, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(UserPoolType::id))
                .toList();
    }

    /** The one of these pools that has a login domain (its users sign in there), else the oldest. */
    public static Optional<UserPoolType> inUse(List<UserPoolType> pools) {
        return pools.stream().filter(p -> p.domain() != null).findFirst().or(() -> pools.stream().findFirst());
    }

    private Optional<UserPoolType> describePool(String id) {
        try {
            return Optional.of(cognito.describeUserPool(r -> r.userPoolId(id)).userPool());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates the stack's pool. CreateUserPool is not idempotent: a call whose answer was lost is not sent
     * again before a look-up found no pool of the stack.
     */
    public UserPoolType createPool(String stack, boolean selfSignUp) {
        return Creates.createOrAdopt(() -> cognito.createUserPool(r -> r.poolName(poolName(stack))
                .usernameAttributes(UsernameAttributeType.EMAIL)
                .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .policies(p -> p.passwordPolicy(PASSWORD_POLICY))
                .adminCreateUserConfig(adminConfig(selfSignUp))
                .accountRecoverySetting(RECOVERY)
                .userPoolTags(Map.of(Tags.STACK, stack))
                .overrideConfiguration(Creates.RETRY_THROTTLING_ONLY)).userPool(),
                () -> findPool(stack), Creates.never());
    }

    /** What tells pools apart, and whether deleting one loses anything: its users and identity providers. */
    public record Content(int users, int identityProviders) {
        public boolean empty() {
            return users == 0 && identityProviders == 0;
        }

        /** {@code 2 users, 1 identity provider}, counting to {@code limit} at most ({@code 3+ users}). */
        public String describe(int limit) {
            return (users >= limit ? limit + "+" : Integer.toString(users)) + " user(s), " + identityProviders
                    + " identity provider(s)";
        }
    }

    /** Up to {@code limit} users and every identity provider of the pool. */
    public Content content(String poolId, int limit) {
        int users = cognito.listUsers(r -> r.userPoolId(poolId).limit(limit)).users().size();
        int providers = (int) cognito.listIdentityProvidersPaginator(r -> r.userPoolId(poolId).maxResults(60))
                .providers().stream().count();
        return new Content(users, providers);
    }

    public static List<String> poolDrift(UserPoolType pool, boolean selfSignUp) {
        List<String> fields = new ArrayList<>();
        AdminCreateUserConfigType admin = pool.adminCreateUserConfig();
        if (admin == null || !Objects.equals(admin.allowAdminCreateUserOnly(), !selfSignUp)) {
            fields.add("self sign-up");
        }
        PasswordPolicyType policy = pool.policies() == null ? null : pool.policies().passwordPolicy();
        if (policy == null || !Objects.equals(policy.minimumLength(), PASSWORD_POLICY.minimumLength())
                || !Objects.equals(policy.requireLowercase(), true) || !Objects.equals(policy.requireUppercase(), true)
                || !Objects.equals(policy.requireNumbers(), true)) {
            fields.add("password policy");
        }
        return fields;
    }

    /** UpdateUserPool resets what it is not given, so every setting of ours is sent again. */
    public void updatePool(UserPoolType pool, String stack, boolean selfSignUp) {
        cognito.updateUserPool(r -> r.userPoolId(pool.id())
                .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .policies(p -> p.passwordPolicy(PASSWORD_POLICY))
                .adminCreateUserConfig(adminConfig(selfSignUp))
                .accountRecoverySetting(RECOVERY)
                .userPoolTags(withStack(pool.userPoolTags(), stack)));
    }

    private static AdminCreateUserConfigType adminConfig(boolean selfSignUp) {
        return AdminCreateUserConfigType.builder().allowAdminCreateUserOnly(!selfSignUp).build();
    }

    private static Map<String, String> withStack(Map<String, String> tags, String stack) {
        Map<String, String> out = new HashMap<>(tags);
        out.put(Tags.STACK, stack);
        return out;
    }

    /**
     * The pool's app client of this name. If an earlier lost answer left more than one: the one set up for the
     * site (OAuth on, callback URLs given), the oldest of those.
     */
    public Optional<UserPoolClientType> findClient(String poolId, String name) {
        return clients(poolId, name).stream().findFirst();
    }

    /** Every app client of the pool with this name, over every page: set up for the site first, then oldest first. */
    public List<UserPoolClientType> clients(String poolId, String name) {
        return cognito.listUserPoolClientsPaginator(r -> r.userPoolId(poolId).maxResults(60)).userPoolClients().stream()
                .filter(c -> name.equals(c.clientName()))
                .map(c -> cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId(c.clientId()))
                        .userPoolClient())
                .sorted(Comparator.comparing((UserPoolClientType c) -> !setUp(c))
                        .thenComparing(UserPoolClientType::creationDate, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(UserPoolClientType::clientId))
                .toList();
    }

    private static boolean setUp(UserPoolClientType client) {
        return Boolean.TRUE.equals(client.allowedOAuthFlowsUserPoolClient()) && !client.callbackURLs().isEmpty();
    }

    /**
     * Creates the app client. CreateUserPoolClient is not idempotent: a call whose answer was lost is not sent
     * again before a look-up found no client of that name.
     */
    public UserPoolClientType createClient(String poolId, AppClientSpec spec) {
        CreateUserPoolClientRequest create = spec.createRequest(poolId).toBuilder()
                .overrideConfiguration(Creates.RETRY_THROTTLING_ONLY).build();
        return Creates.createOrAdopt(() -> cognito.createUserPoolClient(create).userPoolClient(),
                () -> findClient(poolId, spec.name()), Creates.never());
    }

    /** Deletes an app client; one already gone counts as deleted. */
    public void deleteClient(String poolId, String clientId) {
        try {
            cognito.deleteUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId));
        } catch (ResourceNotFoundException e) {
            // a retry after a lost answer, or deleted meanwhile
        }
    }

    /** Brings the client, as just described, to the spec. */
    public void updateClient(String poolId, UserPoolClientType client, AppClientSpec spec) {
        cognito.updateUserPoolClient(spec.updateRequest(poolId, client));
    }

    /** The id of the pool the hosted-login domain with this prefix belongs to, if it exists. */
    public Optional<String> domainOwner(String prefix) {
        var description = cognito.describeUserPoolDomain(r -> r.domain(prefix)).domainDescription();
        return description == null || !prefix.equals(description.domain()) ? Optional.empty()
                : Optional.ofNullable(description.userPoolId());
    }

    /**
     * Gives the pool its hosted-login domain. Not idempotent: a call whose answer was lost, or the answer that the
     * domain is taken, is followed by a look-up; a domain this pool already has is adopted, one of another
     * pool is an error.
     */
    public void createDomain(String poolId, String prefix) {
        Creates.createOrAdopt(() -> {
            cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix)
                    .overrideConfiguration(Creates.RETRY_THROTTLING_ONLY));
            return poolId;
        }, () -> domainOwner(prefix).filter(poolId::equals), Creates.code("InvalidParameterException"));
    }

    /** Puts the logo on the hosted login page (for every client of the pool) and remembers its hash. */
    public void setLogo(UserPoolType pool, byte[] image, String sha256) {
        cognito.setUICustomization(r -> r.userPoolId(pool.id()).clientId("ALL").imageFile(SdkBytes.fromByteArray(image)));
        cognito.tagResource(r -> r.resourceArn(pool.arn()).tags(Map.of(LOGO_TAG, sha256)));
    }

    public static boolean logoCurrent(UserPoolType pool, String sha256) {
        return sha256.equals(pool.userPoolTags().get(LOGO_TAG));
    }

    /** Up to {@code limit} of the pool's users. */
    public List<UserType> users(String poolId, int limit) {
        return cognito.listUsers(r -> r.userPoolId(poolId).limit(limit)).users();
    }

    /** Deletes the hosted-login domain; Cognito deletes no pool that still has one. One already gone counts. */
    public void deleteDomain(String poolId, String prefix) {
        try {
            cognito.deleteUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        } catch (ResourceNotFoundException e) {
            // a retry after a lost answer, or deleted meanwhile
        }
    }

    /** Deletes the pool with its clients, groups and users. One already gone counts as deleted. */
    public void deletePool(String poolId) {
        try {
            cognito.deleteUserPool(r -> r.userPoolId(poolId));
        } catch (ResourceNotFoundException e) {
            // a retry after a lost answer, or deleted meanwhile
        }
    }

    /**
     * Creates a user signing in with this email, verified, and has Cognito email the invitation with
     * a temporary password. Empty when the pool already has a user of that name.
     */
    public Optional<UserType> createUser(String poolId, String email) {
        try {
            return Optional.of(cognito.adminCreateUser(r -> r.userPoolId(poolId).username(email)
                    .userAttributes(a -> a.name("email").value(email), a -> a.name("email_verified").value("true"))
                    .desiredDeliveryMediums(DeliveryMediumType.EMAIL)).user());
        } catch (UsernameExistsException e) {
            return Optional.empty();
        }
    }

    public AdminGetUserResponse user(String poolId, String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username));
    }

    /** The user of that name (or email, the pool's sign-in name), if the pool has one; reads only. */
    public Optional<AdminGetUserResponse> findUser(String poolId, String username) {
        try {
            return Optional.of(user(poolId, username));
        } catch (UserNotFoundException e) {
            return Optional.empty();
        }
    }

    public boolean groupExists(String poolId, String group) {
        try {
            cognito.getGroup(r -> r.userPoolId(poolId).groupName(group));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    public void createGroup(String poolId, String group) {
        cognito.createGroup(r -> r.userPoolId(poolId).groupName(group));
    }

    /** The names of the groups the user is in, over every page. */
    public List<String> groupsOf(String poolId, String username) {
        return cognito.adminListGroupsForUserPaginator(r -> r.userPoolId(poolId).username(username)).groups().stream()
                .map(g -> g.groupName()).toList();
    }

    public void addToGroup(String poolId, String username, String group) {
        cognito.adminAddUserToGroup(r -> r.userPoolId(poolId).username(username).groupName(group));
    }
}
