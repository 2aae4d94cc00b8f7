package dev.edgesite.core.sync;

import dev.edgesite.core.settings.Previews;
import java.nio.file.Path;
import java.util.List;

/**
 * The site has files under {@code _previews/}, the part of the bucket where previews live: the main site never
 * serves a key there, so such files could never be reached, and a preview's could be overwritten. Refused before
 * anything is written.
 */
public final class ReservedKeysException extends SyncRefusedException {
    private final Path directory;
    private final List<String> keys;

    ReservedKeysException(Path directory, List<String> keys) {
        super("The site directory " + directory + " has " + keys.size() + " file(s) under " + Previews.KEY_PREFIX
                + " (" + String.join(", ", keys.subList(0, Math.min(5, keys.size()))) + (keys.size() > 5 ? ", ..." : "")
                + "), where the bucket keeps the preview sites, so nothing was synced. Rename the folder "
                + Previews.KEY_PREFIX + " at the root of the site (<siteDirectory>, edgesite.siteDirectory).");
        this.directory = directory;
        this.keys = List.copyOf(keys);
    }

    public Path directory() {
        return directory;
    }

    public List<String> keys() {
        return keys;
    }
}
