package dev.edgesite.core.serve;

import static dev.edgesite.core.serve.Exchanges.escape;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.edgesite.core.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local login over HTTP, below {@link #PREFIX} on the site's own origin, at Cognito's paths:
 * {@code /oauth2/authorize} (the sign-in page), {@code /login} (where it posts), {@code /oauth2/token},
 * {@code /oauth2/revoke}, {@code /.well-known/jwks.json} and {@code /logout}. The sign-in page's form carries a single-use token
 * ({@link #FORM_TOKEN}) that a post to {@code /login} must return, or it is refused with 403.
 */
final class LoginEndpoints implements HttpHandler {
    static final String PREFIX = "/_edgesite/idp";
    static final String SESSION_COOKIE = "edgesite_idp_session";
    static final String FORM_TOKEN = "csrf_token";

    private static final int MAX_FORM_BYTES = 16 * 1024;

    private final LocalLogin login;
    private final Log log;

    LoginEndpoints(LocalLogin login, Log log) {
        this.login = login;
        this.log = log;
    }

    /** The authorizer's login settings for this login: issuer, client, keys and endpoint URLs. */
    static Map<String, Object> authorizerFields(LocalLogin login, String browserBase, String serverBase) {
        return Map.of(
                "issuer", login.client().issuer(),
                "clientId", login.client().clientId(),
                "jwks", login.jwks(),
                "authorizeUrl", browserBase + PREFIX + "/oauth2/authorize",
                // node calls the token endpoint itself: by address, as "localhost" may resolve to ::1 first
                "tokenUrl", serverBase + PREFIX + "/oauth2/token",
                "logoutUrl", browserBase + PREFIX + "/logout");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/oauth2/authorize" -> {
                    if (allowed(exchange, method, "GET")) {
                        authorizePage(exchange);
                    }
                }
                case "/login" -> {
                    if (allowed(exchange, method, "POST")) {
                        signIn(exchange);
                    }
                }
                case "/oauth2/token" -> {
                    if (allowed(exchange, method, "POST")) {
                        token(exchange);
                    }
                }
                case "/oauth2/revoke" -> {
                    if (allowed(exchange, method, "POST")) {
                        revoke(exchange);
                    }
                }
                case "/.well-known/jwks.json" -> {
                    if (allowed(exchange, method, "GET")) {
                        sendJson(exchange, 200, login.jwks());
                    }
                }
                case "/logout" -> {
                    if (allowed(exchange, method, "GET")) {
                        logout(exchange);
                    }
                }
                default -> Exchanges.sendText(exchange, 404, "Not found");
            }
        }
    }

    private void authorizePage(HttpExchange exchange) throws IOException {
        LocalLogin.Authorization authorization;
        try {
            authorization = login.authorize(query(exchange));
        } catch (LocalLogin.LoginException e) {
            refuse(exchange, e);
            return;
        }
        Optional<String> resumed = login.resume(authorization, Exchanges.cookies(exchange).get(SESSION_COOKIE));
        if (resumed.isPresent()) {
            Exchanges.redirect(exchange, 302, resumed.get(), List.of());
        } else {
            Exchanges.sendHtml(exchange, 200, signInPage(authorization, null), List.of());
        }
    }

    private void signIn(HttpExchange exchange) throws IOException {
        Form form = form(exchange);
        LocalLogin.Authorization authorization;
        try {
            authorization = login.authorize(form);
        } catch (LocalLogin.LoginException e) {
            refuse(exchange, e);
            return;
        }
        String formToken;
        try {
            formToken = form.one(FORM_TOKEN);
        } catch (IllegalArgumentException e) {
            formToken = null;
        }
        if (!login.spendFormToken(formToken, authorization)) {
            log.warn("Local login refused a sign-in whose form token was missing, wrong, used or expired");
            Exchanges.sendHtml(exchange, 403, page("Sign-in form expired", "<p>This sign-in form has expired or"
                    + " was already sent. <a href=\"" + escape(login.client().signOutUrl()) + "\">Go back to the"
                    + " site</a> to sign in again.</p>"), List.of());
            return;
        }
        Optional<LocalLogin.SignedIn> signedIn;
        try {
            signedIn = login.signIn(authorization, form.one("username"), form.one("password"));
        } catch (IllegalArgumentException e) {
            signedIn = Optional.empty();
        }
        if (signedIn.isEmpty()) {
            log.info("Local login: a sign-in with a wrong username or password");
            Exchanges.sendHtml(exchange, 200, signInPage(authorization, "Incorrect username or password."), List.of());
            return;
        }
        String cookie = SESSION_COOKIE + "=" + signedIn.get().sessionId() + "; Path=" + PREFIX + "; Max-Age="
                + LocalLogin.SESSION_LIFETIME.toSeconds() + "; HttpOnly; SameSite=Lax";
        Exchanges.redirect(exchange, 302, signedIn.get().location(), List.of(cookie));
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!Exchanges.isForm(exchange)) {
            sendJson(exchange, 400, Map.of("error", "invalid_request"));
            return;
        }
        LocalLogin.TokenAnswer answer = login.token(form(exchange));
        if (answer.status() != 200) {
            log.info("Local login: the token endpoint refused a request (" + answer.body().get("error") + ")");
        }
        sendJson(exchange, answer.status(), answer.body());
    }

    private void revoke(HttpExchange exchange) throws IOException {
        if (!Exchanges.isForm(exchange)) {
            sendJson(exchange, 400, Map.of("error", "invalid_request"));
            return;
        }
        LocalLogin.TokenAnswer answer = login.revoke(form(exchange));
        if (answer.status() != 200) {
            log.info("Local login: the revocation endpoint refused a request (" + answer.body().get("error") + ")");
            sendJson(exchange, answer.status(), answer.body());
            return;
        }
        log.info("Local login: a refresh token was revoked");
        Exchanges.send(exchange, 200, Map.of("Cache-Control", "no-store", "Pragma", "no-cache"), new byte[0]);
    }

    private void logout(HttpExchange exchange) throws IOException {
        String location;
        try {
            location = login.logout(query(exchange), Exchanges.cookies(exchange).get(SESSION_COOKIE));
        } catch (LocalLogin.LoginException e) {
            refuse(exchange, e);
            return;
        }
        String cleared = SESSION_COOKIE + "=; Path=" + PREFIX + "; Max-Age=0; HttpOnly; SameSite=Lax";
        Exchanges.redirect(exchange, 302, location, List.of(cleared));
    }

    private static Form query(HttpExchange exchange) {
        try {
            return Form.parse(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            return Form.empty();
        }
    }

    private static Form form(HttpExchange exchange) throws IOException {
        String body = Exchanges.body(exchange, MAX_FORM_BYTES);
        try {
            return body == null ? Form.empty() : Form.parse(body);
        } catch (IllegalArgumentException e) {
            return Form.empty();
        }
    }

    private void refuse(HttpExchange exchange, LocalLogin.LoginException e) throws IOException {
        log.warn("Local login refused a request: " + e.getMessage());
        Exchanges.sendHtml(exchange, 400, page("Sign-in request refused", "<p>" + escape(e.getMessage()) + ".</p>"),
                List.of());
    }

    private static boolean allowed(HttpExchange exchange, String method, String expected) throws IOException {
        if (expected.equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", expected);
        Exchanges.sendText(exchange, 405, "Method not allowed");
        return false;
    }

    private static void sendJson(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        Exchanges.send(exchange, status, Map.of("Content-Type", "application/json; charset=utf-8",
                "Cache-Control", "no-store", "Pragma", "no-cache"),
                JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8));
    }

    private String signInPage(LocalLogin.Authorization authorization, String error) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("client_id", login.client().clientId());
        fields.put("redirect_uri", authorization.redirectUri());
        fields.put("response_type", "code");
        fields.put("scope", authorization.scope());
        fields.put("state", authorization.state());
        fields.put("code_challenge", authorization.codeChallenge());
        fields.put("code_challenge_method", "S256");
        fields.put("identity_provider", authorization.identityProvider());
        fields.put(FORM_TOKEN, login.issueFormToken(authorization));
        StringBuilder form = new StringBuilder();
        fields.forEach((name, value) -> {
            if (value != null) {
                form.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(escape(value))
                        .append("\">");
            }
        });
        return page("Sign in", (error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>")
                + "<form method=\"post\" action=\"" + PREFIX + "/login\">" + form
                + "<label for=\"username\">Username or email</label>"
                + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>"
                + "<label for=\"password\">Password</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
                + "<button id=\"sign-in\" type=\"submit\">Sign in</button></form>"
                + "<p class=\"note\">Local sign-in of <code>edgesite:serve</code>: it stands in for the site's"
                + " Cognito login" + (authorization.identityProvider() == null ? ""
                        : " and the identity provider <code>" + escape(authorization.identityProvider()) + "</code>")
                + ", with the users serve was started with.</p>");
    }

    private static String page(String title, String content) {
        return "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + escape(title) + "</title>"
                + "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem;"
                + "color:#222}label,input,button{display:block;width:100%;box-sizing:border-box}"
                + "input{margin:.25rem 0 1rem;padding:.5rem;font:inherit}button{padding:.6rem;font:inherit}"
                + ".error{color:#b00020}.note{color:#666;font-size:.85rem;margin-top:2rem}</style>"
                + "<h1>" + escape(title) + "</h1>" + content + "</html>";
    }
}
