package dev.edgesite.core.policy;

import dev.edgesite.core.settings.Previews;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.Roles;
import dev.edgesite.core.aws.S3Bucket;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack's resources as the policies name them.
 *
 * @param zoneId the hosted zone's id, or null when it was not looked up
 * @param distributionId the stack's distribution, or null when it does not exist or was not looked up
 */
record Target(StackSettings settings, String account, String zoneId, String distributionId) {
    String stack() {
        return settings.stack();
    }

    String bucket() {
        return settings.bucket() != null ? settings.bucket() : S3Bucket.defaultName(settings.stack(), account);
    }

    String region() {
        return settings.region().id();
    }

    String functionArn() {
        return "arn:aws:lambda:" + AwsClients.EDGE_REGION.id() + ":" + account + ":function:" + settings.functionName();
    }

    String roleArn() {
        return "arn:aws:iam::" + account + ":role/" + Roles.roleName(settings.stack());
    }

    String zoneArn() {
        return "arn:aws:route53:::hostedzone/" + (zoneId == null ? "*" : zoneId);
    }

    String distributionPattern() {
        return "arn:aws:cloudfront::" + account + ":distribution/*";
    }

    /** The distribution by ARN when it is known, else every distribution (narrowed by the stack's tag). */
    String distributionArn() {
        return distributionId == null ? distributionPattern()
                : "arn:aws:cloudfront::" + account + ":distribution/" + distributionId;
    }

    String certificatePattern() {
        return "arn:aws:acm:" + AwsClients.EDGE_REGION.id() + ":" + account + ":certificate/*";
    }

    String userPoolPattern() {
        return "arn:aws:cognito-idp:" + region() + ":" + account + ":userpool/*";
    }

    /**
     * The names whose records provision and destroy write or delete: the site's, and the previews' wildcard
     * whenever there is a domain, since with previews turned off they still delete the wildcard records a run with
     * previews on wrote (and the wildcard certificate's validation record).
     */
    List<String> recordNames() {
        List<String> names = new ArrayList<>(settings.hostNames());
        if (settings.hasDomain() && !names.contains(Previews.wildcard(settings.siteHost()))) {
            names.add(Previews.wildcard(settings.siteHost()));
        }
        return names;
    }
}
