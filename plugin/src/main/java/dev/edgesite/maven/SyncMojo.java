package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.Publisher;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Makes the stack's bucket hold exactly the files of {@code siteDirectory}, each with its Content-Type
 * and Cache-Control: uploads what is new or changed, fixes headers in place, then deletes what left the
 * site. A sync with nothing changed writes nothing. Writes {@code sync.json} (what changed, and the URL
 * paths that invalidate will refresh) to {@code outputDirectory}. Needs a provisioned stack. Publishes the main
 * site only: {@code -Dedgesite.preview} is refused (a preview is published by deploy).
 */
@Mojo(name = "sync", threadSafe = true, requiresProject = true)
public final class SyncMojo extends SiteUploadMojo {
    @Override
    protected void run(Log log) throws Exception {
        refusePreview("sync");
        StackSettings settings = settings();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Publisher.locate(settings, contentSettings(settings), aws, outputs(), log).sync();
        }
    }
}
