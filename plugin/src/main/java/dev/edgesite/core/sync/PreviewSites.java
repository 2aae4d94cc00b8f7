package dev.edgesite.core.sync;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.settings.Previews;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The preview sites in a stack's bucket. A preview is its content under {@code _previews/<name>/} and its marker
 * {@code _previews/<name>.json}, which says when it was last deployed. The marker lies outside every preview's
 * prefix, so neither a preview nor the main site can serve it; it is written last by a deploy and deleted last by a
 * removal, so a removal that stopped partway leaves the preview listed, and running it again finishes it.
 */
public final class PreviewSites {
    static final String MARKER_CONTENT_TYPE = "application/json";
    private static final String DELIMITER = "/";

    /**
     * A preview as the bucket holds it.
     *
     * @param files its objects, but the tool's own manifest
     * @param lastDeploy the marker's time, else the newest object's; null when neither tells
     */
    public record Preview(String name, long files, long bytes, Instant lastDeploy) {
        public String keyPrefix() {
            return Previews.keyPrefix(name);
        }

        /** How long ago it was last deployed; null when that is not known. */
        public Duration age(Instant now) {
            return lastDeploy == null ? null : Duration.between(lastDeploy, now);
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("files", files);
            json.put("bytes", bytes);
            json.put("lastDeploy", lastDeploy == null ? null : lastDeploy.toString());
            return json;
        }
    }

    private final SiteBucket bucket;

    /** @param bucket the whole bucket, not a prefixed view of it */
    public PreviewSites(SiteBucket bucket) {
        this.bucket = bucket;
    }

    /** Every preview in the bucket, by name: each prefix under {@code _previews/}, and each marker without one. */
    public List<Preview> list() {
        TreeSet<String> names = new TreeSet<>();
        String token = null;
        do {
            ListingPage page = bucket.listPage(Previews.KEY_PREFIX, DELIMITER, null, token);
            for (String prefix : page.commonPrefixes()) {
                names.add(prefix.substring(Previews.KEY_PREFIX.length(), prefix.length() - DELIMITER.length()));
            }
            for (ListedObject o : page.objects()) {
                String name = Previews.nameOf(o.key());
                if (o.key().equals(Previews.markerKey(name))) {
                    names.add(name);
                }
            }
            token = page.nextToken();
        } while (token != null);
        List<Preview> previews = new ArrayList<>();
        for (String name : names) {
            previews.add(read(name, bucket.read(Previews.markerKey(name)), contents(name)));
        }
        return previews;
    }

    /** The preview, or empty when the bucket has neither content nor a marker of it. */
    public Optional<Preview> find(String name) {
        Optional<byte[]> marker = bucket.read(Previews.markerKey(name));
        List<ListedObject> contents = contents(name);
        return contents.isEmpty() && marker.isEmpty() ? Optional.empty() : Optional.of(read(name, marker, contents));
    }

    /** Writes the preview's marker: deployed now, with what its prefix holds now. */
    public Preview mark(String name, Instant now) {
        Preview listed = read(name, Optional.empty(), contents(name));
        Preview preview = new Preview(name, listed.files(), listed.bytes(), now);
        Map<String, Object> json = preview.json();
        json.put("deployedAt", now.toString());
        json.remove("lastDeploy");
        bucket.write(Previews.markerKey(name), JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8),
                MARKER_CONTENT_TYPE);
        return preview;
    }

    /** Deletes the preview's content, then its marker. */
    public void remove(String name) {
        List<String> keys = contents(name).stream().map(ListedObject::key).toList();
        if (!keys.isEmpty()) {
            bucket.delete(keys);
        }
        bucket.delete(List.of(Previews.markerKey(name)));
    }

    /** Every object under the preview's prefix, reading every page. */
    private List<ListedObject> contents(String name) {
        List<ListedObject> objects = new ArrayList<>();
        String token = null;
        do {
            ListingPage page = bucket.listPage(Previews.keyPrefix(name), null, null, token);
            objects.addAll(page.objects());
            token = page.nextToken();
        } while (token != null);
        return objects;
    }

    /** What the preview's prefix holds, and when it was last deployed: by its marker, else its newest object. */
    private static Preview read(String name, Optional<byte[]> marker, List<ListedObject> contents) {
        String manifest = Previews.keyPrefix(name) + RemoteState.RESERVED_PREFIX;
        long files = 0;
        long bytes = 0;
        Instant newest = null;
        for (ListedObject o : contents) {
            if (o.key().startsWith(manifest)) {
                continue;
            }
            files++;
            bytes += Math.max(0, o.size());
            if (o.lastModified() != null && (newest == null || o.lastModified().isAfter(newest))) {
                newest = o.lastModified();
            }
        }
        Instant deployed = deployedAt(marker);
        return new Preview(name, files, bytes, deployed != null ? deployed : newest);
    }

    /** The marker's time, or null when it is missing or unreadable. */
    private static Instant deployedAt(Optional<byte[]> marker) {
        if (marker.isEmpty()) {
            return null;
        }
        try {
            String at = JSONObjectUtils.getString(JSONObjectUtils.parse(new String(marker.get(), StandardCharsets.UTF_8)),
                    "deployedAt");
            return at == null ? null : Instant.parse(at);
        } catch (ParseException | DateTimeException e) {
            return null;
        }
    }

    /** The previews as JSON for {@code previews.json}. */
    static String toJson(String bucket, Instant now, List<Preview> previews, Function<String, String> url) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bucket", bucket);
        json.put("listedAt", now.toString());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Preview p : previews) {
            Map<String, Object> entry = p.json();
            entry.put("url", url.apply(p.name()));
            Duration age = p.age(now);
            entry.put("ageDays", age == null ? null : age.toDays());
            list.add(entry);
        }
        json.put("previews", list);
        return JSONObjectUtils.toJSONString(json);
    }
}
