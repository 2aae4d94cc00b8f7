package dev.edgesite.core.destroy;

import dev.edgesite.core.Log;
import java.util.ArrayList;
import java.util.List;

/** The outcomes of one destroy run, each logged as it is known: waiting, failed and refused ones as warnings. */
final class Outcomes {
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Log log;

    Outcomes(Log log) {
        this.log = log;
    }

    void record(Outcome outcome) {
        outcomes.add(outcome);
        if (outcome.status() == Outcome.Status.WAITING || outcome.status() == Outcome.Status.FAILED
                || outcome.status() == Outcome.Status.WOULD_REFUSE) {
            log.warn(outcome.describe());
        } else {
            log.info(outcome.describe());
        }
    }

    List<Outcome> list() {
        return List.copyOf(outcomes);
    }
}
