package dev.edgesite.core.aws;

import java.util.Optional;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * Where the SDK takes a goal's credentials from, in words a user recognises, and the one thing that fixes
 * them when they are missing or expired. Read from the same settings the SDK reads (the AWS config files,
 * environment variables and their system properties); it never holds a secret.
 *
 * @param description what the SDK tried, such as {@code the AWS profile 'dev' (IAM Identity Center)}
 * @param fix one sentence: what to do
 * @param identityCenter whether the credentials come from an IAM Identity Center sign-in, which
 *        {@code aws sso login} renews
 */
public record CredentialSource(String description, String fix, boolean identityCenter) {
    private static final String SSO_SESSION = "sso_session";
    private static final int MAX_CHAIN = 8;

    /** The source for {@code profile}, or for the default chain when it is null. */
    public static CredentialSource of(String profile) {
        Optional<ProfileFile> files = profileFiles();
        if (profile != null) {
            return ofProfile(files, profile, "the AWS profile '" + profile + "'", 0);
        }
        if (SdkSystemSetting.AWS_ACCESS_KEY_ID.getStringValue().isPresent()) {
            return new CredentialSource("the access key in AWS_ACCESS_KEY_ID (or the aws.accessKeyId system property)",
                    "Set a working key pair in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for"
                            + " temporary ones), or unset them and set <profile> (edgesite.profile)", false);
        }
        Optional<String> tokenFile = SdkSystemSetting.AWS_WEB_IDENTITY_TOKEN_FILE.getStringValue();
        Optional<String> role = SdkSystemSetting.AWS_ROLE_ARN.getStringValue();
        if (tokenFile.isPresent() && role.isPresent()) {
            return webIdentity("web identity: the token in AWS_WEB_IDENTITY_TOKEN_FILE (" + tokenFile.get()
                    + ") for the role in AWS_ROLE_ARN (" + role.get() + ")");
        }
        Optional<String> named = ProfileFileSystemSetting.AWS_PROFILE.getNonDefaultStringValue();
        String name = named.orElse("default");
        if (named.isPresent() || files.flatMap(f -> f.profile(name)).isPresent()) {
            String label = named.isPresent() ? "the AWS profile '" + name + "' (from AWS_PROFILE)" : "the default AWS profile";
            return ofProfile(files, name, label, 0);
        }
        if (SdkSystemSetting.AWS_CONTAINER_CREDENTIALS_FULL_URI.getStringValue().isPresent()
                || SdkSystemSetting.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI.getStringValue().isPresent()) {
            return new CredentialSource("the container's credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI or"
                    + " AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)", "Give the task or pod a role that may run the goal,"
                    + " or set <profile> (edgesite.profile)", false);
        }
        return new CredentialSource("the default credentials chain, which found none: no AWS_ACCESS_KEY_ID, no"
                + " AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN, no AWS_PROFILE or default profile, no container"
                + " credentials, and no instance role", "Sign in with the AWS CLI (aws configure sso, or aws configure"
                + " for access keys) and set <profile> (edgesite.profile) or AWS_PROFILE to that profile", false);
    }

    private static CredentialSource ofProfile(Optional<ProfileFile> files, String name, String label, int depth) {
        Optional<Profile> found = files.flatMap(f -> f.profile(name));
        if (found.isEmpty()) {
            return new CredentialSource(label + ", which is in neither ~/.aws/config nor ~/.aws/credentials"
                    + " (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)", "Create it (aws configure sso --profile " + name
                    + ", or aws configure --profile " + name + "), or set <profile> (edgesite.profile) to a profile"
                    + " that exists", false);
        }
        Profile profile = found.get();
        if (profile.property(SSO_SESSION).isPresent() || profile.property(ProfileProperty.SSO_START_URL).isPresent()) {
            String how = profile.property(SSO_SESSION).map(s -> "sso-session '" + s + "'")
                    .orElse("sso_start_url " + profile.property(ProfileProperty.SSO_START_URL).orElse(""));
            return new CredentialSource(label + " (IAM Identity Center, " + how + ")",
                    "Sign in again: aws sso login --profile " + name, true);
        }
        Optional<String> process = profile.property(ProfileProperty.CREDENTIAL_PROCESS);
        if (process.isPresent()) {
            return new CredentialSource(label + " (credential_process " + process.get() + ")",
                    "Run that command yourself and fix what it reports: it must print fresh credentials as JSON", false);
        }
        Optional<String> role = profile.property(ProfileProperty.ROLE_ARN);
        if (role.isPresent()) {
            Optional<String> source = profile.property(ProfileProperty.SOURCE_PROFILE);
            if (source.isPresent() && depth < MAX_CHAIN && !source.get().equals(name)) {
                CredentialSource from = ofProfile(files, source.get(), "the profile '" + source.get() + "'", depth + 1);
                return new CredentialSource(label + " (role_arn " + role.get() + " assumed with the credentials of "
                        + from.description() + ")", from.fix() + "; and the role must trust that profile's identity",
                        from.identityCenter());
            }
            Optional<String> tokenFile = profile.property(ProfileProperty.WEB_IDENTITY_TOKEN_FILE);
            if (tokenFile.isPresent()) {
                return webIdentity(label + " (web identity: the token in " + tokenFile.get() + " for role_arn "
                        + role.get() + ")");
            }
            String origin = profile.property(ProfileProperty.CREDENTIAL_SOURCE).orElse("no source_profile");
            return new CredentialSource(label + " (role_arn " + role.get() + " from credential_source " + origin + ")",
                    "Make sure that source has credentials that the role trusts", false);
        }
        if (profile.property(ProfileProperty.AWS_ACCESS_KEY_ID).isPresent()) {
            boolean temporary = profile.property(ProfileProperty.AWS_SESSION_TOKEN).isPresent();
            return new CredentialSource(label + " (" + (temporary ? "temporary" : "static") + " access keys)",
                    "Put a working key pair into it: aws configure --profile " + name, false);
        }
        return new CredentialSource(label + ", which holds no credentials", "Add some: aws configure sso --profile "
                + name + " (IAM Identity Center) or aws configure --profile " + name + " (access keys)", false);
    }

    private static CredentialSource webIdentity(String description) {
        return new CredentialSource(description, "Make sure the token file is fresh and the role's trust policy accepts"
                + " its issuer and subject (in GitHub Actions: permissions id-token: write)", false);
    }

    private static Optional<ProfileFile> profileFiles() {
        try {
            return Optional.of(ProfileFile.defaultProfileFile());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
