package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.Publisher;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists the stack's preview sites: name, URL, files, size, last deploy and age, as a table and in
 * {@code previews.json} in {@code outputDirectory}. Reads only.
 */
@Mojo(name = "previews", threadSafe = true, requiresProject = true)
public final class PreviewsMojo extends StackMojo {
    /**
     * The stack's S3 bucket, when provision was given one; unset, the goal finds the bucket provision derived
     * from the stack and the account.
     */
    @Parameter(property = "edgesite.bucket")
    private String bucket;

    /** The stack's Route53 hosted zone, such as {@code example.com}, for the previews' URLs. */
    @Parameter(property = "edgesite.domain")
    private String domain;

    /** The site's label under {@code domain}; a preview is at {@code <name>.preview.<service>.<domain>}. */
    @Parameter(property = "edgesite.service")
    private String service;

    /** Where the goal finds {@code stack.json} from provision and writes {@code previews.json}. */
    @Parameter(property = "edgesite.outputDirectory", defaultValue = "${project.build.directory}/edgesite")
    private File outputDirectory;

    @Override
    protected void configure(SettingsValidator validator) {
        super.configure(validator);
        validator.bucket(bucket).domain(domain).service(service);
    }

    @Override
    protected void run(Log log) throws Exception {
        StackSettings settings = settings();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            Publisher.locate(settings, contentSettings(settings), aws, outputs(outputDirectory), log).listPreviews();
        }
    }
}
