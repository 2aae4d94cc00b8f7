package dev.edgesite.maven;

import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.sync.SyncFailedException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * sync, then invalidate what it changed: publishes the built site in one step. Bound to the deploy phase
 * when the pom lists it in an execution. A sync that fails partway still invalidates what it had changed
 * before the build fails. Writes {@code sync.json} and {@code invalidate.json} to {@code outputDirectory}.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true, requiresProject = true)
public final class DeployMojo extends AbstractEdgesiteMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            return;
        }
        StackSettings settings = settings();
        ContentSettings content = contentSettings(settings);
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Publishing site = Publishing.locate(settings, content, aws, outputs(), coreLog());
            try {
                site.invalidate(site.sync());
            } catch (SyncFailedException e) {
                site.invalidateWhatLanded(e);
                throw Advice.syncFailed(e, settings);
            }
        } catch (SdkException e) {
            throw Advice.awsFailure(e, settings);
        }
    }
}
