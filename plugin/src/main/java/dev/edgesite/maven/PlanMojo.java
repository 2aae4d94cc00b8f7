package dev.edgesite.maven;

import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.Change;
import dev.edgesite.core.provision.Plan;
import dev.edgesite.core.provision.Provisioner;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Shows what {@code provision} would create or update, without changing anything in AWS: one line per
 * resource, a summary, and {@code plan.json} in {@code outputDirectory}.
 */
@Mojo(name = "plan", threadSafe = true, requiresProject = true)
public final class PlanMojo extends AbstractEdgesiteMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            return;
        }
        StackSettings settings = settings();
        Log log = coreLog();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Plan plan = new Provisioner(settings, aws, log).plan();
            plan.changes().stream().map(Change::describe).forEach(log::info);
            log.info(plan.summary());
            log.info("Wrote " + writeOutput("plan.json", plan.toJson()));
        } catch (InvalidSettingException e) {
            throw Advice.invalidSetting(e);
        } catch (SdkException e) {
            throw Advice.awsFailure(e, settings);
        }
    }
}
