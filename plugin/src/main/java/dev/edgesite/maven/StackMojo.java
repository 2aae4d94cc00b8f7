package dev.edgesite.maven;

import dev.edgesite.core.settings.SettingsValidator;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that talks to the stack in AWS: the stack's identity and the AWS connection. */
public abstract class StackMojo extends EdgesiteMojo {
    /**
     * The stack's name. It names and tags every resource ({@code edgesite:stack=<stack>}) and is how the goals
     * find them again, so changing it later starts a new stack. 3-32 lowercase letters, digits and hyphens,
     * starting with a letter; it must not contain {@code aws}, {@code amazon} or {@code cognito}.
     */
    @Parameter(property = "edgesite.stack", defaultValue = "${project.artifactId}")
    private String stack;

    /**
     * The AWS region of the bucket and the user pool, such as {@code eu-west-1}. The certificate and the
     * authorizer function are always in us-east-1, where CloudFront takes them from. Neither
     * {@code AWS_REGION} nor the profile's region is consulted, so every machine finds the stack in the
     * same place.
     */
    @Parameter(property = "edgesite.region", defaultValue = SettingsValidator.DEFAULT_REGION)
    private String region;

    /**
     * The AWS profile (from {@code ~/.aws/config} and {@code ~/.aws/credentials}) whose credentials the
     * goal uses. Unset, the default credentials chain applies: environment variables, the
     * {@code AWS_PROFILE} or default profile, then the container or instance role.
     */
    @Parameter(property = "edgesite.profile")
    private String profile;

    /**
     * One endpoint for every AWS service, such as {@code http://127.0.0.1:5000} for an emulator like
     * moto. Unset, the goal talks to AWS itself (or to {@code AWS_ENDPOINT_URL} when that is set).
     */
    @Parameter(property = "edgesite.endpoint")
    private String endpoint;

    @Override
    protected void configure(SettingsValidator validator) {
        validator.stack(stack).region(region).profile(profile).endpoint(endpoint);
    }
}
