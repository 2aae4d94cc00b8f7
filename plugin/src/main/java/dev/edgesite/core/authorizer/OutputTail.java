package dev.edgesite.core.authorizer;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a process wrote, to explain why it stopped. */
final class OutputTail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    OutputTail(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    synchronized String text() {
        return String.join(System.lineSeparator(), lines);
    }
}
