package dev.edgesite.core.provision;

import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.Distributions;
import dev.edgesite.core.aws.S3Bucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * Finds a provisioned stack's bucket and distribution for the content goals: from provision's
 * {@code stack.json} when it is there, names this stack and is not from a dry run, otherwise from AWS by the same names
 * and tags provision uses (a fresh CI checkout has no stack.json).
 */
public final class StackLocator {
    private final StackSettings settings;
    private final AwsClients aws;

    public StackLocator(StackSettings settings, AwsClients aws) {
        this.settings = settings;
        this.aws = aws;
    }

    /** The bucket and distribution; {@link StackNotFoundException} when the stack was never provisioned. */
    public Located locate(Path stackJson) {
        if (Files.isRegularFile(stackJson)) {
            try {
                StackOutputs saved = StackOutputs.fromJson(Files.readString(stackJson));
                if (!saved.dryRun() && settings.stack().equals(saved.stack()) && saved.bucket() != null && saved.distributionId() != null) {
                    return new Located(saved.bucket(), saved.distributionId());
                }
            } catch (IOException | ParseException | ClassCastException e) {
                // unreadable: ask AWS instead
            }
        }
        String bucket = settings.bucket() != null ? settings.bucket()
                : "edgesite-" + settings.stack() + "-" + aws.sts().getCallerIdentity().account();
        if (!new S3Bucket(aws.s3(), settings.region(), bucket).exists()) {
            throw new StackNotFoundException(settings.stack(), "its bucket " + bucket + " does not exist");
        }
        String distribution = new Distributions(aws.cloudFront()).find(settings.stack())
                .map(Distributions.Found::id)
                .orElseThrow(() -> new StackNotFoundException(settings.stack(), "it has no CloudFront distribution"));
        return new Located(bucket, distribution);
    }

    public record Located(String bucket, String distributionId) {}

    /** The stack is not (fully) provisioned: run provision first. */
    public static final class StackNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StackNotFoundException(String stack, String why) {
            super("Stack '" + stack + "' is not provisioned: " + why + ". Run mvn edgesite:provision first"
                    + " (or check <stack>, <region> and <bucket>).");
        }
    }
}
