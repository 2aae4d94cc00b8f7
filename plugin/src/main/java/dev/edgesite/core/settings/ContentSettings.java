package dev.edgesite.core.settings;

import dev.edgesite.core.sync.InvalidationOptions;
import dev.edgesite.core.sync.SyncOptions;
import java.util.List;

/**
 * How the content goals (sync, invalidate, deploy) behave, as validated by
 * {@link ContentSettingsValidator}.
 *
 * @param invalidatePaths URL paths the invalidate goal invalidates instead of what the last sync changed; empty
 *     for what the last sync changed
 */
public record ContentSettings(SyncOptions sync, InvalidationOptions invalidation, List<String> invalidatePaths) {
    public ContentSettings {
        invalidatePaths = List.copyOf(invalidatePaths);
    }
}
