package dev.edgesite.core.serve;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.edgesite.core.Log;
import dev.edgesite.core.authorizer.AuthorizerProcessException;
import dev.edgesite.core.authorizer.NodeAuthorizer;
import dev.edgesite.core.aws.S3Bucket;
import dev.edgesite.core.aws.AppClientSpec;
import dev.edgesite.core.provision.AuthorizerConfig;
import dev.edgesite.core.settings.IdentityProvider;
import dev.edgesite.core.settings.Previews;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The site on {@code http://localhost:<port>/} as the distribution serves it: every request goes
 * through the real authorizer (the files of the Lambda zip, run in Node.js by {@link NodeAuthorizer}),
 * whose config points at the local login ({@link LocalLogin}, below {@code /_edgesite/idp/}) or at the
 * stack's user pool; what it lets through is answered from the site directory by {@link SiteFiles}.
 *
 * <p>It listens on 127.0.0.1 only. The site's origin is {@code http://localhost:<port>} (the authorizer's
 * {@code siteOrigin}, so its redirect URIs name it): a request for another host name, such as
 * {@code 127.0.0.1}, is redirected there first, or its login cookies would not come back. The local login
 * answers only {@code localhost:<port>} and {@code 127.0.0.1:<port>} (where node calls its token endpoint):
 * any other Host, such as that of a page whose name was rebound to 127.0.0.1, is refused with 421 before the
 * login reads anything. Like the
 * distribution, only GET and HEAD reach the site. {@link #start} returns once the site is up; {@link #close}
 * stops the HTTP server and node.
 */
public final class SiteServer implements AutoCloseable {
    static final String LOCAL_CLIENT_ID = "edgesite-serve";
    private static final String LOCAL_HOST = "localhost";
    private static final int IN_MEMORY_LIMIT = 8 * 1024 * 1024;
    private static final byte[] METHOD_NOT_ALLOWED = ("This distribution is not configured to allow the HTTP request"
            + " method that was used for this request. The distribution supports only cachable requests.").getBytes(UTF_8);

    private final HttpServer http;
    private final ExecutorService executor;
    private final NodeAuthorizer authorizer;
    private final LocalLogin login;
    private final URI url;
    private final URI previewUrl;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private SiteServer(HttpServer http, ExecutorService executor, NodeAuthorizer authorizer, LocalLogin login, URI url,
            URI previewUrl, int port) {
        this.http = http;
        this.executor = executor;
        this.authorizer = authorizer;
        this.login = login;
        this.url = url;
        this.previewUrl = previewUrl;
        this.port = port;
    }

    /**
     * Listens on the port, starts the authorizer in node, and serves until {@link #close}.
     *
     * @throws SiteDirectoryMissingException if there is no site directory to serve
     * @throws PortInUseException if another program listens on the port
     * @throws dev.edgesite.core.authorizer.NodeUnavailableException if node cannot run the authorizer
     * @throws AuthorizerProcessException if the authorizer did not start
     */
    public static SiteServer start(ServeOptions options, Log log) {
        return start(options, log, Clock.systemUTC());
    }

    /** As {@link #start(ServeOptions, Log)}, with the local login reading the time from {@code clock}. */
    static SiteServer start(ServeOptions options, Log log, Clock clock) {
        if (!Files.isDirectory(options.siteDirectory())) {
            throw new SiteDirectoryMissingException(options.siteDirectory());
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(loopback, options.port()), 0);
        } catch (BindException e) {
            throw new PortInUseException(options.port(), e);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on port " + options.port() + ": " + e.getMessage(), e);
        }
        int port = http.getAddress().getPort();
        // As browsers write it (no :80), or the Host check and the redirect URIs would not match theirs.
        String authority = port == 80 ? "localhost" : "localhost:" + port;
        String origin = "http://" + authority;
        String directAuthority = hostLiteral(loopback) + ":" + port;
        String direct = "http://" + directAuthority;
        // Browsers resolve every name under localhost to the loopback address, so a preview needs no DNS here.
        String previewAuthority = options.preview() == null ? null
                : Previews.host(options.preview(), LOCAL_HOST) + authority.substring(LOCAL_HOST.length());

        LocalLogin login = null;
        Map<String, Object> loginFields = Map.of();
        if (options.login() instanceof ServeOptions.LocalUsers local) {
            List<LocalUser> users = local.users().isEmpty() ? List.of(LocalUser.demo(options.access())) : local.users();
            login = new LocalLogin(new LocalLogin.Client(origin + LoginEndpoints.PREFIX, LOCAL_CLIENT_ID,
                    origin + AuthorizerConfig.CALLBACK_PATH, origin + "/",
                    options.access().identityProviders().stream().map(IdentityProvider::name).toList(),
                    options.access().cognitoLogin()), users, clock);
            loginFields = LoginEndpoints.authorizerFields(login, origin, direct);
        } else if (options.login() instanceof ServeOptions.UserPool pool) {
            loginFields = pool.fields();
        }

        NodeAuthorizer authorizer;
        try {
            authorizer = NodeAuthorizer.start(authorizerConfig(options, loginFields, origin, authority), options.node(),
                    log);
        } catch (RuntimeException e) {
            http.stop(0);
            throw e;
        }
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
        SiteServer server = new SiteServer(http, executor, authorizer, login, URI.create(origin + "/"),
                previewAuthority == null ? null : URI.create("http://" + previewAuthority + "/"), port);
        SiteFiles files = new SiteFiles(options.siteDirectory(), options.cacheControl(), log);
        http.setExecutor(executor);
        http.createContext("/", server.new Viewer(files, login == null ? null : new LoginEndpoints(login, log),
                authority, previewAuthority, options.preview(), directAuthority, origin, log));
        http.start();
        log.debug("Serving " + options.siteDirectory() + " on " + http.getAddress());
        return server;
    }

    /**
     * config.json as provision writes it for the stack's rules, with the login's settings, a cookie secret of
     * this run's own, and the local origin for the redirect URIs.
     */
    private static Map<String, Object> authorizerConfig(ServeOptions options, Map<String, Object> login, String origin,
            String authority) {
        Map<String, Object> config = new TreeMap<>(login);
        config.put("scopes", AppClientSpec.SCOPES);
        config.put("callbackPath", AuthorizerConfig.CALLBACK_PATH);
        config.put("signOutPath", AuthorizerConfig.SIGN_OUT_PATH);
        config.put("cookieSecret", S3Bucket.newCookieSecret());
        config.put("publicPaths", options.access().publicPaths());
        config.put("allowedGroups", options.access().allowedGroups());
        config.put("allowedEmailDomains", options.access().allowedEmailDomains());
        config.put("spa", options.access().spa());
        config.put("siteOrigin", origin);
        AuthorizerConfig.federation(options.access(), config);
        if (options.preview() != null) {
            config.put("previews", Map.of("domain", Previews.domain(LOCAL_HOST), "siteHost", authority));
        }
        return config;
    }

    /** {@code http://localhost:<port>/}. */
    public URI url() {
        return url;
    }

    /** {@code http://<preview>.preview.localhost:<port>/}, when serve answers a preview. */
    public Optional<URI> previewUrl() {
        return Optional.ofNullable(previewUrl);
    }

    public int port() {
        return port;
    }

    /** Who may sign in at the local login; empty when serve signs in at the stack's user pool. */
    public Optional<List<LocalUser>> localUsers() {
        return login == null ? Optional.empty() : Optional.of(login.users());
    }

    /** Blocks until {@link #close} has stopped the server. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops the HTTP server, then node. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            http.stop(0);
            authorizer.close();
        } finally {
            executor.shutdownNow();
            stopped.countDown();
        }
    }

    private static String hostLiteral(InetAddress address) {
        String text = address.getHostAddress();
        return text.contains(":") ? "[" + text + "]" : text;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "edgesite-serve-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What a viewer's request meets: the login's own paths, else the authorizer and then the files. */
    private final class Viewer implements HttpHandler {
        private final SiteFiles files;
        private final LoginEndpoints loginEndpoints;
        private final String host;
        private final String previewHost;
        private final String previewPrefix;
        private final String direct;
        private final String origin;
        private final Log log;

        Viewer(SiteFiles files, LoginEndpoints loginEndpoints, String host, String previewHost, String preview,
                String direct, String origin, Log log) {
            this.files = files;
            this.loginEndpoints = loginEndpoints;
            this.host = host;
            this.previewHost = previewHost;
            this.previewPrefix = preview == null ? null : "/" + Previews.keyPrefix(preview);
            this.direct = direct;
            this.origin = origin;
            this.log = log;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                String requestHost = exchange.getRequestHeaders().getFirst("Host");
                boolean ownHost = host.equalsIgnoreCase(requestHost);
                if (loginEndpoints != null && path != null && path.startsWith(LoginEndpoints.PREFIX + "/")) {
                    // A page of another name that resolves to 127.0.0.1 (DNS rebinding) must not reach the login:
                    // it answers only the names serve gives out, the browser's and the one node calls.
                    if (ownHost || direct.equalsIgnoreCase(requestHost)) {
                        loginEndpoints.handle(exchange);
                    } else {
                        log.info(exchange.getRequestMethod() + " " + path + " → 421 (Host is not " + host + ")");
                        Exchanges.sendText(exchange, 421, "Misdirected request: this server answers only " + origin);
                    }
                    return;
                }
                if (!ownHost && previewHost != null && previewHost.equalsIgnoreCase(requestHost)) {
                    ownHost = true;
                }
                if (!ownHost) {
                    String query = exchange.getRequestURI().getRawQuery();
                    Exchanges.redirect(exchange, 308, origin + (path == null ? "/" : path)
                            + (query == null ? "" : "?" + query), List.of());
                    return;
                }
                String method = exchange.getRequestMethod();
                if (path == null || !path.startsWith("/")) {
                    Exchanges.sendText(exchange, 400, "Bad request");
                } else if (!method.equals("GET") && !method.equals("HEAD")) {
                    Exchanges.send(exchange, 403, Map.of("Content-Type", "text/plain; charset=utf-8"),
                            METHOD_NOT_ALLOWED.clone());
                    log.info(method + " " + path + " → 403 (CloudFront allows GET and HEAD only)");
                } else {
                    viewerRequest(exchange, path, method);
                }
            } catch (RuntimeException e) {
                log.warn("Serving " + exchange.getRequestURI().getRawPath() + " failed: " + e);
                throw e;
            }
        }

        private void viewerRequest(HttpExchange exchange, String path, String method) throws IOException {
            Map<String, Object> result;
            try {
                result = authorizer.handle(request(exchange, path, method));
            } catch (AuthorizerProcessException e) {
                log.warn("The authorizer failed: " + e.getMessage());
                Exchanges.sendText(exchange, 503, "The authorizer failed; see the serve log.");
                return;
            }
            if (result.containsKey("status")) {
                int status = generated(exchange, result);
                log.info(method + " " + path + " → " + status + " (authorizer)");
                return;
            }
            SiteFiles.Answer answer = files.answer(siteUri(String.valueOf(result.get("uri"))),
                    exchange.getRequestHeaders().getFirst("If-None-Match"));
            send(exchange, answer);
            log.info(method + " " + path + " → " + answer.status() + (answer.key() == null ? "" : " " + answer.key()));
        }

        /**
         * Where the origin URI the authorizer forwarded sits in the site directory: the served preview's prefix is
         * the site directory itself (serve has that one build only); any other key under the previews' prefix has
         * no file here (null), as the bucket would have none.
         */
        private String siteUri(String uri) {
            if (previewPrefix != null && uri.startsWith(previewPrefix)) {
                return uri.substring(previewPrefix.length() - 1);
            }
            return uri.startsWith("/" + Previews.KEY_PREFIX) ? null : uri;
        }

        /** The request as CloudFront hands it to a viewer-request function. */
        private Map<String, Object> request(HttpExchange exchange, String path, String method) {
            Map<String, List<Map<String, String>>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                List<Map<String, String>> entries =
                        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                values.forEach(value -> entries.add(Map.of("key", name, "value", value)));
            });
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("clientIp", exchange.getRemoteAddress().getAddress().getHostAddress());
            request.put("headers", headers);
            request.put("method", method);
            request.put("querystring", query == null ? "" : query);
            request.put("uri", path);
            return request;
        }

        /** Sends a response the authorizer generated; returns its status. */
        private int generated(HttpExchange exchange, Map<String, Object> response) throws IOException {
            int status = Integer.parseInt(String.valueOf(response.get("status")));
            if (response.get("headers") instanceof Map<?, ?> headers) {
                for (Object entries : headers.values()) {
                    if (entries instanceof List<?> list) {
                        for (Object entry : list) {
                            if (entry instanceof Map<?, ?> header) {
                                exchange.getResponseHeaders().add(String.valueOf(header.get("key")),
                                        String.valueOf(header.get("value")));
                            }
                        }
                    }
                }
            }
            byte[] body = new byte[0];
            if (response.get("body") instanceof String text) {
                body = "base64".equals(response.get("bodyEncoding")) ? Base64.getDecoder().decode(text) : text.getBytes(UTF_8);
            }
            Exchanges.send(exchange, status, Map.of(), body);
            return status;
        }

        private void send(HttpExchange exchange, SiteFiles.Answer answer) throws IOException {
            if (answer.file() == null) {
                Exchanges.send(exchange, answer.status(), answer.headers(), answer.body());
                return;
            }
            long size = Files.size(answer.file());
            if (size <= IN_MEMORY_LIMIT) {
                Exchanges.send(exchange, answer.status(), answer.headers(), Files.readAllBytes(answer.file()));
                return;
            }
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            if (Exchanges.isHead(exchange)) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(answer.status(), size);
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(answer.file(), out);
            }
        }
    }
}
