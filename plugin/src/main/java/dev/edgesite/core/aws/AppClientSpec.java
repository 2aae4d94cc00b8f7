package dev.edgesite.core.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TokenValidityUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UpdateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * The site's app client as edgesite sets it up, written once: a public client (no secret) for the hosted
 * login's authorization-code flow (the authorizer sends PKCE), the {@link #SCOPES} the authorizer asks for, the
 * pool's own users (unless {@code cognitoLogin} is off) and the stack's identity providers, refresh and SRP sign-in, no telling whether a user exists, revocable refresh tokens
 * (the authorizer revokes at sign-out) and Cognito's default token lifetimes, made explicit because the
 * authorizer's session cookies and serve's local login follow them.
 *
 * <p>From it come the create request, the update request and the drift check. A spec without callback URLs
 * (the client made before the distribution names the site) leaves the OAuth settings off: Cognito refuses the
 * code flow without a callback URL.
 */
public record AppClientSpec(String name, List<String> callbackUrls, List<String> logoutUrls,
        List<String> identityProviders, boolean cognitoLogin) {
    /** What the authorizer asks the hosted login for, and all the app client allows. */
    public static final List<String> SCOPES = List.of("openid", "email", "profile");
    /** How long ID and access tokens last. */
    public static final Duration TOKEN_VALIDITY = Duration.ofMinutes(60);
    /** How long a refresh token lasts: the authorizer's session cookies live as long. */
    public static final Duration REFRESH_TOKEN_VALIDITY = Duration.ofDays(30);

    private static final List<OAuthFlowType> OAUTH_FLOWS = List.of(OAuthFlowType.CODE);
    /** Cognito's name for the pool's own users on the login page. */
    public static final String COGNITO = "COGNITO";
    private static final List<ExplicitAuthFlowsType> AUTH_FLOWS =
            List.of(ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH, ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH);
    /** Cognito's units when a client names none. */
    private static final TokenValidityUnitsType DEFAULT_UNITS = TokenValidityUnitsType.builder()
            .idToken(TimeUnitsType.HOURS).accessToken(TimeUnitsType.HOURS).refreshToken(TimeUnitsType.DAYS).build();

    public AppClientSpec {
        callbackUrls = List.copyOf(callbackUrls);
        logoutUrls = List.copyOf(logoutUrls);
        identityProviders = List.copyOf(identityProviders);
    }

    /** A client for the pool's own users only. */
    public AppClientSpec(String name, List<String> callbackUrls, List<String> logoutUrls) {
        this(name, callbackUrls, logoutUrls, List.of(), true);
    }

    /** Who the login page offers: the pool's own users unless turned off, then each identity provider. */
    public List<String> supportedIdentityProviders() {
        List<String> offered = new ArrayList<>();
        if (cognitoLogin) {
            offered.add(COGNITO);
        }
        offered.addAll(identityProviders);
        return offered;
    }

    /** Whether the client signs in through the hosted login: only once it has somewhere to send the browser back. */
    boolean oauth() {
        return !callbackUrls.isEmpty();
    }

    /** The client as DescribeUserPoolClient shows it when it is as specified: every field the spec sets. */
    UserPoolClientType described() {
        UserPoolClientType.Builder b = UserPoolClientType.builder().clientName(name)
                .supportedIdentityProviders(supportedIdentityProviders())
                .explicitAuthFlows(AUTH_FLOWS)
                .preventUserExistenceErrors(PreventUserExistenceErrorTypes.ENABLED)
                .enableTokenRevocation(true)
                .idTokenValidity((int) TOKEN_VALIDITY.toMinutes())
                .accessTokenValidity((int) TOKEN_VALIDITY.toMinutes())
                .refreshTokenValidity((int) REFRESH_TOKEN_VALIDITY.toDays())
                .tokenValidityUnits(u -> u.idToken(TimeUnitsType.MINUTES).accessToken(TimeUnitsType.MINUTES)
                        .refreshToken(TimeUnitsType.DAYS))
                .allowedOAuthFlowsUserPoolClient(oauth());
        if (oauth()) {
            b.allowedOAuthFlows(OAUTH_FLOWS).allowedOAuthScopes(SCOPES).callbackURLs(callbackUrls).logoutURLs(logoutUrls);
        }
        return b.build();
    }

    /** Creates the client: the spec, with no secret (the authorizer is a public client). */
    public CreateUserPoolClientRequest createRequest(String poolId) {
        CreateUserPoolClientRequest.Builder b = CreateUserPoolClientRequest.builder();
        copy(described(), b);
        return b.userPoolId(poolId).generateSecret(false).build();
    }

    /**
     * Brings {@code current} to the spec. UpdateUserPoolClient resets every field it is not given, so the request
     * is the client as just described, with the spec over it: what the spec does not set (attributes read and
     * written, analytics, refresh-token rotation, ...) stays as it was. A default redirect URI that is no longer
     * a callback URL is dropped, as Cognito refuses it.
     */
    public UpdateUserPoolClientRequest updateRequest(String poolId, UserPoolClientType current) {
        UpdateUserPoolClientRequest.Builder b = UpdateUserPoolClientRequest.builder();
        copy(current, b);
        copy(described(), b);
        if (current.defaultRedirectURI() != null && !callbackUrls.contains(current.defaultRedirectURI())) {
            b.defaultRedirectURI(null);
        }
        return b.userPoolId(poolId).clientId(current.clientId()).build();
    }

    /** What of the spec the described client does not have, named for the plan; empty when it is as specified. */
    public List<String> drift(UserPoolClientType client) {
        UserPoolClientType want = described();
        List<String> fields = new ArrayList<>();
        if (!Objects.equals(client.allowedOAuthFlowsUserPoolClient(), want.allowedOAuthFlowsUserPoolClient())
                || !sameSet(client.allowedOAuthFlowsAsStrings(), want.allowedOAuthFlowsAsStrings())) {
            fields.add("OAuth flows");
        }
        if (!sameSet(client.allowedOAuthScopes(), want.allowedOAuthScopes())) {
            fields.add("scopes");
        }
        if (!sameSet(client.callbackURLs(), want.callbackURLs())) {
            fields.add("callback URLs");
        }
        if (!sameSet(client.logoutURLs(), want.logoutURLs())) {
            fields.add("sign-out URLs");
        }
        if (!sameSet(client.supportedIdentityProviders(), want.supportedIdentityProviders())) {
            fields.add("identity providers");
        }
        if (!sameSet(client.explicitAuthFlowsAsStrings(), want.explicitAuthFlowsAsStrings())) {
            fields.add("sign-in flows");
        }
        if (!Objects.equals(client.preventUserExistenceErrorsAsString(), want.preventUserExistenceErrorsAsString())) {
            fields.add("user existence errors");
        }
        if (!Objects.equals(client.enableTokenRevocation(), want.enableTokenRevocation())) {
            fields.add("token revocation");
        }
        if (!validities(client).equals(validities(want))) {
            fields.add("token validity");
        }
        return fields;
    }

    /**
     * The ID, access and refresh token lifetimes a client gives: a value it does not name is Cognito's default
     * (an hour, an hour, 30 days), a unit it does not name hours for ID and access tokens and days for refresh.
     */
    static List<Duration> validities(UserPoolClientType c) {
        TokenValidityUnitsType units = c.tokenValidityUnits() == null ? DEFAULT_UNITS : c.tokenValidityUnits();
        return List.of(
                validity(c.idTokenValidity(), units.idToken(), DEFAULT_UNITS.idToken(), Duration.ofHours(1)),
                validity(c.accessTokenValidity(), units.accessToken(), DEFAULT_UNITS.accessToken(), Duration.ofHours(1)),
                validity(c.refreshTokenValidity(), units.refreshToken(), DEFAULT_UNITS.refreshToken(), Duration.ofDays(30)));
    }

    private static Duration validity(Integer value, TimeUnitsType unit, TimeUnitsType defaultUnit, Duration dflt) {
        if (value == null) {
            return dflt;
        }
        return switch (unit == null || unit == TimeUnitsType.UNKNOWN_TO_SDK_VERSION ? defaultUnit : unit) {
            case SECONDS -> Duration.ofSeconds(value);
            case MINUTES -> Duration.ofMinutes(value);
            case HOURS -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
    }

    /**
     * Sets on {@code to} every field of {@code from} that {@code from} has and {@code to} takes (by member name),
     * through the SDK's own field model: the create and update requests and the described client share the
     * members of an app client, so a field the spec gains reaches both requests.
     */
    static void copy(SdkPojo from, SdkPojo to) {
        Map<String, SdkField<?>> target = to.sdkFields().stream()
                .collect(Collectors.toMap(SdkField::memberName, Function.identity()));
        for (SdkField<?> field : from.sdkFields()) {
            SdkField<?> into = target.get(field.memberName());
            Object value = field.getValueOrDefault(from);
            if (into != null && value != null && !(value instanceof SdkAutoConstructList)
                    && !(value instanceof SdkAutoConstructMap)) {
                into.set(to, value);
            }
        }
    }

    private static boolean sameSet(List<String> a, List<String> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }
}
