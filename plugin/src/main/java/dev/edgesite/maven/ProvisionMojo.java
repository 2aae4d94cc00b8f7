package dev.edgesite.maven;

import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.Roles;
import dev.edgesite.core.provision.DuplicatesException;
import dev.edgesite.core.provision.ProvisionTimeoutException;
import dev.edgesite.core.provision.Provisioner;
import dev.edgesite.core.provision.StackOutputs;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Creates or updates the stack so that it matches the configuration: bucket, certificate, user pool,
 * authorizer function, distribution and DNS records. What already matches is left alone, so a run with
 * nothing changed writes nothing; a run that stopped halfway continues where it stopped. Writes
 * {@code stack.json} (site and login URLs, resource ids) to {@code outputDirectory}.
 */
@Mojo(name = "provision", threadSafe = true, requiresProject = true)
public final class ProvisionMojo extends AbstractEdgesiteMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            return;
        }
        StackSettings settings = settings();
        Log log = coreLog();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            StackOutputs outputs = new Provisioner(settings, aws, log).provision();
            log.info("Wrote " + writeOutput("stack.json", outputs.toJson()));
            log.info("Site:  " + outputs.siteUrl());
            log.info("Login: " + outputs.loginUrl());
        } catch (InvalidSettingException e) {
            throw Advice.invalidSetting(e);
        } catch (ProvisionTimeoutException e) {
            throw Advice.timedOut(e);
        } catch (Roles.TrustPolicyChangedException e) {
            throw Advice.trustPolicyChanged(e);
        } catch (DuplicatesException e) {
            throw Advice.duplicates(e);
        } catch (SdkException e) {
            throw Advice.awsFailure(e, settings);
        }
    }
}
