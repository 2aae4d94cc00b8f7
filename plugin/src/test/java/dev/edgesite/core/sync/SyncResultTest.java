package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncResultTest {
    private final SyncResult result = new SyncResult("site-bucket", false, List.of("docs/index.html", "a b.css"),
            List.of("img/x.png"), List.of("old.html"), 40, 1234, Duration.ofMillis(2500));

    @Test
    void changedPathsAreTheUrlPathsOfEveryUploadFixAndDelete() {
        assertEquals(List.of("/a%20b.css", "/docs/index.html", "/img/x.png", "/old.html"), result.changedPaths());
        assertTrue(result.changed());
        assertFalse(new SyncResult("b", false, List.of(), List.of(), List.of(), 3, 0, Duration.ZERO).changed());
    }

    @Test
    void roundTripsThroughJsonWithTheChangedPathsForPeople() throws Exception {
        String json = result.toJson();

        assertEquals(result, SyncResult.fromJson(json));
        assertEquals(result.changedPaths(), JSONObjectUtils.getStringList(JSONObjectUtils.parse(json), "changedPaths"));
    }
}
