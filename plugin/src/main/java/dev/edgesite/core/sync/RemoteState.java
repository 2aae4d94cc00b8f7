package dev.edgesite.core.sync;

import dev.edgesite.core.settings.Previews;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The site's objects in the bucket as one listing shows them, and what the manifest knows of them. */
final class RemoteState {
    /** Keys under this prefix are the tool's own, never site content. */
    static final String RESERVED_PREFIX = ".edgesite/";

    /**
     * Whether the key is the tool's own or a preview's ({@code _previews/}): never the site's, so a sync never
     * compares it with a file, uploads it or deletes it.
     */
    static boolean reserved(String key) {
        return key.startsWith(RESERVED_PREFIX) || key.startsWith(Previews.KEY_PREFIX);
    }

    private final Map<String, ListedObject> objects = new LinkedHashMap<>();
    private final Manifest manifest;

    RemoteState(Collection<ListedObject> listing, Manifest manifest) {
        for (ListedObject o : listing) {
            if (!reserved(o.key())) {
                objects.put(o.key(), o);
            }
        }
        this.manifest = manifest;
    }

    Optional<ListedObject> listed(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    Optional<StoredContent> known(String key) {
        return listed(key).flatMap(manifest::verified);
    }

    Collection<ListedObject> objects() {
        return Collections.unmodifiableCollection(objects.values());
    }

    Manifest manifest() {
        return manifest;
    }
}
