package dev.edgesite.core.sync;

import java.time.Duration;
import java.util.Locale;

/** Sizes, rates and durations as people read them in a log. */
final class Units {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {}

    static String bytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < BINARY.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, BINARY[unit]);
    }

    static String rate(long bytes, Duration elapsed) {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return bytes((long) (bytes / seconds)) + "/s";
    }

    static String duration(Duration d) {
        if (d.toSeconds() < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
