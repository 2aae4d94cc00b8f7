package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.destroy.DestroyReport;
import dev.edgesite.core.destroy.Destroyer;
import dev.edgesite.core.settings.StackSettings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deletes the stack: DNS alias and validation records, distribution, origin access control, authorizer
 * function and role, bucket with its content, user pool and certificate. Only resources carrying the
 * stack's name and tag are touched. Runs only with {@code -Dedgesite.confirm=<stack>}, or as a dry run.
 * Lambda@Edge keeps replicas of the authorizer for hours after the distribution is gone: what cannot be
 * deleted yet is reported as waiting, and running destroy again later finishes. Writes
 * {@code destroy.json} to {@code outputDirectory}.
 */
@Mojo(name = "destroy", threadSafe = true, requiresProject = true)
public final class DestroyMojo extends StackResourcesMojo {
    /** The stack's name, typed again to confirm that everything of it is to be deleted. */
    @Parameter(property = "edgesite.confirm")
    private String confirm;

    /** Keeps the bucket and the site's files in it. */
    @Parameter(property = "edgesite.keepBucket", defaultValue = "false")
    private boolean keepBucket;

    /** Deletes the user pool even when it has users; without it, destroy refuses before deleting anything. */
    @Parameter(property = "edgesite.force", defaultValue = "false")
    private boolean force;

    /**
     * Says what destroy would delete, keep or refuse, and writes {@code destroy.json} marked as a dry run;
     * nothing is written to AWS, and no confirmation is needed.
     */
    @Parameter(property = "edgesite.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected void run(Log log) throws Exception {
        StackSettings settings = settings();
        if (!dryRun && !settings.stack().equals(confirm)) {
            throw Advice.unconfirmed(settings.stack(), confirm);
        }
        try (AwsClients aws = AwsClients.forStack(settings)) {
            DestroyReport report = new Destroyer(settings, aws, log,
                    new Destroyer.Options(keepBucket, force, Destroyer.Options.DISTRIBUTION_WAIT, dryRun)).destroy();
            log.info(report.summary());
            log.info("Wrote " + outputs().write("destroy.json", report.toJson()));
            if (!report.refused().isEmpty()) {
                log.warn("destroy would delete nothing as it stands: a user pool has users (above); run it with"
                        + " -Dedgesite.force=true to delete the pool with its users, or delete the users first");
            }
            if (!dryRun && !report.complete()) {
                log.warn("Stack " + settings.stack() + " is not gone yet: run mvn edgesite:destroy -Dedgesite.confirm="
                        + settings.stack() + " again later, as the waiting and not-deleted lines above say");
            }
        }
    }
}
