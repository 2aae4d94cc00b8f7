package dev.edgesite.core.sync;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The site's objects in the bucket as one listing shows them, and what the manifest knows of them. */
final class RemoteState {
    /** Keys under this prefix are the tool's own, never site content. */
    static final String RESERVED_PREFIX = ".edgesite/";

    private final Map<String, ListedObject> objects = new LinkedHashMap<>();
    private final Manifest manifest;

    RemoteState(Collection<ListedObject> listing, Manifest manifest) {
        for (ListedObject o : listing) {
            if (!o.key().startsWith(RESERVED_PREFIX)) {
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
