package dev.edgesite.core.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Page loads as a browser makes them, with a cookie jar for one origin that honours Path and Max-Age=0
 * and, like Chromium on http://localhost, keeps Secure cookies. Redirects are not followed, so tests see
 * each step.
 */
final class TestBrowser {
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI origin;
    /** name → (path, value) */
    private final Map<String, String[]> cookies = new LinkedHashMap<>();

    TestBrowser(URI origin) {
        this.origin = origin;
    }

    HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).GET());
    }

    HttpResponse<String> head(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = encode(form);
        return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs in from an anonymous load of {@code path} through the local login; returns the final page. */
    HttpResponse<String> signIn(String path, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> start = get(path);
        assertEquals(302, start.statusCode(), "sent to sign in: " + start.body());
        HttpResponse<String> form = get(location(start));
        assertEquals(200, form.statusCode(), form.body());
        Map<String, String> fields = hiddenFields(form.body());
        fields.put("username", username);
        fields.put("password", password);
        HttpResponse<String> posted = post("/_edgesite/idp/login", fields);
        assertEquals(302, posted.statusCode(), posted.body());
        HttpResponse<String> callback = get(location(posted));
        if (callback.statusCode() != 302) {
            return callback;
        }
        assertEquals(path, location(callback), "back where the user was going");
        return get(location(callback));
    }

    static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        assertTrue(fields.containsKey("code_challenge"), "a sign-in form: " + html);
        return fields;
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    }

    boolean has(String cookie) {
        return cookies.containsKey(cookie);
    }

    /** Puts a cookie into the jar at Path=/, as a Set-Cookie would. */
    void set(String cookie, String value) {
        cookies.put(cookie, new String[] {"/", value});
    }

    void forget(String cookie) {
        cookies.remove(cookie);
    }

    /** The cookie's value in the jar. */
    String value(String cookie) {
        String[] entry = cookies.get(cookie);
        if (entry == null) {
            throw new AssertionError("no cookie " + cookie);
        }
        return entry[1];
    }

    /** Form fields as a url-encoded body. */
    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** A GET with exactly this request target, which an HTTP client library might normalise. */
    RawResponse raw(String target) throws IOException {
        return raw("GET", target, origin.getAuthority(), null, "Accept: text/html\r\nSec-Fetch-Mode: navigate\r\nCookie: "
                + cookieHeader("/") + "\r\n");
    }

    /**
     * A request with exactly this method, target and Host header (as a page of another name that resolves to
     * 127.0.0.1 would send it); {@code form} is sent as a url-encoded body when not null.
     */
    RawResponse raw(String method, String target, String host, String form) throws IOException {
        return raw(method, target, host, form, "");
    }

    private RawResponse raw(String method, String target, String host, String form, String extraHeaders)
            throws IOException {
        try (Socket socket = new Socket(origin.getHost(), origin.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders
                    + (form == null ? "" : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                            + body.length + "\r\n")
                    + "Connection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new RawResponse(status, bodyStart < 0 ? response : response.substring(0, bodyStart),
                    bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    /** The status line and headers, and the body, as they came. */
    record RawResponse(int status, String head, String body) {
        boolean hasHeader(String name) {
            return head.lines().anyMatch(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1));
        }
    }

    private URI resolve(String pathOrUrl) {
        return origin.resolve(pathOrUrl);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").header("Sec-Fetch-Mode", "navigate")
                .timeout(Duration.ofSeconds(20));
        HttpRequest built = request.build();
        String cookie = cookieHeader(built.uri().getRawPath());
        if (!cookie.isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true).header("Cookie", cookie).build();
        }
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            store(setCookie);
        }
        return response;
    }

    private String cookieHeader(String path) {
        return cookies.entrySet().stream()
                .filter(e -> path.startsWith(e.getValue()[0]))
                .map(e -> e.getKey() + "=" + e.getValue()[1])
                .collect(Collectors.joining("; "));
    }

    private void store(String setCookie) {
        String[] parts = setCookie.split(";\\s*");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq);
        String value = parts[0].substring(eq + 1);
        String path = "/";
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].regionMatches(true, 0, "Path=", 0, 5)) {
                path = parts[i].substring(5);
            } else if (parts[i].equalsIgnoreCase("Max-Age=0")) {
                expired = true;
            }
        }
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, new String[] {path, value});
        }
    }
}
