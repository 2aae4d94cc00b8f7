package dev.edgesite.authorizer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.edgesite.core.Log;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log that keeps every line, to assert on what the authorizer logged and what it must not. */
final class RecordingLog implements Log {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add(message);
    }

    @Override
    public void debug(String message) {
        lines.add(message);
    }

    @Override
    public void warn(String message) {
        lines.add(message);
    }

    /** Waits for a line containing {@code text}: node's stderr arrives on its own thread. */
    String awaitLine(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (line.contains(text)) {
                    return line;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("no log line contains '" + text + "'; the log has " + lines);
    }

    void assertNoneContains(String what, String secret) {
        for (String line : lines) {
            assertFalse(line.contains(secret), () -> "the log shows " + what + ": " + line);
        }
    }
}
