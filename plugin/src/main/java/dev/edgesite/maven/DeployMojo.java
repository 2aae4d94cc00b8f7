package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.Publisher;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * sync, then invalidate what it changed: publishes the built site in one step. Bound to the deploy phase
 * when the pom lists it in an execution. A sync that fails partway still invalidates what it had changed
 * before the build fails. Writes {@code sync.json} and {@code invalidate.json} to {@code outputDirectory}.
 *
 * <p>With {@code -Dedgesite.preview=<name>} it publishes the build as that preview instead, at
 * {@code https://<name>.preview.<service>.<domain>}: under {@code _previews/<name>/} of the bucket, with its files in
 * {@code previews/<name>/} of {@code outputDirectory}; the main site is left alone. A deploy of the main site on a
 * stack with previews removes those last deployed more than {@code <previews><maxAgeDays>} days ago, and says so.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true, requiresProject = true)
public final class DeployMojo extends SiteUploadMojo {
    /**
     * How the invalidation after the sync runs (its paths are always what the sync changed). Each field also
     * has a property, used when the pom leaves the field out:
     * <ul>
     * <li>{@code wait} ({@code edgesite.invalidate.wait}, default false): wait until CloudFront has completed
     * the invalidation, at most 20 minutes.</li>
     * <li>{@code maxPaths} ({@code edgesite.invalidate.maxPaths}, default 15): the most paths one invalidation
     * sends; more changed paths are collapsed into wildcards such as {@code /docs/*}. CloudFront bills each
     * path (a wildcard as one) beyond the account's first 1,000 in a month.</li>
     * </ul>
     */
    @Parameter
    private Blocks.Invalidate invalidate;

    /**
     * Publishes the build as this preview rather than as the main site: one DNS label, such as {@code pr-42} or
     * {@code feature-login} (1-40 lower-case letters, digits and hyphens). Needs {@code <previews><enabled>}.
     */
    @Parameter(property = "edgesite.preview")
    private String preview;

    /** The stack's Route53 hosted zone, such as {@code example.com}: a preview's URL is under it. */
    @Parameter(property = "edgesite.domain")
    private String domain;

    /** The site's label under {@code domain}; a preview is at {@code <name>.preview.<service>.<domain>}. */
    @Parameter(property = "edgesite.service")
    private String service;

    /**
     * The stack's preview sites. Each field also has a property, used when the pom leaves the field out:
     * <ul>
     * <li>{@code enabled} ({@code edgesite.previews.enabled}, default false): the stack serves previews, so
     * {@code preview} may be deployed.</li>
     * <li>{@code maxAgeDays} ({@code edgesite.previews.maxAgeDays}, default 14): a deploy of the main site removes
     * previews not deployed for longer.</li>
     * </ul>
     */
    @Parameter
    private Blocks.Previews previews;

    @Override
    protected void configure(SettingsValidator validator) {
        super.configure(validator);
        validator.domain(domain).service(service).preview(preview, true);
        previews(previews, validator);
    }

    @Override
    protected void configure(ContentSettingsValidator validator) {
        super.configure(validator);
        invalidation(invalidate, validator);
    }

    @Override
    protected void run(Log log) throws Exception {
        StackSettings settings = settings();
        ContentSettings content = contentSettings(settings);
        if (!content.invalidatePaths().isEmpty()) {
            log.warn("deploy invalidates what its sync changed, so <invalidate><paths> (edgesite.invalidate.paths) is"
                    + " not used here; it is for the invalidate goal");
        }
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Publisher.locate(settings, content, aws, outputs(), log).deploy();
        }
    }
}
