package dev.edgesite.core.sync;

import java.util.List;

/** Some file names cannot become object keys a browser can reach; each entry says which and why. */
public final class InvalidFileNamesException extends SyncRefusedException {
    private final List<String> problems;

    InvalidFileNamesException(List<String> problems) {
        super("The site has " + problems.size() + " file name(s) that cannot be published, nothing was synced: "
                + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                + (problems.size() > 10 ? "; ..." : ""));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
