package dev.edgesite.maven;

import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.policy.DeployerPolicy;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Writes the two least-privilege IAM policies for this configuration into {@code outputDirectory}, ready for
 * {@code aws iam create-policy --policy-document file://...}: {@code policy-publish.json} for whoever only
 * publishes the site (sync, invalidate, deploy; a CI job) and {@code policy-provision.json} for whoever
 * manages the stack (plan, provision, destroy, invite). Neither lets its holder gain rights it was not given.
 */
@Mojo(name = "policy", threadSafe = true, requiresProject = true)
public final class PolicyMojo extends AbstractEdgesiteMojo {
    /**
     * The AWS account id (12 digits) the policies are for. Set, the goal calls no AWS API (the hosted zone is
     * then left open to any of the account's, and the distribution is named by the stack's tag); unset, it
     * asks AWS whose credentials these are and looks the hosted zone and the distribution up.
     */
    @Parameter(property = "edgesite.account")
    private String account;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            return;
        }
        StackSettings settings = settings();
        Log log = coreLog();
        Map<DeployerPolicy.Kind, DeployerPolicy> policies;
        try {
            policies = account != null ? DeployerPolicy.offline(settings, account) : lookUp(settings);
        } catch (InvalidSettingException e) {
            throw Advice.invalidSetting(e);
        }
        for (DeployerPolicy policy : policies.values()) {
            DeployerPolicy.Kind kind = policy.kind();
            log.info("IAM policy for " + kind.goals() + " of stack " + settings.stack() + ", " + kind.purpose() + ":"
                    + System.lineSeparator() + policy.toJson());
            policy.notes().forEach(note -> log.info("  " + note));
            if (policy.size() > DeployerPolicy.MANAGED_POLICY_LIMIT) {
                log.warn("The policy has " + policy.size() + " characters, more than the "
                        + DeployerPolicy.MANAGED_POLICY_LIMIT + " of a managed policy: attach it as an inline policy of a role, or split it");
            }
            log.info("Wrote " + writeOutput(kind.fileName(), policy.toJson()) + " (" + kind.goals() + ")");
        }
    }

    private Map<DeployerPolicy.Kind, DeployerPolicy> lookUp(StackSettings settings) throws MojoExecutionException {
        try (AwsClients aws = AwsClients.forStack(settings)) {
            return DeployerPolicy.lookUp(settings, aws);
        } catch (SdkException e) {
            throw Advice.awsFailure(e, settings);
        }
    }
}
