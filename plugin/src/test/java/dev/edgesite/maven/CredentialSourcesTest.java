package dev.edgesite.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.ChildJvm;
import dev.edgesite.testbed.MotoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * Every credential source the SDK and the AWS CLI accept, run for real by a goal's clients
 * ({@link AwsClients#forStack}) in a JVM of its own ({@link WhoAmI}) whose home folder, environment and
 * {@code ~/.aws} files are this test's: IAM Identity Center (both profile forms) against a stand-in portal,
 * credential_process with a script, web identity and role_arn/source_profile against moto's STS, container
 * credentials against a stand-in endpoint, static keys. Each call is STS GetCallerIdentity on moto, which
 * names the IAM user whose access key signed it, so the ARN shows which credentials were used.
 */
@ExtendWith(MotoExtension.class)
class CredentialSourcesTest {
    private static final String ACCOUNT = "123456789012";
    private static final String SSO_TOKEN = "portal-bearer-token";

    @TempDir
    Path home;

    private final List<String> portalCalls = new CopyOnWriteArrayList<>();
    private HttpServer standIn;
    private volatile String portalKeys = "{}";

    @BeforeEach
    void startStandIn() throws IOException {
        Files.createDirectories(home.resolve(".aws/sso/cache"));
        standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // the IAM Identity Center portal's GetRoleCredentials
        standIn.createContext("/federation/credentials", exchange -> {
            String token = exchange.getRequestHeaders().getFirst("x-amz-sso_bearer_token");
            portalCalls.add(exchange.getRequestURI().getQuery() + " token=" + token);
            boolean known = SSO_TOKEN.equals(token);
            byte[] body = (known ? portalKeys : "{\"message\":\"Session token not found or invalid\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (!known) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "UnauthorizedException");
            }
            exchange.sendResponseHeaders(known ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // a container credentials endpoint (ECS, EKS Pod Identity)
        standIn.createContext("/container-credentials", exchange -> {
            byte[] body = portalKeys.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        standIn.start();
    }

    @AfterEach
    void stopStandIn() {
        standIn.stop(0);
    }

    private URI standInUri() {
        return URI.create("http://127.0.0.1:" + standIn.getAddress().getPort());
    }

    private static AccessKey user(MotoServer moto, String name) {
        try (var aws = moto.clients()) {
            IamClient iam = aws.iam();
            iam.createUser(b -> b.userName(name));
            iam.putUserPolicy(b -> b.userName(name).policyName("whoami").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:*\",\"Resource\":\"*\"}]}"));
            return iam.createAccessKey(b -> b.userName(name)).accessKey();
        }
    }

    private static void role(MotoServer moto, String name) {
        try (var aws = moto.clients()) {
            aws.iam().createRole(b -> b.roleName(name).assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                            + "\"Action\":[\"sts:AssumeRole\",\"sts:AssumeRoleWithWebIdentity\"]}]}"));
        }
    }

    private void write(String relative, String text) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void ssoToken(String cacheKey, String startUrl, Instant expiresAt) throws IOException {
        write(".aws/sso/cache/" + sha1(cacheKey) + ".json", "{\"startUrl\":\"" + startUrl + "\",\"region\":\"us-east-1\","
                + "\"accessToken\":\"" + SSO_TOKEN + "\",\"expiresAt\":\"" + expiresAt + "\"}");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The portal hands out a role session's keys, as IAM Identity Center does: here a real session of moto's STS
     * for {@code role}, because the SDK insists on a session token and moto checks session tokens against its
     * STS sessions when it enforces IAM.
     */
    private void portalReturns(MotoServer moto, String role) {
        role(moto, role);
        try (var aws = moto.clients()) {
            aws.iam().putRolePolicy(b -> b.roleName(role).policyName("whoami").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:*\",\"Resource\":\"*\"}]}"));
            var session = aws.sts().assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/" + role)
                    .roleSessionName("portal-user")).credentials();
            portalKeys = "{\"roleCredentials\":{\"accessKeyId\":\"" + session.accessKeyId() + "\",\"secretAccessKey\":\""
                    + session.secretAccessKey() + "\",\"sessionToken\":\"" + session.sessionToken() + "\",\"expiration\":"
                    + session.expiration().toEpochMilli() + "}}";
        }
    }

    private void containerReturns(AccessKey key) {
        portalKeys = "{\"AccessKeyId\":\"" + key.accessKeyId() + "\",\"SecretAccessKey\":\"" + key.secretAccessKey()
                + "\",\"Expiration\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}";
    }

    /** {@link WhoAmI} in a fresh JVM whose home is the temp folder and whose environment names no other AWS setting. */
    private String whoAmI(MotoServer moto, String profile, Map<String, String> env) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "AWS_ENDPOINT_URL_SSO", standInUri().toString(), "AWS_REGION", "us-east-1",
                "AWS_EC2_METADATA_DISABLED", "true"));
        environment.putAll(env);
        return ChildJvm.run(WhoAmI.class, home, environment, profile == null ? "" : profile);
    }

    private static String arn(String out) {
        return out.lines().filter(line -> line.startsWith("ARN ")).map(line -> line.substring(4)).findFirst()
                .orElseThrow(() -> new AssertionError("no caller identity:\n" + out));
    }

    private static String advice(String out) {
        return out.lines().filter(line -> line.startsWith("ADVICE ")).map(line -> line.substring(7)).findFirst()
                .orElseThrow(() -> new AssertionError("no advice:\n" + out));
    }

    private void ssoSessionProfile(String profile, String session) throws IOException {
        write(".aws/config", "[profile " + profile + "]\nsso_session = " + session + "\nsso_account_id = " + ACCOUNT
                + "\nsso_role_name = Publisher\nregion = us-east-1\n\n[sso-session " + session + "]\n"
                + "sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n"
                + "sso_registration_scopes = sso:account:access\n");
    }

    private void legacySsoProfile(String profile, String startUrl) throws IOException {
        write(".aws/config", "[profile " + profile + "]\nsso_start_url = " + startUrl + "\nsso_region = us-east-1\n"
                + "sso_account_id = " + ACCOUNT + "\nsso_role_name = Publisher\nregion = us-east-1\n");
    }

    @Test
    void iamIdentityCenterSessionProfileSignsWithTheKeysThePortalReturns(MotoServer moto) throws Exception {
        portalReturns(moto, "Publisher");
        ssoSessionProfile("dev", "corp");
        ssoToken("corp", "https://example.awsapps.com/start", Instant.now().plus(Duration.ofHours(8)));
        moto.enforceIam();

        String out = whoAmI(moto, "dev", Map.of());

        assertEquals("arn:aws:sts::" + ACCOUNT + ":assumed-role/Publisher/portal-user", arn(out), out);
        assertEquals(List.of("account_id=" + ACCOUNT + "&role_name=Publisher token=" + SSO_TOKEN), sortedQuery(portalCalls));
    }

    @Test
    void legacyIamIdentityCenterProfileThroughAwsProfile(MotoServer moto) throws Exception {
        portalReturns(moto, "LegacyPublisher");
        legacySsoProfile("legacy", "https://legacy.awsapps.com/start");
        ssoToken("https://legacy.awsapps.com/start", "https://legacy.awsapps.com/start",
                Instant.now().plus(Duration.ofHours(8)));
        moto.enforceIam();

        String out = whoAmI(moto, null, Map.of("AWS_PROFILE", "legacy"));

        assertEquals("arn:aws:sts::" + ACCOUNT + ":assumed-role/LegacyPublisher/portal-user", arn(out), out);
        assertEquals(1, portalCalls.size(), portalCalls.toString());
    }

    private static List<String> sortedQuery(List<String> calls) {
        return calls.stream().map(call -> {
            String[] parts = call.split(" ", 2);
            List<String> params = new ArrayList<>(List.of(parts[0].split("&")));
            params.sort(null);
            return String.join("&", params) + " " + parts[1];
        }).toList();
    }

    @Test
    void credentialProcessScript(MotoServer moto) throws Exception {
        AccessKey key = user(moto, "from-process");
        Path script = home.resolve("print-credentials.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s' '{\"Version\":1,\"AccessKeyId\":\"" + key.accessKeyId()
                + "\",\"SecretAccessKey\":\"" + key.secretAccessKey() + "\"}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        write(".aws/config", "[profile ci]\ncredential_process = " + script + "\n");

        assertEquals("arn:aws:iam::" + ACCOUNT + ":user/from-process", arn(whoAmI(moto, "ci", Map.of())));
    }

    @Test
    void staticKeysOfAProfile(MotoServer moto) throws Exception {
        AccessKey key = user(moto, "static-user");
        write(".aws/credentials", "[keys]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = "
                + key.secretAccessKey() + "\n");

        assertEquals("arn:aws:iam::" + ACCOUNT + ":user/static-user", arn(whoAmI(moto, "keys", Map.of())));
    }

    @Test
    void roleArnWithSourceProfileAssumesTheRoleOnMotosSts(MotoServer moto) throws Exception {
        AccessKey key = user(moto, "base-user");
        role(moto, "publisher-role");
        write(".aws/credentials", "[base]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = "
                + key.secretAccessKey() + "\n");
        write(".aws/config", "[profile deploy]\nrole_arn = arn:aws:iam::" + ACCOUNT + ":role/publisher-role\n"
                + "source_profile = base\nrole_session_name = edgesite-test\nregion = us-east-1\n");

        assertEquals("arn:aws:sts::" + ACCOUNT + ":assumed-role/publisher-role/edgesite-test",
                arn(whoAmI(moto, "deploy", Map.of())));
    }

    @Test
    void webIdentityAsGitHubActionsSetsItAssumesTheRoleOnMotosSts(MotoServer moto) throws Exception {
        role(moto, "github-deployer");
        write("oidc-token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUvZG9jcyJ9.c2lnbmF0dXJl");

        String out = whoAmI(moto, null, Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", home.resolve("oidc-token").toString(),
                "AWS_ROLE_ARN", "arn:aws:iam::" + ACCOUNT + ":role/github-deployer",
                "AWS_ROLE_SESSION_NAME", "gha-run"));

        assertEquals("arn:aws:sts::" + ACCOUNT + ":assumed-role/github-deployer/gha-run", arn(out), out);
    }

    @Test
    void containerCredentialsFromTheFullUri(MotoServer moto) throws Exception {
        AccessKey key = user(moto, "task-role-user");
        containerReturns(key);

        String out = whoAmI(moto, null, Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                standInUri().resolve("/container-credentials").toString()));

        assertEquals("arn:aws:iam::" + ACCOUNT + ":user/task-role-user", arn(out), out);
    }

    // What a goal says when the credentials are missing or expired: the profile, the source, the one fix.

    @Test
    void aMissingIdentityCenterSignInSaysToSignInWithThatProfile(MotoServer moto) throws Exception {
        ssoSessionProfile("dev", "corp");

        String advice = advice(whoAmI(moto, "dev", Map.of()));

        assertTrue(advice.startsWith("The IAM Identity Center sign-in is missing or has expired"), advice);
        assertTrue(advice.contains("the AWS profile 'dev' (IAM Identity Center, sso-session 'corp')"), advice);
        assertTrue(advice.contains("Sign in again: aws sso login --profile dev."), advice);
        assertTrue(portalCalls.isEmpty(), portalCalls.toString());
    }

    @Test
    void anExpiredLegacySignInThroughAwsProfileSaysToSignInWithThatProfile(MotoServer moto) throws Exception {
        legacySsoProfile("legacy", "https://legacy.awsapps.com/start");
        ssoToken("https://legacy.awsapps.com/start", "https://legacy.awsapps.com/start",
                Instant.now().minus(Duration.ofHours(1)));

        String advice = advice(whoAmI(moto, null, Map.of("AWS_PROFILE", "legacy")));

        assertTrue(advice.contains("the AWS profile 'legacy' (from AWS_PROFILE) (IAM Identity Center, sso_start_url"
                + " https://legacy.awsapps.com/start)"), advice);
        assertTrue(advice.contains("aws sso login --profile legacy"), advice);
    }

    @Test
    void aSignInThePortalRefusesSaysToSignInAgain(MotoServer moto) throws Exception {
        ssoSessionProfile("dev", "corp");
        write(".aws/sso/cache/" + sha1("corp") + ".json", "{\"startUrl\":\"https://example.awsapps.com/start\","
                + "\"region\":\"us-east-1\",\"accessToken\":\"revoked\",\"expiresAt\":\""
                + Instant.now().plus(Duration.ofHours(1)) + "\"}");

        String advice = advice(whoAmI(moto, "dev", Map.of()));

        assertTrue(advice.startsWith("IAM Identity Center refused the sign-in"), advice);
        assertTrue(advice.contains("aws sso login --profile dev"), advice);
    }

    @Test
    void aFailingCredentialProcessSaysToRunItNotToSignIn(MotoServer moto) throws Exception {
        Path script = home.resolve("fails.sh");
        Files.writeString(script, "#!/bin/sh\necho 'token expired' >&2\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        write(".aws/config", "[profile ci]\ncredential_process = " + script + "\n");

        String advice = advice(whoAmI(moto, "ci", Map.of()));

        assertTrue(advice.contains("the AWS profile 'ci' (credential_process " + script + ")"), advice);
        assertTrue(advice.contains("Run that command yourself"), advice);
        assertFalse(advice.contains("sso login"), advice);
    }

    @Test
    void aProfileThatDoesNotExistSaysToCreateIt(MotoServer moto) throws Exception {
        String advice = advice(whoAmI(moto, "nosuch", Map.of()));

        assertTrue(advice.contains("the AWS profile 'nosuch', which is in neither ~/.aws/config nor ~/.aws/credentials"),
                advice);
        assertTrue(advice.contains("aws configure sso --profile nosuch"), advice);
        assertFalse(advice.contains("aws sso login"), advice);
    }

    @Test
    void anEmptyDefaultChainSaysWhatItLookedFor(MotoServer moto) throws Exception {
        String advice = advice(whoAmI(moto, null, Map.of()));

        assertTrue(advice.startsWith("No usable AWS credentials were found"), advice);
        assertTrue(advice.contains("the default credentials chain, which found none"), advice);
        assertFalse(advice.contains("aws sso login"), advice);
    }

    @Test
    void anAssumedRoleWhoseSourceIsAnIdentityCenterProfileSaysToSignInWithTheSource(MotoServer moto) throws Exception {
        ssoSessionProfile("base", "corp");
        Files.writeString(home.resolve(".aws/config"), "[profile deploy]\nrole_arn = arn:aws:iam::" + ACCOUNT
                + ":role/publisher-role\nsource_profile = base\n\n", java.nio.file.StandardOpenOption.APPEND);

        String advice = advice(whoAmI(moto, "deploy", Map.of()));

        assertTrue(advice.contains("assumed with the credentials of the profile 'base' (IAM Identity Center"), advice);
        assertTrue(advice.contains("aws sso login --profile base"), advice);
    }
}
