package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.policy.DeployerPolicy;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the least-privilege IAM policies for this configuration into {@code outputDirectory}, ready for
 * {@code aws iam create-policy --policy-document file://...}: {@code policy-publish.json} for whoever only
 * publishes the site (sync, invalidate, deploy; a CI job), {@code policy-provision.json} for whoever
 * manages the stack (plan, provision, destroy, invite) and, with previews on, {@code policy-preview.json} for
 * pull-request jobs that deploy and remove previews and may not touch the main site. None lets its holder gain
 * rights it was not given.
 */
@Mojo(name = "policy", threadSafe = true, requiresProject = true)
public final class PolicyMojo extends StackResourcesMojo {
    /**
     * The AWS account id (12 digits) the policies are for. Set, the goal calls no AWS API (the hosted zone is
     * then left open to any of the account's, and the distribution is named by the stack's tag); unset, it
     * asks AWS whose credentials these are and looks the hosted zone and the distribution up.
     */
    @Parameter(property = "edgesite.account")
    private String account;

    @Override
    protected void run(Log log) throws Exception {
        StackSettings settings = settings();
        Map<DeployerPolicy.Kind, DeployerPolicy> policies;
        if (account != null) {
            policies = DeployerPolicy.offline(settings, account);
        } else {
            try (AwsClients aws = AwsClients.forStack(settings)) {
                policies = DeployerPolicy.lookUp(settings, aws);
            }
        }
        for (DeployerPolicy policy : policies.values()) {
            DeployerPolicy.Kind kind = policy.kind();
            log.info("IAM policy for " + kind.goals() + " of stack " + settings.stack() + ", " + kind.purpose() + ":"
                    + System.lineSeparator() + policy.toJson());
            policy.notes().forEach(note -> log.info("  " + note));
            Map<String, String> parts = policy.parts();
            if (parts.size() > 1) {
                log.warn("The policy has " + policy.size() + " characters, more than the "
                        + DeployerPolicy.MANAGED_POLICY_LIMIT + " of one managed policy, so it is written in "
                        + parts.size() + " parts (" + String.join(", ", parts.keySet()) + "): create a managed policy"
                        + " of each and attach them all");
            }
            parts.forEach((file, json) -> log.info("Wrote " + outputs().write(file, json) + " (" + kind.goals()
                    + (parts.size() > 1 ? ", one of " + parts.size() + " parts" : "") + ")"));
        }
    }
}
