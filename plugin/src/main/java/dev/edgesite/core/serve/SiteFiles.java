package dev.edgesite.core.serve;

import dev.edgesite.core.Log;
import dev.edgesite.core.sync.CacheControlRules;
import dev.edgesite.core.sync.ContentTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The site directory as the distribution serves the bucket that sync fills, read from disk on every
 * request so that edits show on the next load.
 *
 * <p>The URI is the one the authorizer forwards (it has already appended {@code index.html} to paths
 * ending in {@code /}); S3 decodes it into a key and serves that key or nothing, so a folder's path
 * without the trailing slash finds nothing, as on CloudFront. What sync would not publish is not
 * served: hidden names (but {@code .well-known/}), links out of the directory, names with dot segments
 * or control characters. Headers are the ones sync sets (Content-Type, Cache-Control) and the
 * distribution's security headers. A missing key answers like the distribution: the site's
 * {@code 404.html} with status 404 when it has one, else S3's 403 AccessDenied.
 */
final class SiteFiles {
    static final String NOT_FOUND_PAGE = "404.html";
    private static final String WELL_KNOWN = ".well-known";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final byte[] ACCESS_DENIED = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>").getBytes(StandardCharsets.UTF_8);
    /** The distribution's response headers policy (Managed-SecurityHeadersPolicy), less HSTS, which http ignores. */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "SAMEORIGIN",
            "Referrer-Policy", "strict-origin-when-cross-origin",
            "X-XSS-Protection", "1; mode=block");

    /**
     * What to answer: a file's bytes ({@code file}) or a fixed {@code body}.
     *
     * @param key the object key served, or null when none was
     */
    record Answer(int status, String key, Map<String, String> headers, Path file, byte[] body) {}

    private final Path directory;
    private final CacheControlRules cacheControl;
    private final Log log;
    private final Set<String> hinted = ConcurrentHashMap.newKeySet();

    SiteFiles(Path directory, CacheControlRules cacheControl, Log log) {
        this.directory = directory;
        this.cacheControl = cacheControl;
        this.log = log;
    }

    /**
     * The answer for a forwarded URI.
     *
     * @param ifNoneMatch the request's If-None-Match header, or null
     */
    Answer answer(String uri, String ifNoneMatch) throws IOException {
        String key = key(uri);
        Path root = realRoot();
        Found found = key == null || root == null ? null : find(root, key);
        if (found != null) {
            Map<String, String> headers = headers(key, found);
            if (ifNoneMatch != null && matches(ifNoneMatch, headers.get("ETag"))) {
                return new Answer(304, key, headers, null, new byte[0]);
            }
            return new Answer(200, key, headers, found.file(), null);
        }
        if (key != null && root != null) {
            hintFolder(root, key, uri);
        }
        Found notFoundPage = root == null ? null : find(root, NOT_FOUND_PAGE);
        if (notFoundPage != null) {
            return new Answer(404, NOT_FOUND_PAGE, headers(NOT_FOUND_PAGE, notFoundPage), notFoundPage.file(), null);
        }
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.put("Content-Type", "application/xml");
        return new Answer(403, null, headers, null, ACCESS_DENIED.clone());
    }

    private record Found(Path file, BasicFileAttributes attributes) {}

    /** The object key S3 would look up for the URI, or null when no published file can have it. */
    static String key(String uri) {
        if (uri == null || !uri.startsWith("/")) {
            return null;
        }
        String key = decode(uri.substring(1));
        if (key == null || key.isEmpty()) {
            return null;
        }
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || (segment.startsWith(".") && (last || !segment.equals(WELL_KNOWN)))) {
                return null;
            }
            for (int c = 0; c < segment.length(); c++) {
                char ch = segment.charAt(c);
                if (Character.isISOControl(ch) || ch == '\\') {
                    return null;
                }
            }
        }
        return key;
    }

    private Path realRoot() throws IOException {
        return Files.isDirectory(directory) ? directory.toRealPath() : null;
    }

    /** The key's regular file, when it is inside the site directory once links are followed. */
    private static Found find(Path root, String key) throws IOException {
        Path file;
        try {
            file = root.resolve(key);
        } catch (InvalidPathException e) {
            return null;
        }
        if (!file.normalize().startsWith(root) || !Files.isRegularFile(file)) {
            return null;
        }
        Path real = file.toRealPath();
        if (!real.startsWith(root)) {
            return null;
        }
        return new Found(real, Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    private Map<String, String> headers(String key, Found found) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", ContentTypes.forKey(key));
        headers.put("Cache-Control", cacheControl.forKey(key));
        headers.put("Last-Modified", HTTP_DATE.format(found.attributes().lastModifiedTime().toInstant()));
        headers.put("ETag", "\"" + Long.toHexString(found.attributes().size()) + "-"
                + Long.toHexString(found.attributes().lastModifiedTime().toInstant().getEpochSecond()) + "-"
                + Integer.toHexString(found.attributes().lastModifiedTime().toInstant().getNano()) + "\"");
        headers.putAll(SECURITY_HEADERS);
        return headers;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** Says once per path why a folder's URL without its trailing slash is not found, as on CloudFront. */
    private void hintFolder(Path root, String key, String uri) {
        try {
            Path folder = root.resolve(key);
            if (Files.isRegularFile(folder.resolve("index.html")) && hinted.add(uri)) {
                log.warn(uri + " is a folder: CloudFront serves its index.html only at " + uri + "/, so " + uri
                        + " is not found there either. Link to " + uri + "/.");
            }
        } catch (InvalidPathException e) {
            // not a folder either
        }
    }

    /** Percent-decodes a URI path as S3 does, into UTF-8; null for a malformed escape or bytes that are not UTF-8. */
    static String decode(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return null;
                }
                int high = Character.digit(path.charAt(i + 1), 16);
                int low = Character.digit(path.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
