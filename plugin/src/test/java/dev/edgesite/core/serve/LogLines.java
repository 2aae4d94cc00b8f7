package dev.edgesite.core.serve;

import dev.edgesite.core.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log that keeps its lines, warnings prefixed {@code WARN }. */
final class LogLines implements Log {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add(message);
    }

    @Override
    public void debug(String message) {}

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    long count(String fragment) {
        return lines.stream().filter(line -> line.contains(fragment)).count();
    }
}
