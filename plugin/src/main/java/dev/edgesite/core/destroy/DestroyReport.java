package dev.edgesite.core.destroy;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every resource of the stack with what destroy did to it, or for a dry run would do, in the order it went:
 * {@code destroy.json}, marked {@code "dryRun": true} for a dry run.
 */
public record DestroyReport(String stack, boolean dryRun, List<Outcome> outcomes) {
    public DestroyReport {
        outcomes = List.copyOf(outcomes);
    }

    public long count(Outcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** Whether no later destroy has anything left to delete; a dry run that would delete something is not. */
    public boolean complete() {
        return count(Outcome.Status.WAITING) == 0 && count(Outcome.Status.FAILED) == 0
                && count(Outcome.Status.WOULD_DELETE) == 0 && count(Outcome.Status.WOULD_REFUSE) == 0;
    }

    public List<Outcome> waiting() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.WAITING).toList();
    }

    /** What AWS did not let destroy delete this time (faults that outlasted the SDK's retries). */
    public List<Outcome> failed() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.FAILED).toList();
    }

    /** What a dry run found destroy would refuse: a user pool with users, without force. */
    public List<Outcome> refused() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.WOULD_REFUSE).toList();
    }

    /** The count of each status the run can report, a dry run's own first. */
    public String summary() {
        List<Outcome.Status> shown = dryRun
                ? List.of(Outcome.Status.WOULD_DELETE, Outcome.Status.WOULD_REFUSE, Outcome.Status.KEPT,
                        Outcome.Status.ABSENT, Outcome.Status.WAITING, Outcome.Status.FAILED)
                : List.of(Outcome.Status.DELETED, Outcome.Status.KEPT, Outcome.Status.ABSENT, Outcome.Status.WAITING,
                        Outcome.Status.FAILED);
        return (dryRun ? "Dry run, nothing was deleted: stack " : "Stack ") + stack + ": "
                + shown.stream().map(s -> count(s) + " " + s.label()).collect(Collectors.joining(", "));
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stack", stack);
        m.put("dryRun", dryRun);
        m.put("complete", complete());
        m.put("resources", outcomes.stream().map(Outcome::toMap).toList());
        return JSONObjectUtils.toJSONString(m);
    }
}
