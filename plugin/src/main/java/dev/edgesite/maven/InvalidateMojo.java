package dev.edgesite.maven;

import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Asks CloudFront to drop its cached copies of what the last sync changed (read from {@code sync.json}
 * in {@code outputDirectory}), or of {@code <invalidate><paths>} when set. Nothing changed, no
 * invalidation. Says how many paths CloudFront bills, and writes {@code invalidate.json}.
 */
@Mojo(name = "invalidate", threadSafe = true, requiresProject = true)
public final class InvalidateMojo extends AbstractEdgesiteMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            return;
        }
        StackSettings settings = settings();
        ContentSettings content = contentSettings(settings);
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Publishing site = Publishing.locate(settings, content, aws, outputs(), coreLog());
            if (content.invalidatePaths().isEmpty()) {
                Optional<String> done = site.invalidatedAlready();
                if (done.isPresent()) {
                    getLog().info("The last sync's changes were invalidated already (invalidation " + done.get()
                            + "), so nothing was sent. Sync again first, or name paths in <invalidate><paths>"
                            + " (edgesite.invalidate.paths) to invalidate them regardless.");
                    return;
                }
                site.invalidate(site.lastSync());
            } else {
                site.invalidate(content.invalidatePaths());
            }
        } catch (SdkException e) {
            throw Advice.awsFailure(e, settings);
        }
    }
}
