package dev.edgesite.core.provision;

import java.util.List;

/**
 * The stack has two or more resources where it should have one (left by creates whose answers were lost, or
 * by an older edgesite), and an extra one holds something (users, identity providers) that deleting it would
 * lose: provision changes nothing until someone chooses. The message names every id and the way to choose.
 */
public final class DuplicatesException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> ids;

    DuplicatesException(String message, List<String> ids) {
        super(message);
        this.ids = List.copyOf(ids);
    }

    /** The duplicates' ids, the one the stack uses first. */
    public List<String> ids() {
        return ids;
    }
}
