package dev.edgesite.maven;

import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A goal's way to AWS in a JVM of its own, for the credential tests: the clients a goal makes
 * ({@link AwsClients#forStack}) for the profile in the first argument (none: the default chain), one
 * STS GetCallerIdentity, then the caller's ARN, or the advice a goal would print.
 */
public final class WhoAmI {
    private WhoAmI() {}

    public static void main(String[] args) {
        String profile = args.length > 0 && !args[0].isEmpty() ? args[0] : null;
        StackSettings settings = new SettingsValidator().stack("creds-test").profile(profile).validate();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            System.out.println("ARN " + aws.sts().getCallerIdentity().arn());
        } catch (SdkException e) {
            System.out.println("ADVICE " + Advice.awsFailure(e, settings).getMessage().replace('\n', ' '));
            System.out.println("SDK " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }
}
