package dev.edgesite.core.provision;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every resource of the stack with what provision does to it, in provisioning order. */
public record Plan(String stack, List<Change> changes) {
    public static final String FILE = "plan.json";

    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean unchanged() {
        return changes.stream().noneMatch(Change::writes);
    }

    public long count(Change.Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    public String summary() {
        String line = String.format("%d to create, %d to update, %d unchanged", count(Change.Action.CREATE),
                count(Change.Action.UPDATE), count(Change.Action.UNCHANGED));
        long deletes = count(Change.Action.DELETE);
        long refusals = count(Change.Action.REFUSE);
        if (deletes > 0) {
            line += ", " + deletes + " duplicate(s) to delete";
        }
        if (refusals > 0) {
            line += ", " + refusals + " duplicate(s) to choose between (provision stops until you do)";
        }
        return line;
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stack", stack);
        m.put("changes", changes.stream().map(Change::toMap).toList());
        return JSONObjectUtils.toJSONString(m);
    }
}
