package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.Publisher;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Asks CloudFront to drop its cached copies of what the last sync changed (read from {@code sync.json}
 * in {@code outputDirectory}), or of {@code <invalidate><paths>} when set. Nothing changed, no
 * invalidation; the last sync invalidated already, no second one. Says how many paths CloudFront bills,
 * and writes {@code invalidate.json}.
 */
@Mojo(name = "invalidate", threadSafe = true, requiresProject = true)
public final class InvalidateMojo extends PublishingMojo {
    /**
     * What to invalidate. Each field also has a property, used when the pom leaves the field out:
     * <ul>
     * <li>{@code paths} ({@code edgesite.invalidate.paths}, separated by commas): URL paths to invalidate
     * instead of what the last sync changed, such as {@code /*} or {@code /docs/*}.</li>
     * <li>{@code wait} ({@code edgesite.invalidate.wait}, default false): wait until CloudFront has completed
     * the invalidation, at most 20 minutes.</li>
     * <li>{@code maxPaths} ({@code edgesite.invalidate.maxPaths}, default 15): the most paths one invalidation
     * sends; more changed paths are collapsed into wildcards such as {@code /docs/*}. CloudFront bills each
     * path (a wildcard as one) beyond the account's first 1,000 in a month.</li>
     * </ul>
     */
    @Parameter
    private Blocks.Invalidate invalidate;

    @Override
    protected void configure(ContentSettingsValidator validator) {
        super.configure(validator);
        invalidation(invalidate, validator);
    }

    @Override
    protected void run(Log log) throws Exception {
        refusePreview("invalidate");
        StackSettings settings = settings();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Publisher.locate(settings, contentSettings(settings), aws, outputs(), log).invalidate();
        }
    }
}
