package dev.edgesite.core.destroy;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Every resource of the stack with what destroy did to it, in the order it went: {@code destroy.json}. */
public record DestroyReport(String stack, List<Outcome> outcomes) {
    public DestroyReport {
        outcomes = List.copyOf(outcomes);
    }

    public long count(Outcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** Whether a later destroy has something left to delete. */
    public boolean complete() {
        return count(Outcome.Status.WAITING) == 0 && count(Outcome.Status.FAILED) == 0;
    }

    public List<Outcome> waiting() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.WAITING).toList();
    }

    /** What AWS did not let destroy delete this time (faults that outlasted the SDK's retries). */
    public List<Outcome> failed() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.FAILED).toList();
    }

    public String summary() {
        return "Stack " + stack + ": " + Arrays.stream(Outcome.Status.values())
                .map(s -> count(s) + " " + s.label())
                .collect(Collectors.joining(", "));
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stack", stack);
        m.put("complete", complete());
        m.put("resources", outcomes.stream().map(Outcome::toMap).toList());
        return JSONObjectUtils.toJSONString(m);
    }
}
