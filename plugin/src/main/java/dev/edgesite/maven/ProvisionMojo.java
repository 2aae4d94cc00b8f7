package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.Provisioner;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.settings.StackSettings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates or updates the stack so that it matches the configuration: bucket, certificate, user pool,
 * authorizer function, distribution and DNS records. What already matches is left alone, so a run with
 * nothing changed writes nothing; a run that stopped halfway continues where it stopped. Writes
 * {@code stack.json} (site and login URLs, resource ids) to {@code outputDirectory}.
 */
@Mojo(name = "provision", threadSafe = true, requiresProject = true)
public final class ProvisionMojo extends StackDefinitionMojo {
    /**
     * Says what provision would create and update, and writes {@code stack.json} marked as a dry run (with
     * what exists already, and null for what it would create); nothing is written to AWS.
     */
    @Parameter(property = "edgesite.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected void run(Log log) throws Exception {
        StackSettings settings = settings();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Provisioner provisioner = new Provisioner(settings, aws, log);
            if (dryRun) {
                Provisioner.Preview preview = provisioner.preview();
                log.info("Dry run, nothing was changed in AWS: " + preview.plan().summary());
                log.info("Wrote " + outputs().write(StackOutputs.FILE, preview.outputs().toJson()));
                return;
            }
            StackOutputs outputs = provisioner.provision();
            log.info("Wrote " + outputs().write(StackOutputs.FILE, outputs.toJson()));
            log.info("Site:  " + outputs.siteUrl());
            log.info("Login: " + outputs.loginUrl());
        }
    }
}
