package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.Publisher;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Removes one preview site: says what it removes, deletes its files under {@code _previews/<name>/}, then its
 * marker (so a removal that stopped partway leaves it listed, and running this again finishes it), then has
 * CloudFront drop its cached copies ({@code /_previews/<name>/*}). The main site and the other previews are left
 * alone. A preview that is not there (removed already) is said to be gone, and the goal succeeds.
 */
@Mojo(name = "remove-preview", threadSafe = true, requiresProject = true)
public final class RemovePreviewMojo extends PublishingMojo {
    /** The preview to remove, such as {@code pr-42}: {@code mvn edgesite:previews} lists them. */
    @Parameter(property = "edgesite.preview")
    private String preview;

    @Override
    protected void configure(SettingsValidator validator) {
        super.configure(validator);
        validator.preview(preview, false);
    }

    @Override
    protected void run(Log log) throws Exception {
        if (preview == null || preview.isBlank()) {
            throw new MojoFailureException("remove-preview needs the preview to remove: run it with"
                    + " -Dedgesite.preview=<name> (mvn edgesite:previews lists them), or set <preview> in its"
                    + " execution's configuration");
        }
        StackSettings settings = settings();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Publisher.locate(settings, contentSettings(settings), aws, outputs(), log).removePreview();
        }
    }
}
