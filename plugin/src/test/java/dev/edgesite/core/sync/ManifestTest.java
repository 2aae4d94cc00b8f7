package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final Instant T = Instant.parse("2025-01-02T03:04:05Z");
    private static final ObjectHeaders HTML = new ObjectHeaders("text/html; charset=utf-8", "no-cache");
    private static final StoredContent A = new StoredContent("0cc175b9c0f1b6a831c399e269772661", 1,
            "0cc175b9c0f1b6a831c399e269772661", HTML);
    private static final StoredContent B = new StoredContent("92eb5ffee6ae2fec3ad71c777531578f", 7 << 20,
            "3858f62230ac3c915f300c664312c11f-2", HTML);

    @Test
    void recordsOnlyObjectsThatHoldWhatWasExpected() {
        Manifest manifest = Manifest.of(List.of(
                        new ListedObject("a.html", A.etag(), 1, T),
                        new ListedObject("b.html", "someone-else", B.size(), T),
                        new ListedObject("c.html", A.etag(), 1, T)),
                Map.of("a.html", A, "b.html", B));

        assertEquals(1, manifest.size());
        assertEquals(Optional.of(A), manifest.verified(new ListedObject("a.html", A.etag(), 1, T)));
    }

    @Test
    void anEntryCountsOnlyWhileEtagSizeAndTimeAreAsRecorded() {
        Manifest manifest = Manifest.of(List.of(new ListedObject("b.mp4", B.etag(), B.size(), T)), Map.of("b.mp4", B));

        assertEquals(Optional.of(B), manifest.verified(new ListedObject("b.mp4", B.etag(), B.size(), T)));
        assertEquals(Optional.empty(), manifest.verified(new ListedObject("b.mp4", "other-2", B.size(), T)));
        assertEquals(Optional.empty(), manifest.verified(new ListedObject("b.mp4", B.etag(), 1, T)));
        assertEquals(Optional.empty(), manifest.verified(new ListedObject("b.mp4", B.etag(), B.size(), T.plusSeconds(1))));
        assertEquals(Optional.empty(), manifest.verified(new ListedObject("c.mp4", B.etag(), B.size(), T)));
    }

    @Test
    void timesCompareToTheSecondAsAHeadResponseGivesThem() {
        Manifest listed = Manifest.of(List.of(new ListedObject("a.html", A.etag(), 1, T.plusMillis(250))),
                Map.of("a.html", A));
        Manifest headed = Manifest.of(List.of(new ListedObject("a.html", A.etag(), 1, T)), Map.of("a.html", A));

        assertEquals(listed, headed);
        assertEquals(Optional.of(A), headed.verified(new ListedObject("a.html", A.etag(), 1, T.plusMillis(250))));
    }

    @Test
    void roundTripsThroughItsTextFormatWithEveryAwkwardCharacterEscaped() throws Exception {
        StoredContent odd = new StoredContent("0123456789abcdef0123456789abcdef", 3, "etag-2",
                new ObjectHeaders("text/plain; charset=utf-8", "max-age=60,\tmust-revalidate 100%"));
        StoredContent bare = new StoredContent(null, 0, "d41d8cd98f00b204e9800998ecf8427e", new ObjectHeaders(null, null));
        Manifest manifest = Manifest.of(List.of(new ListedObject("a.html", A.etag(), 1, T),
                        new ListedObject("docs/ü b%20.mp4", B.etag(), B.size(), T),
                        new ListedObject("odd.txt", odd.etag(), odd.size(), T),
                        new ListedObject("empty", bare.etag(), bare.size(), T)),
                Map.of("a.html", A, "docs/ü b%20.mp4", B, "odd.txt", odd, "empty", bare));

        byte[] bytes = manifest.toBytes();
        Manifest read = Manifest.parse(bytes);

        assertEquals(manifest, read);
        assertEquals(4, read.size());
        assertEquals(Optional.of(B), read.verified(new ListedObject("docs/ü b%20.mp4", B.etag(), B.size(), T)));
        assertEquals(Optional.of(odd), read.verified(new ListedObject("odd.txt", odd.etag(), odd.size(), T)));
        assertEquals(Optional.of(bare), read.verified(new ListedObject("empty", bare.etag(), bare.size(), T)));
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(5, text.lines().count(), "a line per object after the format line: " + text);
        assertTrue(text.contains("max-age=60,%09must-revalidate 100%25"), text);
    }

    @Test
    void anUnknownFormatOrABrokenLineIsAParseError() {
        assertThrows(ParseException.class, () -> Manifest.parse("{\"format\":1,\"objects\":{}}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ParseException.class, () -> Manifest.parse("edgesite-manifest\t3\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ParseException.class, () -> Manifest.parse("edgesite-manifest\t2\na.html\tmd5\t1\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertThrows(ParseException.class, () -> Manifest.parse("edgesite-manifest\t2\na\tm\tone\te\t0\t\t\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertThrows(ParseException.class, () -> Manifest.parse("edgesite-manifest\t2\na%zz\tm\t1\te\t0\t\t\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertTrue(Manifest.empty().verified(new ListedObject("a", "b", 1, T)).isEmpty());
    }
}
