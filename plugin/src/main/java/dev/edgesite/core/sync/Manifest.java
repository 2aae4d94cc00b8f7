package dev.edgesite.core.sync;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the last sync left in the bucket, kept in the bucket itself so that a sync needs no HEAD
 * per object: listings carry neither user metadata nor headers.
 *
 * <p>An entry counts only while the listing still shows the object with the ETag, size and
 * last-modified time it recorded: any write behind our back, including a copy that changes only
 * headers (same ETag), moves the last-modified time, and the object is then looked at again.
 */
final class Manifest {
    static final String KEY = ".edgesite/manifest.tsv";
    static final String CONTENT_TYPE = "text/tab-separated-values; charset=utf-8";
    private static final int FORMAT = 2;
    private static final String HEADER = "edgesite-manifest\t" + FORMAT;
    private static final int FIELDS = 7;

    private record Entry(StoredContent content, Instant lastModified) {}

    private final Map<String, Entry> entries;

    private Manifest(Map<String, Entry> entries) {
        this.entries = entries;
    }

    static Manifest empty() {
        return new Manifest(Map.of());
    }

    /** Entries for the listed objects that still hold what {@code expected} says they do. */
    static Manifest of(Collection<ListedObject> listing, Map<String, StoredContent> expected) {
        Map<String, Entry> entries = new TreeMap<>();
        for (ListedObject listed : listing) {
            StoredContent content = expected.get(listed.key());
            if (content != null && listed.readable() && content.etag().equals(listed.etag()) && content.size() == listed.size()) {
                entries.put(listed.key(), new Entry(content, seconds(listed.lastModified())));
            }
        }
        return new Manifest(entries);
    }

    /**
     * Reads a manifest written by {@link #toBytes()}: a first line naming the format, then one line per
     * object with its key, MD5, size, ETag, last-modified time (epoch seconds), Content-Type and
     * Cache-Control, tab-separated and escaped as {@link #escape} does. Lines, not JSON: a sync reads and
     * writes one entry per object of the site, and this costs a fraction of a general parser's time.
     */
    static Manifest parse(byte[] bytes) throws ParseException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int line = text.indexOf('\n');
        String first = line < 0 ? text : text.substring(0, line);
        if (!first.equals(HEADER)) {
            throw new ParseException("not an edgesite manifest of format " + FORMAT + ": "
                    + first.substring(0, Math.min(first.length(), 40)), 0);
        }
        Map<String, Entry> entries = new TreeMap<>();
        String[] fields = new String[FIELDS];
        for (int from = line + 1, number = 2; line >= 0 && from < text.length(); from = line + 1, number++) {
            line = text.indexOf('\n', from);
            int end = line < 0 ? text.length() : line;
            int n = 0;
            for (int at = from; n < FIELDS; n++) {
                int tab = text.indexOf('\t', at);
                int stop = tab < 0 || tab > end ? end : tab;
                fields[n] = unescape(text.substring(at, stop), number);
                if (stop == end) {
                    n++;
                    break;
                }
                at = stop + 1;
            }
            if (n != FIELDS) {
                throw new ParseException("line " + number + " has " + n + " fields, not " + FIELDS, from);
            }
            try {
                StoredContent content = new StoredContent(nullIfEmpty(fields[1]), Long.parseLong(fields[2]), fields[3],
                        new ObjectHeaders(nullIfEmpty(fields[5]), nullIfEmpty(fields[6])));
                entries.put(fields[0], new Entry(content, Instant.ofEpochSecond(Long.parseLong(fields[4]))));
            } catch (NumberFormatException e) {
                throw new ParseException("line " + number + " has a bad number: " + e.getMessage(), from);
            }
        }
        return new Manifest(entries);
    }

    byte[] toBytes() {
        StringBuilder b = new StringBuilder(64 + entries.size() * 160).append(HEADER).append('\n');
        entries.forEach((key, entry) -> {
            StoredContent c = entry.content();
            b.append(escape(key)).append('\t').append(escape(c.md5())).append('\t').append(c.size()).append('\t')
                    .append(escape(c.etag())).append('\t').append(entry.lastModified().getEpochSecond()).append('\t')
                    .append(escape(c.headers().contentType())).append('\t')
                    .append(escape(c.headers().cacheControl())).append('\n');
        });
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A field with {@code %}, tab, line feed and carriage return percent-encoded; null as empty. */
    static String escape(String field) {
        if (field == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            String code = switch (c) {
                case '%' -> "%25";
                case '\t' -> "%09";
                case '\n' -> "%0A";
                case '\r' -> "%0D";
                default -> null;
            };
            if (code != null && b == null) {
                b = new StringBuilder(field.length() + 8).append(field, 0, i);
            }
            if (b != null) {
                if (code != null) {
                    b.append(code);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? field : b.toString();
    }

    private static String unescape(String field, int line) throws ParseException {
        if (field.indexOf('%') < 0) {
            return field;
        }
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '%') {
                b.append(c);
                continue;
            }
            String code = i + 3 <= field.length() ? field.substring(i, i + 3) : field.substring(i);
            switch (code) {
                case "%25" -> b.append('%');
                case "%09" -> b.append('\t');
                case "%0A" -> b.append('\n');
                case "%0D" -> b.append('\r');
                default -> throw new ParseException("line " + line + " has a bad escape " + code, 0);
            }
            i += 2;
        }
        return b.toString();
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    /** What the object holds, if this manifest recorded it as the listing shows it now. */
    Optional<StoredContent> verified(ListedObject listed) {
        Entry entry = entries.get(listed.key());
        if (entry == null || !listed.readable()
                || !entry.content().etag().equals(listed.etag())
                || entry.content().size() != listed.size()
                || !entry.lastModified().equals(seconds(listed.lastModified()))) {
            return Optional.empty();
        }
        return Optional.of(entry.content());
    }

    int size() {
        return entries.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && entries.equals(m.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** Listings and HEAD responses may time the same write to the millisecond or to the second. */
    private static Instant seconds(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS);
    }
}
