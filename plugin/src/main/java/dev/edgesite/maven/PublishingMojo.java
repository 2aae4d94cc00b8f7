package dev.edgesite.maven;

import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.settings.SettingsValidator;
import java.io.File;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that publishes to a provisioned stack's bucket and distribution: invalidate, and the site uploads below. */
public abstract class PublishingMojo extends StackMojo {
    static final String PREVIEW_PROPERTY = "edgesite.preview";

    /**
     * The stack's S3 bucket, when provision was given one; unset, the goal finds the bucket provision derived
     * from the stack and the account.
     */
    @Parameter(property = "edgesite.bucket")
    private String bucket;

    /**
     * Where the goal finds {@code stack.json} from provision and writes what it did or would do:
     * {@code sync.json} (the keys uploaded, fixed and deleted, and the changed URL paths),
     * {@code invalidate.json} and {@code hashes.tsv}.
     */
    @Parameter(property = "edgesite.outputDirectory", defaultValue = "${project.build.directory}/edgesite")
    private File outputDirectory;

    /** Says what the goal would do and writes its JSON files marked as a dry run; nothing is written to AWS. */
    @Parameter(property = "edgesite.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected void configure(SettingsValidator validator) {
        super.configure(validator);
        validator.bucket(bucket);
    }

    @Override
    protected void configure(ContentSettingsValidator validator) {
        super.configure(validator);
        validator.dryRun(dryRun);
    }

    /** The {@code <invalidate>} block, for the goals that invalidate. */
    protected final void invalidation(Blocks.Invalidate invalidate, ContentSettingsValidator validator) {
        Blocks.Invalidate block = invalidate != null ? invalidate : new Blocks.Invalidate();
        validator.invalidatePaths(list(block.paths, Blocks.INVALIDATE_PROPERTY + "paths"))
                .waitForInvalidation(orProperty(block.wait, Blocks.INVALIDATE_PROPERTY + "wait", Boolean::valueOf))
                .maxPaths(text(block.maxPaths, Blocks.INVALIDATE_PROPERTY + "maxPaths"));
    }

    protected final OutputDirectory outputs() {
        return outputs(outputDirectory);
    }

    /**
     * For the goals that publish the main site only (sync, invalidate): a preview asked of them by
     * {@code -Dedgesite.preview} is refused, not ignored, or the preview's build would overwrite the main site.
     */
    protected final void refusePreview(String goal) throws MojoFailureException {
        String preview = text(null, PREVIEW_PROPERTY);
        if (preview != null && !preview.isBlank()) {
            throw new MojoFailureException(goal + " publishes the main site, and -D" + PREVIEW_PROPERTY + "=" + preview
                    + " asks for a preview: nothing was changed. Publish a preview with mvn edgesite:deploy -D"
                    + PREVIEW_PROPERTY + "=" + preview + " (its sync and invalidation in one step), or leave out -D"
                    + PREVIEW_PROPERTY + " to " + goal + " the main site.");
        }
    }
}
