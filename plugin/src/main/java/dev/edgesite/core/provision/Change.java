package dev.edgesite.core.provision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What provision does, or would do, to one resource.
 *
 * @param resource the kind, e.g. "S3 bucket"
 * @param name the resource's name or id ("(new)" when it does not exist yet)
 * @param action create, update, delete (a duplicate that holds nothing), refuse (a duplicate that holds users or
 *     identity providers: provision stops until someone chooses) or unchanged
 * @param fields for an update, the fields that change; for a duplicate, what tells it apart
 */
public record Change(String resource, String name, Action action, List<String> fields) {
    public enum Action {
        CREATE, UPDATE, DELETE, REFUSE, UNCHANGED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Change {
        fields = List.copyOf(fields);
    }

    public static Change create(String resource, String name) {
        return new Change(resource, name, Action.CREATE, List.of());
    }

    public static Change update(String resource, String name, List<String> fields) {
        return fields.isEmpty() ? unchanged(resource, name) : new Change(resource, name, Action.UPDATE, fields);
    }

    /** A duplicate provision deletes: it holds nothing. */
    public static Change delete(String resource, String name, List<String> details) {
        return new Change(resource, name, Action.DELETE, details);
    }

    /** A duplicate provision will not delete, because it holds something: someone must choose. */
    public static Change refuse(String resource, String name, List<String> details) {
        return new Change(resource, name, Action.REFUSE, details);
    }

    public static Change unchanged(String resource, String name) {
        return new Change(resource, name, Action.UNCHANGED, List.of());
    }

    public boolean writes() {
        return action != Action.UNCHANGED;
    }

    /** One line for the log: {@code create  S3 bucket docs-site-123} or {@code update ... (fields)}. */
    public String describe() {
        String line = String.format("%-9s %s %s", action.label(), resource, name);
        return fields.isEmpty() ? line : line + " (" + String.join(", ", fields) + ")";
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", resource);
        m.put("name", name);
        m.put("action", action.label());
        if (!fields.isEmpty()) {
            m.put("fields", fields);
        }
        return m;
    }
}
