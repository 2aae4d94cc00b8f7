package dev.edgesite.core.destroy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What destroy did to one resource, or for a dry run would do ({@link Status#WOULD_DELETE},
 * {@link Status#WOULD_REFUSE}).
 *
 * @param resource the kind, e.g. "S3 bucket"
 * @param name the resource's name or id
 * @param note why it was kept or is waiting, or what went with it; null when there is nothing to add
 */
public record Outcome(String resource, String name, Status status, String note) {
    public enum Status {
        DELETED("deleted"), KEPT("kept"), ABSENT("already absent"), WAITING("waiting"), FAILED("not deleted"),
        /** A dry run: a destroy would delete it. */
        WOULD_DELETE("would delete"),
        /** A dry run: a destroy would refuse to delete it (a user pool with users, without force), and so anything. */
        WOULD_REFUSE("would refuse");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static Outcome deleted(String resource, String name, String note) {
        return new Outcome(resource, name, Status.DELETED, note);
    }

    static Outcome kept(String resource, String name, String why) {
        return new Outcome(resource, name, Status.KEPT, why);
    }

    static Outcome absent(String resource, String name) {
        return new Outcome(resource, name, Status.ABSENT, null);
    }

    /** AWS failed to answer (throttled, 5xx, unreachable) even after the SDK's retries: a later run tries again. */
    static Outcome failed(String resource, String name, String why) {
        return new Outcome(resource, name, Status.FAILED, why);
    }

    static Outcome waiting(String resource, String name, String why) {
        return new Outcome(resource, name, Status.WAITING, why);
    }

    static Outcome wouldDelete(String resource, String name, String note) {
        return new Outcome(resource, name, Status.WOULD_DELETE, note);
    }

    static Outcome wouldRefuse(String resource, String name, String why) {
        return new Outcome(resource, name, Status.WOULD_REFUSE, why);
    }

    /** One line for the log: {@code deleted   S3 bucket docs-site-123 (42 objects)}. */
    public String describe() {
        String line = String.format("%-14s %s %s", status.label(), resource, name);
        return note == null ? line : line + " (" + note + ")";
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", resource);
        m.put("name", name);
        m.put("status", status.name().toLowerCase(Locale.ROOT));
        if (note != null) {
            m.put("note", note);
        }
        return m;
    }
}
