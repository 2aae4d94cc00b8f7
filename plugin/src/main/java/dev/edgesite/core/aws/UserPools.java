package dev.edgesite.core.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AccountRecoverySettingType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordPolicyType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RecoveryOptionNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/** Cognito: the stack's user pool, its public app client, hosted-login domain and logo. */
public final class UserPools {
    public static final List<String> SCOPES = List.of("openid", "email", "profile");
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

    /** What the site's app client must look like. */
    public record ClientSpec(String name, List<String> callbackUrls, List<String> logoutUrls) {}

    public static String poolName(String stack) {
        return "edgesite-" + stack;
    }

    /** The name of the site's app client in the stack's pool. */
    public static String clientName(String stack) {
        return stack + "-site";
    }

    /** The stack's pool: by name over every page, confirmed by its tag. */
    public Optional<UserPoolType> findPool(String stack) {
        String name = poolName(stack);
        return cognito.listUserPoolsPaginator(r -> r.maxResults(60)).userPools().stream()
                .filter(p -> name.equals(p.name()))
                .map(p -> cognito.describeUserPool(r -> r.userPoolId(p.id())).userPool())
                .filter(p -> stack.equals(p.userPoolTags().get(Tags.STACK)))
                .findFirst();
    }

    public UserPoolType createPool(String stack, boolean selfSignUp) {
        return cognito.createUserPool(r -> r.poolName(poolName(stack))
                .usernameAttributes(UsernameAttributeType.EMAIL)
                .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .policies(p -> p.passwordPolicy(PASSWORD_POLICY))
                .adminCreateUserConfig(adminConfig(selfSignUp))
                .accountRecoverySetting(RECOVERY)
                .userPoolTags(Map.of(Tags.STACK, stack))).userPool();
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

    public Optional<UserPoolClientType> findClient(String poolId, String name) {
        return cognito.listUserPoolClientsPaginator(r -> r.userPoolId(poolId).maxResults(60)).userPoolClients().stream()
                .filter(c -> name.equals(c.clientName()))
                .map(c -> cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId(c.clientId()))
                        .userPoolClient())
                .findFirst();
    }

    public UserPoolClientType createClient(String poolId, ClientSpec spec) {
        return cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName(spec.name())
                .generateSecret(false)
                .allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CODE)
                .allowedOAuthScopes(SCOPES)
                .supportedIdentityProviders("COGNITO")
                .callbackURLs(spec.callbackUrls())
                .logoutURLs(spec.logoutUrls())
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH, ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH)
                .preventUserExistenceErrors(PreventUserExistenceErrorTypes.ENABLED)).userPoolClient();
    }

    public static List<String> clientDrift(UserPoolClientType client, ClientSpec spec) {
        List<String> fields = new ArrayList<>();
        if (!client.allowedOAuthFlows().equals(List.of(OAuthFlowType.CODE))
                || !Boolean.TRUE.equals(client.allowedOAuthFlowsUserPoolClient())) {
            fields.add("OAuth flows");
        }
        if (!sameSet(client.allowedOAuthScopes(), SCOPES)) {
            fields.add("scopes");
        }
        if (!sameSet(client.callbackURLs(), spec.callbackUrls())) {
            fields.add("callback URLs");
        }
        if (!sameSet(client.logoutURLs(), spec.logoutUrls())) {
            fields.add("sign-out URLs");
        }
        if (!sameSet(client.supportedIdentityProviders(), List.of("COGNITO"))) {
            fields.add("identity providers");
        }
        return fields;
    }

    /** UpdateUserPoolClient also resets what it is not given: send the whole client. */
    public void updateClient(String poolId, UserPoolClientType client, ClientSpec spec) {
        cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId(client.clientId()).clientName(spec.name())
                .allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CODE)
                .allowedOAuthScopes(SCOPES)
                .supportedIdentityProviders("COGNITO")
                .callbackURLs(spec.callbackUrls())
                .logoutURLs(spec.logoutUrls())
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH, ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH)
                .preventUserExistenceErrors(PreventUserExistenceErrorTypes.ENABLED)
                .readAttributes(client.readAttributes())
                .writeAttributes(client.writeAttributes())
                .idTokenValidity(client.idTokenValidity())
                .accessTokenValidity(client.accessTokenValidity())
                .refreshTokenValidity(client.refreshTokenValidity())
                .tokenValidityUnits(client.tokenValidityUnits()));
    }

    public void createDomain(String poolId, String prefix) {
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
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

    /** Deletes the hosted-login domain; Cognito deletes no pool that still has one. */
    public void deleteDomain(String poolId, String prefix) {
        cognito.deleteUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
    }

    /** Deletes the pool with its clients, groups and users. */
    public void deletePool(String poolId) {
        cognito.deleteUserPool(r -> r.userPoolId(poolId));
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

    private static boolean sameSet(List<String> a, List<String> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }
}
