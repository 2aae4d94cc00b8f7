package dev.edgesite.core.sync;

import java.nio.charset.StandardCharsets;

/**
 * The URL path a viewer requests for an object key, as CloudFront invalidations want it: a leading
 * slash, and characters that are unsafe in a URL (RFC 1738) or not ASCII percent-encoded. A
 * {@code *} is encoded too, since in an invalidation path it would be a wildcard.
 */
public final class UrlPaths {
    private static final String UNSAFE = " \"#%<>?[\\]^`{|}*";

    private UrlPaths() {}

    public static String of(String key) {
        StringBuilder path = new StringBuilder("/");
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || UNSAFE.indexOf(c) >= 0) {
                path.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                path.append((char) c);
            }
        }
        return path.toString();
    }
}
