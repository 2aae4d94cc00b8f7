package dev.edgesite.core.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a query string or an {@code application/x-www-form-urlencoded} body. A field given twice
 * is ambiguous, and OAuth requires that such a request be refused (RFC 6749, 3.1).
 */
final class Form {
    private final Map<String, List<String>> fields;

    private Form(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    static Form empty() {
        return new Form(Map.of());
    }

    /** Parses {@code raw} (null is empty); a malformed percent-escape is an {@link IllegalArgumentException}. */
    static Form parse(String raw) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new Form(fields);
    }

    /** The field's value; null when absent or empty. */
    String one(String name) {
        List<String> values = fields.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " is given more than once");
        }
        String value = values.get(0);
        return value.isEmpty() ? null : value;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
