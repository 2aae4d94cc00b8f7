package dev.edgesite.maven;

import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.sync.SyncFailedException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Makes the stack's bucket hold exactly the files of {@code siteDirectory}, each with its Content-Type
 * and Cache-Control: uploads what is new or changed, fixes headers in place, then deletes what left the
 * site. A sync with nothing changed writes nothing. Writes {@code sync.json} (what changed, and the URL
 * paths that invalidate will refresh) to {@code outputDirectory}. Needs a provisioned stack.
 */
@Mojo(name = "sync", threadSafe = true, requiresProject = true)
public final class SyncMojo extends AbstractEdgesiteMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            return;
        }
        StackSettings settings = settings();
        ContentSettings content = contentSettings(settings);
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Publishing.locate(settings, content, aws, outputs(), coreLog()).sync();
        } catch (SyncFailedException e) {
            throw Advice.syncFailed(e, settings);
        } catch (SdkException e) {
            throw Advice.awsFailure(e, settings);
        }
    }
}
