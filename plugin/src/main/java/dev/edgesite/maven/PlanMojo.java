package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.Change;
import dev.edgesite.core.provision.Plan;
import dev.edgesite.core.provision.Provisioner;
import dev.edgesite.core.settings.StackSettings;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Shows what {@code provision} would create or update, without changing anything in AWS: one line per
 * resource, a summary, and {@code plan.json} in {@code outputDirectory}.
 */
@Mojo(name = "plan", threadSafe = true, requiresProject = true)
public final class PlanMojo extends StackDefinitionMojo {
    @Override
    protected void run(Log log) throws Exception {
        StackSettings settings = settings();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Plan plan = new Provisioner(settings, aws, log).plan();
            plan.changes().stream().map(Change::describe).forEach(log::info);
            log.info(plan.summary());
            log.info("Wrote " + outputs().write(Plan.FILE, plan.toJson()));
        }
    }
}
