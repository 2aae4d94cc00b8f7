package dev.edgesite.core.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading requests and writing answers on the JDK's HTTP server. */
final class Exchanges {
    static final String HTML = "text/html; charset=utf-8";

    private Exchanges() {}

    static boolean isHead(HttpExchange exchange) {
        return "HEAD".equals(exchange.getRequestMethod());
    }

    /** Sends status, headers and body (none for HEAD, though Content-Length still tells its size). */
    static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach(exchange.getResponseHeaders()::add);
        if (isHead(exchange) || status == 304) {
            if (status != 304) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    static void sendHtml(HttpExchange exchange, int status, String html, List<String> cookies) throws IOException {
        cookies.forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        send(exchange, status, pageHeaders(), html.getBytes(StandardCharsets.UTF_8));
    }

    static void redirect(HttpExchange exchange, int status, String location, List<String> cookies) throws IOException {
        cookies.forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        send(exchange, status, Map.of("Location", location, "Cache-Control", "no-store"), new byte[0]);
    }

    static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, Map.of("Content-Type", "text/plain; charset=utf-8", "Cache-Control", "no-store"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Headers of the login's own pages: never cached, never framed, no scripts. A form may lead only to this
     * server's names: browsers hold every hop of the redirects after a sign-in to form-action, and a preview's
     * sign-in ends on {@code <name>.preview.localhost}, past the main site's handoff.
     */
    static Map<String, String> pageHeaders() {
        return Map.of(
                "Content-Type", HTML,
                "Cache-Control", "no-store",
                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://*.localhost:*; "
                        + "frame-ancestors 'none'",
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer");
    }

    /** The request body as text; null when it is longer than {@code limit} bytes. */
    static String body(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(limit + 1);
            return bytes.length > limit ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static boolean isForm(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The request's cookies by name; the first of a repeated name wins. */
    static Map<String, String> cookies(HttpExchange exchange) {
        Map<String, String> cookies = new HashMap<>();
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.putIfAbsent(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
        }
        return cookies;
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
