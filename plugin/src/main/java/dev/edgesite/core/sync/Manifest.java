package dev.edgesite.core.sync;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
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
    static final String KEY = ".edgesite/manifest.json";
    private static final long FORMAT = 1;

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
            if (content != null && content.etag().equals(listed.etag()) && content.size() == listed.size()) {
                entries.put(listed.key(), new Entry(content, seconds(listed.lastModified())));
            }
        }
        return new Manifest(entries);
    }

    static Manifest parse(byte[] json) throws ParseException {
        Map<String, Object> root = JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8));
        if (JSONObjectUtils.getLong(root, "format") != FORMAT) {
            throw new ParseException("unknown manifest format " + root.get("format"), 0);
        }
        Map<String, Object> objects = JSONObjectUtils.getJSONObject(root, "objects");
        Map<String, Entry> entries = new TreeMap<>();
        for (String key : objects.keySet()) {
            Map<String, Object> o = JSONObjectUtils.getJSONObject(objects, key);
            StoredContent content = new StoredContent(
                    JSONObjectUtils.getString(o, "md5"),
                    JSONObjectUtils.getLong(o, "size"),
                    JSONObjectUtils.getString(o, "etag"),
                    new ObjectHeaders(JSONObjectUtils.getString(o, "contentType"),
                            JSONObjectUtils.getString(o, "cacheControl")));
            entries.put(key, new Entry(content, instant(JSONObjectUtils.getString(o, "lastModified"))));
        }
        return new Manifest(entries);
    }

    byte[] toJson() {
        Map<String, Object> objects = new LinkedHashMap<>();
        entries.forEach((key, entry) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("md5", entry.content().md5());
            o.put("size", entry.content().size());
            o.put("etag", entry.content().etag());
            o.put("lastModified", entry.lastModified().toString());
            o.put("contentType", entry.content().headers().contentType());
            o.put("cacheControl", entry.content().headers().cacheControl());
            objects.put(key, o);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("objects", objects);
        return JSONObjectUtils.toJSONString(root).getBytes(StandardCharsets.UTF_8);
    }

    /** What the object holds, if this manifest recorded it as the listing shows it now. */
    Optional<StoredContent> verified(ListedObject listed) {
        Entry entry = entries.get(listed.key());
        if (entry == null
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

    private static Instant instant(String text) throws ParseException {
        if (text == null) {
            throw new ParseException("an entry has no lastModified", 0);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ParseException("bad lastModified " + text, 0);
        }
    }
}
