package dev.edgesite.core.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MD5s of the site's files from earlier syncs, kept beside sync.json, so that a sync of files that
 * did not change reads none of them. An MD5 is reused only for the very same file: same size, same
 * modification time to the nanosecond, same file (inode) where the platform tells, and only when the file
 * had not been modified for {@link #SETTLED_MILLIS} before it was hashed: a file written again within the
 * same tick of a coarse clock could otherwise keep its time and size with other bytes. Anything else, and
 * any problem with the cache file, means hashing the file again.
 */
final class HashCache {
    static final long SETTLED_MILLIS = 2_000;
    private static final String HEADER = "edgesite-hashes\t1";

    private record Entry(long size, long modifiedNanos, String fileKey, long hashedAtMillis, String md5) {}

    private final Map<String, Entry> known;
    private final Map<String, Entry> current = new ConcurrentHashMap<>();

    private HashCache(Map<String, Entry> known) {
        this.known = known;
    }

    /** The cache in the file, or an empty one when there is none or it cannot be read. */
    static HashCache read(Path file) {
        Map<String, Entry> entries = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                return new HashCache(Map.of());
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (f.length == 6) {
                    entries.put(f[0], new Entry(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3].isEmpty() ? null : f[3],
                            Long.parseLong(f[4]), f[5]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new HashCache(Map.of());
        }
        return new HashCache(entries);
    }

    /** The file's MD5 from an earlier sync, or null when the file must be hashed. */
    String md5(SiteFile file) {
        Entry e = known.get(file.key());
        if (e == null || file.modifiedNanos() == SiteFile.UNKNOWN || e.size() != file.size()
                || e.modifiedNanos() != file.modifiedNanos() || !java.util.Objects.equals(e.fileKey(), file.fileKey())
                || file.modifiedNanos() / 1_000_000 + SETTLED_MILLIS >= e.hashedAtMillis()) {
            return null;
        }
        current.put(file.key(), e);
        return e.md5();
    }

    /** Records the MD5 of a file read from {@code hashedAtMillis} on (taken before it was opened). */
    void put(SiteFile file, String md5, long hashedAtMillis) {
        if (file.modifiedNanos() != SiteFile.UNKNOWN) {
            current.put(file.key(), new Entry(file.size(), file.modifiedNanos(), file.fileKey(), hashedAtMillis, md5));
        }
    }

    /** Writes the files of this sync (and only those) to the cache file, replacing it whole. */
    void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder(64 + current.size() * 120).append(HEADER).append('\n');
        current.forEach((key, e) -> b.append(key).append('\t').append(e.size()).append('\t').append(e.modifiedNanos())
                .append('\t').append(e.fileKey() == null ? "" : e.fileKey()).append('\t').append(e.hashedAtMillis())
                .append('\t').append(e.md5()).append('\n'));
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".hashes", ".tmp");
        try {
            Files.writeString(temp, b, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
