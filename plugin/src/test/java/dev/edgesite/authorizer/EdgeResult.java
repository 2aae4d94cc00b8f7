package dev.edgesite.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the handler returned: the request it let through, or the response it answered with. */
record EdgeResult(Map<String, Object> raw) {

    EdgeResult assertForwarded() {
        assertFalse(raw.containsKey("status"), () -> "expected the request to be let through, got " + summary());
        return this;
    }

    EdgeResult assertStatus(int status) {
        assertTrue(raw.containsKey("status"), "expected a response, the request was let through");
        assertEquals(Integer.toString(status), raw.get("status"), this::summary);
        assertEquals("no-store", header("cache-control"), "generated responses are never cached");
        return this;
    }

    String uri() {
        return (String) raw.get("uri");
    }

    String querystring() {
        return (String) raw.get("querystring");
    }

    /** The first value of a header (CloudFront's lower-case key), or null. */
    String header(String name) {
        List<Map<String, String>> values = headers().get(name);
        return values == null || values.isEmpty() ? null : values.get(0).get("value");
    }

    URI location() {
        String location = header("location");
        assertNotNull(location, "expected a Location header");
        return URI.create(location);
    }

    /** Set-Cookie headers by cookie name: the whole header value. */
    Map<String, String> setCookies() {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (Map<String, String> h : headers().getOrDefault("set-cookie", List.of())) {
            assertEquals("Set-Cookie", h.get("key"));
            String value = h.get("value");
            cookies.put(value.substring(0, value.indexOf('=')), value);
        }
        return cookies;
    }

    /** The value a Set-Cookie header gives a cookie. */
    String cookie(String name) {
        String header = setCookies().get(name);
        assertNotNull(header, () -> "no Set-Cookie for " + name + " in " + setCookies().keySet());
        return header.substring(name.length() + 1, header.indexOf(';'));
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<Map<String, String>>> headers() {
        return (Map<String, List<Map<String, String>>>) raw.getOrDefault("headers", Map.of());
    }

    private String summary() {
        return raw.containsKey("status")
                ? "HTTP " + raw.get("status") + " " + headers().keySet()
                : "the request let through to " + raw.get("uri");
    }
}
