package dev.edgesite.maven;

import dev.edgesite.core.InvalidSettingException;
import dev.edgesite.core.Log;
import dev.edgesite.core.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.policy.DeployerPolicy;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Prints the least-privilege IAM policy that whoever runs the edgesite goals with this configuration
 * needs, scoped to the stack's resources where AWS allows, and writes it to {@code policy.json} in
 * {@code outputDirectory}, ready for {@code aws iam create-policy --policy-document file://...}.
 */
@Mojo(name = "policy", threadSafe = true, requiresProject = true)
public final class PolicyMojo extends AbstractEdgesiteMojo {
    /**
     * The AWS account id (12 digits) the policy is for. Set, the goal calls no AWS API (and leaves the
     * hosted zone open to any of the account's); unset, it asks AWS whose credentials these are.
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
        DeployerPolicy policy;
        try {
            policy = account != null ? DeployerPolicy.offline(settings, account) : lookUp(settings);
        } catch (InvalidSettingException e) {
            throw Advice.invalidSetting(e);
        }
        log.info("IAM policy for the deployer of stack " + settings.stack() + ":" + System.lineSeparator()
                + policy.toJson());
        policy.notes().forEach(note -> log.info("  " + note));
        if (policy.size() > DeployerPolicy.MANAGED_POLICY_LIMIT) {
            log.warn("The policy has " + policy.size() + " characters, more than the "
                    + DeployerPolicy.MANAGED_POLICY_LIMIT + " of a managed policy: attach it as an inline policy of a role, or split it");
        }
        log.info("Wrote " + writeOutput("policy.json", policy.toJson()));
    }

    private DeployerPolicy lookUp(StackSettings settings) throws MojoExecutionException {
        try (AwsClients aws = AwsClients.forStack(settings)) {
            return DeployerPolicy.lookUp(settings, aws);
        } catch (SdkException e) {
            throw Advice.awsFailure(e, settings);
        }
    }
}
