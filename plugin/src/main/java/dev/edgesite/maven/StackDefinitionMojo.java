package dev.edgesite.maven;

import dev.edgesite.core.settings.SettingsValidator;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that compares the stack with everything the pom says it should be: provision and plan. */
public abstract class StackDefinitionMojo extends StackResourcesMojo {
    /**
     * Which CloudFront edge locations serve the site: {@code PriceClass_100} (North America, Europe and
     * Israel; the cheapest), {@code PriceClass_200} (adds most of Asia, the Middle East and Africa) or
     * {@code PriceClass_All} (every location).
     */
    @Parameter(property = "edgesite.priceClass", defaultValue = SettingsValidator.DEFAULT_PRICE_CLASS)
    private String priceClass;

    /** The built site: when it has a {@code 404.html}, the distribution serves that page for missing paths. */
    @Parameter(property = "edgesite.siteDirectory", defaultValue = "${project.build.directory}/site")
    private File siteDirectory;

    /**
     * Who may sign in and what needs no login. Each field also has a property (list entries separated by
     * commas), used when the pom leaves the field out:
     * <ul>
     * <li>{@code logo} ({@code edgesite.auth.logo}): a PNG or JPEG of at most 100 KB shown on the login
     * page.</li>
     * <li>{@code selfSignUp} ({@code edgesite.auth.selfSignUp}, default false): visitors may create their
     * own account; otherwise an administrator creates users in the user pool. Needs {@code allowedGroups} or
     * {@code allowedEmailDomains}, or {@code allowAnyone}.</li>
     * <li>{@code allowAnyone} ({@code edgesite.auth.allowAnyone}, default false): with {@code selfSignUp} and
     * neither {@code allowedGroups} nor {@code allowedEmailDomains}, anyone who makes an account may read the
     * site, and that is meant; without it, such a configuration fails the build.</li>
     * <li>{@code allowedGroups} ({@code edgesite.auth.allowedGroups}): only members of one of these
     * Cognito groups get in.</li>
     * <li>{@code allowedEmailDomains} ({@code edgesite.auth.allowedEmailDomains}): only users whose email
     * is in one of these domains, such as {@code example.com}, get in. With {@code allowedGroups} as well,
     * both must hold.</li>
     * <li>{@code publicPaths} ({@code edgesite.auth.publicPaths}): paths served without login, as globs
     * from the site's root: {@code /public/*} covers everything below {@code /public/}.</li>
     * <li>{@code spa} ({@code edgesite.auth.spa}, default false): a single-page app; paths without a file
     * extension are served {@code /index.html}.</li>
     * <li>{@code identityProviders}: the company's identity providers people sign in with, each an
     * {@code <identityProvider>} with {@code name}, {@code type} ({@code oidc} or {@code saml}); for OIDC
     * {@code issuer} (https), {@code clientId}, the client secret's place ({@code clientSecretServer}, the id of
     * a settings.xml {@code <server>} whose password it is, or {@code clientSecretEnv}, an environment
     * variable; never the pom), {@code scopes} (default {@code openid email profile}) and {@code groupsClaim};
     * for SAML {@code metadataUrl} or {@code metadataFile} and {@code groupsAttribute}. The groups claim or
     * attribute is counted by {@code allowedGroups} and {@code accessRules}.</li>
     * <li>{@code cognitoLogin} ({@code edgesite.auth.cognitoLogin}, default true): the login page offers
     * Cognito's own users as well; false offers only the identity providers (with exactly one, people go
     * straight to it).</li>
     * <li>{@code accessRules}: which groups may read which pages, a list of
     * {@code <rule><path>/finance/*</path><groups>finance,leadership</groups></rule>}; the first rule whose path
     * matches decides, no rule matching leaves it to {@code allowedGroups}.</li>
     * <li>{@code forbiddenPage} ({@code edgesite.auth.forbiddenPage}): the site's own page, such as
     * {@code /403.html}, sent with status 403 to a signed-in user who may not read a page; it is readable
     * without signing in.</li>
     * </ul>
     */
    @Parameter
    private Blocks.Auth auth;

    @Override
    protected void configure(SettingsValidator validator) {
        super.configure(validator);
        Blocks.Auth block = auth != null ? auth : new Blocks.Auth();
        Path logo = block.logo != null ? block.logo.toPath() : null;
        validator.priceClass(priceClass).siteDirectory(siteDirectory.toPath())
                .logo(orProperty(logo, Blocks.AUTH_PROPERTY + "logo", project().getBasedir().toPath()::resolve));
        authorizerRules(block, validator, true);
    }
}
