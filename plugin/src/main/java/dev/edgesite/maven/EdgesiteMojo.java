package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.settings.AccessRule;
import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.CacheControlRules;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.project.MavenProject;

/**
 * What every edgesite goal does around its own work: skip when asked, bind and check the parameters the
 * goal declares, run the core, and turn what went wrong into advice ({@link Advice}). Each goal declares
 * only the parameters it reads: the shared groups sit in the abstract classes between this one and the
 * goals. A value written in the pom wins over its {@code edgesite.*} property.
 */
public abstract class EdgesiteMojo extends AbstractMojo {
    /** Skips every edgesite goal. */
    @Parameter(property = "edgesite.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Decrypts settings.xml server passwords as Maven does, for identity providers' client secrets. */
    @Component
    private SettingsDecrypter decrypter;

    /** The settings this run validated, for the advice on a failure. */
    private StackSettings settings;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping edgesite: skip (edgesite.skip) is true");
            return;
        }
        try {
            run(coreLog());
        } catch (MojoExecutionException | MojoFailureException e) {
            throw e;
        } catch (Exception e) {
            Advice.raise(e, settings);
        }
    }

    /** The goal's own work; what it throws becomes advice. */
    protected abstract void run(Log log) throws Exception;

    /** The stack settings this goal reads, validated before any AWS call. */
    protected final StackSettings settings() throws MojoFailureException {
        SettingsValidator validator = new SettingsValidator();
        configure(validator);
        try {
            settings = validator.validate();
        } catch (SettingsValidator.InvalidSettings e) {
            throw Advice.invalidSettings(e);
        }
        return settings;
    }

    /** Hands the validator the stack parameters this class declares; subclasses add theirs. */
    protected void configure(SettingsValidator validator) {}

    /** The sync and invalidate settings this goal reads, validated before any AWS call. */
    protected final ContentSettings contentSettings(StackSettings settings) throws MojoFailureException {
        ContentSettingsValidator validator = new ContentSettingsValidator().indexExample(settings.indexExample());
        configure(validator);
        try {
            return validator.validate();
        } catch (SettingsValidator.InvalidSettings e) {
            throw Advice.invalidSettings(e);
        }
    }

    /** Hands the validator the content parameters this class declares; subclasses add theirs. */
    protected void configure(ContentSettingsValidator validator) {}

    /** The core's log, writing to Maven's. */
    protected final Log coreLog() {
        boolean interactive = System.console() != null && session.getRequest().isInteractiveMode();
        return new MavenLog(getLog(), interactive);
    }

    /** Where the goal writes what it did or would do. */
    protected static OutputDirectory outputs(File directory) {
        return new OutputDirectory(directory.toPath());
    }

    protected final MavenProject project() {
        return project;
    }

    /** The {@code <auth>} block's admission rules: which signed-in users get in. */
    protected final void admissionRules(Blocks.Auth auth, SettingsValidator validator) {
        Blocks.Auth block = auth != null ? auth : new Blocks.Auth();
        validator.allowedGroups(list(block.allowedGroups, Blocks.AUTH_PROPERTY + "allowedGroups"))
                .allowedEmailDomains(list(block.allowedEmailDomains, Blocks.AUTH_PROPERTY + "allowedEmailDomains"));
    }

    /**
     * Everything of the {@code <auth>} block the authorizer judges by: all of it but the logo. The identity
     * providers' client secrets are looked up only when {@code secrets} says the goal sends them to AWS.
     */
    protected final void authorizerRules(Blocks.Auth auth, SettingsValidator validator, boolean secrets) {
        Blocks.Auth block = auth != null ? auth : new Blocks.Auth();
        admissionRules(block, validator);
        Secrets lookup = new Secrets(session, decrypter, project, secrets);
        validator.secretsNeeded(secrets).identityProviders(block.identityProviders == null ? null
                        : block.identityProviders.stream().map(lookup::input).toList())
                .cognitoLogin(orProperty(block.cognitoLogin, Blocks.AUTH_PROPERTY + "cognitoLogin", Boolean::valueOf))
                .accessRules(block.accessRules == null ? null : block.accessRules.stream()
                        .map(rule -> rule == null ? null : new AccessRule(rule.path,
                                rule.groups == null ? List.of() : List.of(rule.groups)))
                        .toList())
                .forbiddenPage(text(block.forbiddenPage, Blocks.AUTH_PROPERTY + "forbiddenPage"));
        validator.publicPaths(list(block.publicPaths, Blocks.AUTH_PROPERTY + "publicPaths"))
                .spa(flag(block.spa, Blocks.AUTH_PROPERTY + "spa"))
                .selfSignUp(flag(block.selfSignUp, Blocks.AUTH_PROPERTY + "selfSignUp"))
                .allowAnyone(flag(block.allowAnyone, Blocks.AUTH_PROPERTY + "allowAnyone"));
    }

    /** The {@code <previews>} block, each field with its {@code edgesite.previews.*} property. */
    protected final void previews(Blocks.Previews previews, SettingsValidator validator) {
        Blocks.Previews block = previews != null ? previews : new Blocks.Previews();
        validator.previews(orProperty(block.enabled, Blocks.PREVIEWS_PROPERTY + "enabled", Boolean::valueOf),
                text(block.maxAgeDays, Blocks.PREVIEWS_PROPERTY + "maxAgeDays"));
    }

    /** The {@code <sync><cacheControl>} rules. */
    protected static List<CacheControlRules.Rule> cacheRules(Blocks.Sync sync) {
        return sync == null || sync.cacheControl == null ? null : sync.cacheControl.stream()
                .map(rule -> new CacheControlRules.Rule(rule.pattern, rule.value)).toList();
    }

    protected final boolean flag(Boolean configured, String property) {
        return Boolean.TRUE.equals(orProperty(configured, property, Boolean::valueOf));
    }

    protected final List<String> list(List<String> configured, String property) {
        return orProperty(configured, property, value ->
                Arrays.stream(value.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList());
    }

    protected final String text(Object configured, String property) {
        return orProperty(Objects.toString(configured, null), property, Function.identity());
    }

    /**
     * The pom's value, else the property: the first of a user property (-D), a system property and a
     * project property. For the fields of nested blocks, which Maven binds from the pom only.
     */
    protected final <T> T orProperty(T configured, String property, Function<String, T> parse) {
        if (configured != null) {
            return configured;
        }
        String value = session.getUserProperties().getProperty(property,
                session.getSystemProperties().getProperty(property, project.getProperties().getProperty(property)));
        return value == null ? null : parse.apply(value);
    }
}
