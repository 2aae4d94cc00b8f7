package dev.edgesite.testbed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.edgesite.core.Log;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The one log tests hand the core: it keeps every line with its level, from any thread (the server's handlers,
 * node's stderr reader), to assert on what was said and what must never be. A line reads {@code LEVEL message}
 * ({@code WARN bob@example.org is outside ...}), so a fragment a test looks for may name the level.
 */
public final class RecordingLog implements Log {
    public enum Level { DEBUG, INFO, WARN }

    public record Line(Level level, String message) {
        @Override
        public String toString() {
            return level + " " + message;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        record(Level.INFO, message);
    }

    @Override
    public void debug(String message) {
        record(Level.DEBUG, message);
    }

    @Override
    public void warn(String message) {
        record(Level.WARN, message);
    }

    private void record(Level level, String message) {
        lines.add(new Line(level, message));
        synchronized (this) {
            notifyAll();
        }
    }

    /** Every line so far, oldest first. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<String> infos() {
        return messages(Level.INFO);
    }

    public List<String> warnings() {
        return messages(Level.WARN);
    }

    public List<String> debugs() {
        return messages(Level.DEBUG);
    }

    private List<String> messages(Level level) {
        return lines.stream().filter(l -> l.level() == level).map(Line::message).toList();
    }

    /** Whether a line ({@code LEVEL message}) contains {@code text}. */
    public boolean contains(String text) {
        return count(text) > 0;
    }

    /** How many lines ({@code LEVEL message}) contain {@code text}. */
    public long count(String text) {
        return lines.stream().filter(l -> l.toString().contains(text)).count();
    }

    /** The lines, one a line: for assertion messages. */
    public String text() {
        return lines.stream().map(Line::toString).collect(Collectors.joining("\n"));
    }

    public void clear() {
        lines.clear();
    }

    /** Waits up to five seconds for a line containing {@code text} (one logged from another thread) and returns it. */
    public Line awaitLine(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        synchronized (this) {
            while (true) {
                for (Line line : lines) {
                    if (line.toString().contains(text)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no log line contains '" + text + "'; the log has:\n" + text());
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return fail("interrupted waiting for a log line containing '" + text + "'");
                }
            }
        }
    }

    /** Fails when a line shows {@code secret}, naming {@code what} it is. */
    public void assertNoneContains(String what, String secret) {
        for (Line line : lines) {
            assertFalse(line.message().contains(secret), () -> "the log shows " + what + ": " + line);
        }
    }
}
