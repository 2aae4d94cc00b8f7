package dev.edgesite.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HelpIT {
    @Test
    void helpListsTheGoals() {
        MavenBuild.Result result = MavenBuild.of("minimal").run("edgesite:help");

        assertTrue(result.success(), result.log());
        for (String goal : new String[] {"edgesite:plan", "edgesite:provision", "edgesite:help"}) {
            assertTrue(result.log().contains(goal), goal + " in:\n" + result.log());
        }
    }
}
