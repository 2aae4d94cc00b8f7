package dev.edgesite.maven;

import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.settings.SettingsValidator;
import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that deals with the stack's resources by their names: provision, plan, destroy and policy. */
public abstract class StackResourcesMojo extends StackMojo {
    /**
     * A Route53 hosted zone of the account, such as {@code example.com}, under which the site gets its
     * name, certificate and DNS records. Unset, the site is served on the distribution's own
     * {@code *.cloudfront.net} name.
     */
    @Parameter(property = "edgesite.domain")
    private String domain;

    /**
     * The site's label under {@code domain}: {@code docs} serves the site at {@code docs.example.com}.
     * Unset, the site is at the domain itself. Needs {@code domain}.
     */
    @Parameter(property = "edgesite.service")
    private String service;

    /**
     * More names in the {@code domain} zone that the certificate and the distribution carry, such as
     * {@code www.example.com}. As a property, separate them with commas. Needs {@code domain}.
     */
    @Parameter(property = "edgesite.aliases")
    private List<String> aliases;

    /**
     * The name of the Lambda@Edge authorizer function (in us-east-1): 1-64 letters, digits, hyphens and
     * underscores. Defaults to {@code <stack>-authorizer}.
     */
    @Parameter(property = "edgesite.functionName")
    private String functionName;

    /**
     * The S3 bucket holding the site. Bucket names are global across all AWS accounts; unset, provision
     * derives one from the stack and the account id.
     */
    @Parameter(property = "edgesite.bucket")
    private String bucket;

    /**
     * The ARN of an existing ACM certificate in us-east-1 covering the site's names, to use instead of
     * one provision requests and validates through Route53. Needs {@code domain}.
     */
    @Parameter(property = "edgesite.certificateArn")
    private String certificateArn;

    /**
     * Preview sites per branch or pull request, each at {@code https://<name>.preview.<service>.<domain>} behind
     * the same login, on the same distribution, certificate and bucket. Needs {@code domain}. Each field also has
     * a property, used when the pom leaves the field out:
     * <ul>
     * <li>{@code enabled} ({@code edgesite.previews.enabled}, default false): the certificate, the distribution
     * and DNS also cover {@code *.preview.<service>.<domain>}; turned off, provision takes that away again and
     * removes every preview.</li>
     * <li>{@code maxAgeDays} ({@code edgesite.previews.maxAgeDays}, default 14): a deploy of the main site
     * removes previews not deployed for longer.</li>
     * </ul>
     */
    @Parameter
    private Blocks.Previews previews;

    /** Where the goal writes what it did or would do, as JSON. */
    @Parameter(property = "edgesite.outputDirectory", defaultValue = "${project.build.directory}/edgesite")
    private File outputDirectory;

    @Override
    protected void configure(SettingsValidator validator) {
        super.configure(validator);
        validator.domain(domain).service(service).aliases(aliases).functionName(functionName).bucket(bucket)
                .certificateArn(certificateArn);
        previews(previews, validator);
    }

    protected final OutputDirectory outputs() {
        return outputs(outputDirectory);
    }
}
