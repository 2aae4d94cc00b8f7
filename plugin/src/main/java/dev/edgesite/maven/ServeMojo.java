package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.settings.IdentityProvider;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.serve.LocalUser;
import dev.edgesite.core.serve.PortInUseException;
import dev.edgesite.core.serve.ServeOptions;
import dev.edgesite.core.serve.SiteServer;
import dev.edgesite.core.serve.StackLogin;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Serves {@code siteDirectory} on {@code http://localhost:8080/} the way the deployed site behaves: every
 * request passes the real authorizer (run in Node.js), sign-in is required, and files come with the
 * headers sync gives them. Sign-in is local and offline (users from {@code <serve><users>}, or a demo user
 * whose password is printed), or, with {@code -Dedgesite.idp=stack}, at the provisioned stack's Cognito
 * user pool. Runs until Ctrl+C.
 */
@Mojo(name = "serve", threadSafe = true, requiresProject = true)
public final class ServeMojo extends StackMojo {
    static final String PORT_PROPERTY = "edgesite.serve.port";
    static final String IDP_PROPERTY = "edgesite.idp";
    static final String NODE_PROPERTY = "edgesite.serve.node";
    static final int DEFAULT_PORT = 8080;

    /**
     * How serve runs. Each field but {@code users} also has a property, used when the pom leaves the field out:
     * <ul>
     * <li>{@code port} ({@code edgesite.serve.port}, default 8080): the port on localhost.</li>
     * <li>{@code idp} ({@code edgesite.idp}, default {@code local}): where people sign in. {@code local} is a
     * login inside serve, offline, with the users below; {@code stack} is the provisioned stack's Cognito
     * user pool, whose app client must then allow the callback URL
     * {@code http://localhost:<port>/_edgesite/callback} and the sign-out URL {@code http://localhost:<port>/}.</li>
     * <li>{@code node} ({@code edgesite.serve.node}, default {@code node}): the Node.js 20+ executable that runs
     * the authorizer.</li>
     * <li>{@code users}: who may sign in at the local login, a list of
     * {@code <user><username>ana</username><password>...</password><email>ana@example.com</email>
     * <groups><group>staff</group></groups></user>}; email and groups are optional. With
     * {@code <provider>corp</provider>} the user signs in as a user of that identity provider of
     * {@code <auth><identityProviders>}, and the groups are the provider's, so access rules can be tried before
     * deploying. Without users, serve makes a user {@code demo} with a random password, in every allowed group
     * (of the first identity provider when {@code cognitoLogin} is off), and prints its password.</li>
     * </ul>
     */
    @Parameter
    private Serve serve;

    /** The built site to serve. */
    @Parameter(property = "edgesite.siteDirectory", defaultValue = "${project.build.directory}/site")
    private File siteDirectory;

    /**
     * The site's login rules, as the authorizer applies them (the logo is not read). Each field also has a
     * property, used when the pom leaves the field out: {@code allowedGroups} ({@code edgesite.auth.allowedGroups}),
     * {@code allowedEmailDomains} ({@code edgesite.auth.allowedEmailDomains}), {@code publicPaths}
     * ({@code edgesite.auth.publicPaths}), {@code spa} ({@code edgesite.auth.spa}), {@code selfSignUp}
     * ({@code edgesite.auth.selfSignUp}), {@code allowAnyone} ({@code edgesite.auth.allowAnyone}),
     * {@code cognitoLogin} ({@code edgesite.auth.cognitoLogin}), {@code forbiddenPage}
     * ({@code edgesite.auth.forbiddenPage}), {@code accessRules} and the {@code identityProviders}' names and
     * groups (no secret is read); see provision for what each means.
     */
    @Parameter
    private Blocks.Auth auth;

    /**
     * Only {@code <sync><cacheControl>} is read (it has no property), so that files come with the Cache-Control
     * sync gives them.
     */
    @Parameter
    private Blocks.Sync sync;

    /**
     * Also serves the site as preview {@code <name>} at {@code http://<name>.preview.localhost:<port>/}, behind the
     * same sign-in as the main site, which hands the session over to the preview as the deployed stack does.
     * The name follows the preview rules (one DNS label, at most 40 characters).
     */
    @Parameter(property = "edgesite.preview")
    private String preview;

    @Override
    protected void configure(SettingsValidator validator) {
        super.configure(validator);
        validator.siteDirectory(siteDirectory.toPath()).preview(preview, false);
        authorizerRules(auth, validator, false);
    }

    @Override
    protected void configure(ContentSettingsValidator validator) {
        super.configure(validator);
        validator.cacheControl(cacheRules(sync));
    }

    @Override
    protected void run(Log log) throws Exception {
        StackSettings settings = settings();
        ServeOptions options = options(settings, log);
        SiteServer server;
        try {
            server = SiteServer.start(options, log);
        } catch (PortInUseException e) {
            throw Advice.portInUse(e, serve != null && serve.port != null);
        }
        Thread stopper = new Thread(server::close, "edgesite-serve-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        announce(server, settings, log);
        try {
            server.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            log.info("Stopped serving " + server.url());
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl+C), and the hook has stopped the server
            }
        }
    }

    /** The core's input from the parameters, checked; with idp=stack, the pool's settings read from AWS. */
    ServeOptions options(StackSettings settings, Log log) throws MojoExecutionException, MojoFailureException {
        Serve configured = serve != null ? serve : new Serve();
        int port = port(configured);
        String idp = setting(configured.idp, IDP_PROPERTY, "local");
        String node = setting(configured.node, NODE_PROPERTY, "node");
        List<LocalUser> users = users(configured.users, settings.auth());
        ServeOptions.Login login;
        if (idp.equals("local")) {
            login = new ServeOptions.LocalUsers(users);
        } else if (idp.equals("stack")) {
            if (!users.isEmpty()) {
                log.warn("<serve><users> are for the local login; with " + IDP_PROPERTY + "=stack people sign in with"
                        + " users of the stack's user pool");
            }
            login = stackPool(settings, port, log);
        } else {
            throw Advice.invalidServe("<serve><idp> (" + IDP_PROPERTY + ")", idp, "Use local (a login inside serve,"
                    + " with <serve><users>) or stack (the provisioned stack's Cognito user pool).");
        }
        return new ServeOptions(settings.siteDirectory(), port, node, login, settings.auth(),
                contentSettings(settings).sync().cacheControl(), settings.previews().name());
    }

    private void announce(SiteServer server, StackSettings settings, Log log) {
        log.info("Serving " + settings.siteDirectory() + " at " + server.url()
                + " through the site's authorizer, as on CloudFront");
        server.previewUrl().ifPresent(url -> log.info("Preview " + settings.previews().name() + " at " + url
                + ": sign in once on the main site, which hands the session over"));
        server.localUsers().ifPresentOrElse(users -> {
            if (serve == null || serve.users == null || serve.users.isEmpty()) {
                LocalUser demo = users.get(0);
                log.info("Sign in as " + demo.username() + " with password " + demo.password()
                        + " (a demo user made for this run; configure <serve><users> for your own)");
            } else {
                log.info("Sign in as " + String.join(", ", users.stream().map(LocalUser::username).toList())
                        + " (<serve><users>), with the password configured in the pom");
            }
        }, () -> log.info("Sign in with a user of the stack's Cognito user pool"));
        log.info("Press Ctrl+C to stop.");
    }

    private ServeOptions.UserPool stackPool(StackSettings settings, int port, Log log) throws MojoExecutionException,
            MojoFailureException {
        try (AwsClients aws = AwsClients.forStack(settings)) {
            return StackLogin.find(settings, aws, port, log);
        } catch (IllegalStateException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    private int port(Serve configured) throws MojoFailureException {
        String value = setting(configured.port, PORT_PROPERTY, null);
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw Advice.invalidServe("<serve><port> (" + PORT_PROPERTY + ")", value, "Use a port from 1 to 65535, such as "
                + DEFAULT_PORT + ".");
    }

    private static List<LocalUser> users(List<User> configured, StackSettings.Auth auth) throws MojoFailureException {
        if (configured == null) {
            return List.of();
        }
        List<LocalUser> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < configured.size(); i++) {
            User user = configured.get(i);
            String element = "<serve><users><user> number " + (i + 1);
            if (user == null || user.username == null || user.username.isBlank()) {
                throw Advice.invalidServe(element, "no <username>", "Give every user a username.");
            }
            if (!names.add(user.username.strip())) {
                throw Advice.invalidServe(element, user.username, "Usernames must differ.");
            }
            if (user.password == null || user.password.isEmpty()) {
                throw Advice.invalidServe(element, user.username, "Give the user a <password>.");
            }
            if (user.email != null && !user.email.strip().matches("[^@\\s]+@[^@\\s]+")) {
                throw Advice.invalidServe(element + " <email>", user.email, "Use an address such as ana@example.com.");
            }
            String provider = user.provider == null || user.provider.isBlank() ? null : user.provider.strip();
            IdentityProvider known = provider == null ? null : auth.identityProviders().stream()
                    .filter(p -> p.name().equals(provider)).findFirst().orElse(null);
            if (provider != null && known == null) {
                throw Advice.invalidServe(element + " <provider>", provider, "Name one of <auth><identityProviders> ("
                        + String.join(", ", auth.identityProviders().stream().map(IdentityProvider::name).toList())
                        + "), or leave <provider> out for a user of the pool itself.");
            }
            users.add(new LocalUser(user.username.strip(), user.password,
                    user.email == null ? null : user.email.strip(),
                    user.groups == null ? List.of() : user.groups.stream().map(String::strip).toList(),
                    provider, known == null ? null : known.type().name()));
        }
        return users;
    }

    /** The pom's value, else the property (-D, then system, then project property), else the default. */
    private String setting(String configured, String property, String fallback) {
        String value = orProperty(configured == null || configured.isBlank() ? null : configured, property,
                Function.identity());
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** The {@code <serve>} block, described with the serve parameter. Fields the pom leaves out are null. */
    public static final class Serve {
        private String port;
        private String idp;
        private String node;
        private List<User> users;
    }

    /** A {@code <user>} of {@code <serve><users>}. */
    public static final class User {
        private String username;
        private String password;
        private String email;
        private List<String> groups;
        /** The identity provider the user signs in with; the groups are then that provider's. */
        private String provider;
    }
}
