package dev.edgesite.core.sync;

import dev.edgesite.core.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the core logs, each line prefixed with its level. */
final class RecordingLog implements Log {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void debug(String message) {
        lines.add("DEBUG " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean has(String fragment) {
        return lines.stream().anyMatch(l -> l.contains(fragment));
    }
}
