package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {
    private static final String MD5 = "0cc175b9c0f1b6a831c399e269772661";
    private static final long MODIFIED = 1_795_497_646_235_789_550L;
    private static final long LONG_AFTER = MODIFIED / 1_000_000 + HashCache.SETTLED_MILLIS + 1;

    @TempDir
    Path dir;

    @Test
    void reusesAnMd5OnlyForTheSameSettledFile() throws IOException {
        SiteFile file = file("a.html", 10, MODIFIED, "(dev=1,ino=2)");
        HashCache first = HashCache.read(dir.resolve("none.tsv"));
        assertNull(first.md5(file), "an empty cache knows nothing");
        first.put(file, MD5, LONG_AFTER);
        first.write(dir.resolve("hashes.tsv"));

        HashCache cache = HashCache.read(dir.resolve("hashes.tsv"));

        assertEquals(MD5, cache.md5(file));
        assertNull(cache.md5(file("a.html", 11, MODIFIED, "(dev=1,ino=2)")), "another size");
        assertNull(cache.md5(file("a.html", 10, MODIFIED + 1, "(dev=1,ino=2)")), "modified a nanosecond later");
        assertNull(cache.md5(file("a.html", 10, MODIFIED, "(dev=1,ino=3)")), "another file put in its place");
        assertNull(cache.md5(file("b.html", 10, MODIFIED, "(dev=1,ino=2)")), "another key");
        assertNull(cache.md5(new SiteFile("a.html", 10, ContentSource.of(new byte[10]))), "a file made in memory");
    }

    @Test
    void aFileHashedRightAfterItWasWrittenIsHashedAgainNextTime() throws IOException {
        SiteFile file = file("a.html", 10, MODIFIED, null);
        HashCache first = HashCache.read(dir.resolve("none.tsv"));
        first.put(file, MD5, MODIFIED / 1_000_000 + HashCache.SETTLED_MILLIS - 1);
        first.write(dir.resolve("hashes.tsv"));

        assertNull(HashCache.read(dir.resolve("hashes.tsv")).md5(file),
                "written again within the same tick of a coarse clock, it could keep its time and size");
    }

    @Test
    void keepsOnlyTheFilesOfTheLastSync() throws IOException {
        HashCache first = HashCache.read(dir.resolve("none.tsv"));
        first.put(file("gone.html", 1, MODIFIED, null), MD5, LONG_AFTER);
        first.put(file("kept.html", 1, MODIFIED, null), MD5, LONG_AFTER);
        first.write(dir.resolve("hashes.tsv"));
        HashCache second = HashCache.read(dir.resolve("hashes.tsv"));
        assertEquals(MD5, second.md5(file("kept.html", 1, MODIFIED, null)));
        second.write(dir.resolve("hashes.tsv"));

        HashCache third = HashCache.read(dir.resolve("hashes.tsv"));

        assertEquals(MD5, third.md5(file("kept.html", 1, MODIFIED, null)));
        assertNull(third.md5(file("gone.html", 1, MODIFIED, null)));
    }

    @Test
    void anUnreadableCacheIsAnEmptyOne() throws IOException {
        for (String text : List.of("", "edgesite-hashes\t9\n", "edgesite-hashes\t1\na.html\tten\t1\t\t1\tx\n", "garbage")) {
            Files.writeString(dir.resolve("hashes.tsv"), text);
            assertNull(HashCache.read(dir.resolve("hashes.tsv")).md5(file("a.html", 10, 1, null)), text);
        }
    }

    private static SiteFile file(String key, long size, long modifiedNanos, String fileKey) {
        return new SiteFile(key, size, () -> {
            throw new AssertionError("the cache never reads a file");
        }, modifiedNanos, fileKey);
    }
}
