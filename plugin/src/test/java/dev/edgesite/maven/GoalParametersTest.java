package dev.edgesite.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.edgesite_maven_plugin.HelpMojo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/**
 * What {@code mvn edgesite:help -Ddetail} shows, goal by goal: exactly the parameters the goal reads, each
 * with its {@code edgesite.*} property and default, and for a block ({@code <sync>}, {@code <auth>} ...) the
 * properties of the fields that goal reads and of no other. A parameter added to a goal that does not read it,
 * or left off one that does, fails here.
 */
@MojoTest
class GoalParametersTest {
    /** A parameter as help shows it: its property and default, or for a block the field properties it names. */
    private record Shown(String property, String defaultValue, String description) {
    }

    private static final String DEFAULTS = "src/test/resources/unit/defaults/pom.xml";
    private static final Pattern GOAL = Pattern.compile("^edgesite:(\\S+)$");
    private static final Pattern PARAMETER = Pattern.compile("^    (\\w+)(?: \\(Default: (.*)\\))?$");
    private static final Pattern PROPERTY = Pattern.compile("^      User property: (\\S+)$");
    private static final Pattern FIELD_PROPERTY = Pattern.compile("edgesite\\.(?:auth|sync|invalidate|serve|previews)\\.\\w+"
            + "|edgesite\\.idp");

    private static final Map<String, String> STACK = Map.of(
            "stack", "edgesite.stack=${project.artifactId}",
            "region", "edgesite.region=us-east-1",
            "profile", "edgesite.profile=",
            "endpoint", "edgesite.endpoint=",
            "skip", "edgesite.skip=false");
    private static final Map<String, String> RESOURCES = Map.of(
            "domain", "edgesite.domain=",
            "service", "edgesite.service=",
            "aliases", "edgesite.aliases=",
            "functionName", "edgesite.functionName=",
            "bucket", "edgesite.bucket=",
            "certificateArn", "edgesite.certificateArn=",
            "previews", "",
            "outputDirectory", "edgesite.outputDirectory=${project.build.directory}/edgesite");
    private static final String DRY_RUN = "edgesite.dryRun=false";
    private static final String SITE = "edgesite.siteDirectory=${project.build.directory}/site";
    private static final List<String> SYNC_BLOCK = List.of("edgesite.sync.allowDeletes", "edgesite.sync.concurrency",
            "edgesite.sync.delete", "edgesite.sync.maxDeletes");
    private static final List<String> PREVIEWS_BLOCK = List.of("edgesite.previews.enabled",
            "edgesite.previews.maxAgeDays");
    private static final List<String> AUTH_BLOCK = List.of("edgesite.auth.allowAnyone",
            "edgesite.auth.allowedEmailDomains", "edgesite.auth.allowedGroups", "edgesite.auth.cognitoLogin",
            "edgesite.auth.forbiddenPage", "edgesite.auth.logo", "edgesite.auth.publicPaths",
            "edgesite.auth.selfSignUp", "edgesite.auth.spa");

    private String help;

    @Test
    @InjectMojo(goal = "help", pom = DEFAULTS)
    @MojoParameter(name = "detail", value = "true")
    void helpShowsPerGoalExactlyTheParametersItReads(HelpMojo mojo) throws Exception {
        Map<String, Map<String, Shown>> goals = goals(run(mojo));

        assertGoal(goals, "provision", with(STACK, RESOURCES, Map.of("dryRun", DRY_RUN, "siteDirectory", SITE,
                "priceClass", "edgesite.priceClass=PriceClass_100", "auth", "")),
                Map.of("auth", AUTH_BLOCK, "previews", PREVIEWS_BLOCK));
        assertGoal(goals, "plan", with(STACK, RESOURCES, Map.of("siteDirectory", SITE,
                "priceClass", "edgesite.priceClass=PriceClass_100", "auth", "")),
                Map.of("auth", AUTH_BLOCK, "previews", PREVIEWS_BLOCK));
        assertGoal(goals, "destroy", with(STACK, RESOURCES, Map.of("dryRun", DRY_RUN, "confirm", "edgesite.confirm=",
                "keepBucket", "edgesite.keepBucket=false", "force", "edgesite.force=false")),
                Map.of("previews", PREVIEWS_BLOCK));
        assertGoal(goals, "policy", with(STACK, RESOURCES, Map.of("account", "edgesite.account=")),
                Map.of("previews", PREVIEWS_BLOCK));
        Map<String, String> publishing = Map.of("bucket", "edgesite.bucket=", "dryRun", DRY_RUN,
                "outputDirectory", "edgesite.outputDirectory=${project.build.directory}/edgesite");
        Map<String, String> upload = Map.of("siteDirectory", SITE, "indexExample", "edgesite.indexExample=false",
                "sync", "");
        assertGoal(goals, "sync", with(STACK, publishing, upload), Map.of("sync", SYNC_BLOCK));
        assertGoal(goals, "deploy", with(STACK, publishing, upload, Map.of("invalidate", "",
                "preview", "edgesite.preview=", "domain", "edgesite.domain=", "service", "edgesite.service=",
                "previews", "")), Map.of(
                "sync", SYNC_BLOCK,
                "invalidate", List.of("edgesite.invalidate.maxPaths", "edgesite.invalidate.wait"),
                "previews", PREVIEWS_BLOCK));
        assertGoal(goals, "previews", with(STACK, Map.of("bucket", "edgesite.bucket=",
                "domain", "edgesite.domain=", "service", "edgesite.service=",
                "outputDirectory", "edgesite.outputDirectory=${project.build.directory}/edgesite")), Map.of());
        assertGoal(goals, "remove-preview", with(STACK, publishing, Map.of("preview", "edgesite.preview=")),
                Map.of());
        assertGoal(goals, "invalidate", with(STACK, publishing, Map.of("invalidate", "")), Map.of("invalidate",
                List.of("edgesite.invalidate.maxPaths", "edgesite.invalidate.paths", "edgesite.invalidate.wait")));
        assertGoal(goals, "invite", with(STACK, Map.of("dryRun", DRY_RUN, "email", "edgesite.email=",
                "groups", "edgesite.groups=", "auth", "")), Map.of("auth",
                List.of("edgesite.auth.allowedEmailDomains", "edgesite.auth.allowedGroups")));
        assertGoal(goals, "serve", with(STACK, Map.of("siteDirectory", SITE, "auth", "", "sync", "", "serve", "",
                "preview", "edgesite.preview=")),
                Map.of("auth", List.of("edgesite.auth.allowAnyone", "edgesite.auth.allowedEmailDomains",
                                "edgesite.auth.allowedGroups", "edgesite.auth.cognitoLogin",
                                "edgesite.auth.forbiddenPage", "edgesite.auth.publicPaths", "edgesite.auth.selfSignUp",
                                "edgesite.auth.spa"),
                        "sync", List.of(),
                        "serve", List.of("edgesite.idp", "edgesite.serve.node", "edgesite.serve.port")));
        assertEquals(List.of("deploy", "destroy", "help", "invalidate", "invite", "plan", "policy", "previews",
                "provision", "remove-preview", "serve", "sync"), List.copyOf(new TreeMap<>(goals).keySet()), "a goal without its list here: add it");
    }

    @Test
    @InjectMojo(goal = "help", pom = DEFAULTS)
    @MojoParameter(name = "detail", value = "true")
    @MojoParameter(name = "goal", value = "invite")
    void helpForOneGoalShowsThatGoalsParameters(HelpMojo mojo) throws Exception {
        Map<String, Map<String, Shown>> goals = goals(run(mojo));

        assertEquals(List.of("invite"), List.copyOf(goals.keySet()));
        assertEquals(new Shown("edgesite.email", null, goals.get("invite").get("email").description()),
                goals.get("invite").get("email"));
    }

    @SafeVarargs
    private static Map<String, String> with(Map<String, String>... groups) {
        Map<String, String> all = new TreeMap<>();
        for (Map<String, String> group : groups) {
            all.putAll(group);
        }
        return all;
    }

    /**
     * @param expected each parameter as {@code property=default} ({@code ""} for a block, which has neither)
     * @param blocks for each block, the field properties its description names, sorted
     */
    private void assertGoal(Map<String, Map<String, Shown>> goals, String goal, Map<String, String> expected,
            Map<String, List<String>> blocks) {
        Map<String, Shown> shown = goals.get(goal);
        assertTrue(shown != null, "help shows no goal " + goal + ":\n" + help);
        Map<String, String> actual = new TreeMap<>();
        Map<String, List<String>> actualBlocks = new TreeMap<>();
        shown.forEach((name, parameter) -> {
            if (parameter.property() == null) {
                actual.put(name, "");
                actualBlocks.put(name, fieldProperties(parameter.description()));
            } else {
                actual.put(name, parameter.property() + "=" + (parameter.defaultValue() == null ? ""
                        : parameter.defaultValue()));
            }
        });
        assertEquals(new TreeMap<>(expected), actual, "the parameters of " + goal);
        Map<String, List<String>> expectedBlocks = new TreeMap<>();
        expected.forEach((name, property) -> {
            if (property.isEmpty()) {
                expectedBlocks.put(name, blocks.getOrDefault(name, List.of()));
            }
        });
        assertEquals(expectedBlocks, actualBlocks, "the block fields help names under " + goal);
    }

    private static List<String> fieldProperties(String description) {
        Matcher m = FIELD_PROPERTY.matcher(description);
        TreeMap<String, Boolean> found = new TreeMap<>();
        while (m.find()) {
            found.put(m.group(), true);
        }
        return List.copyOf(found.keySet());
    }

    private String run(HelpMojo mojo) throws Exception {
        StringBuilder out = new StringBuilder();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                out.append(content).append('\n');
            }
        });
        mojo.execute();
        help = out.toString();
        return help;
    }

    /** Goal, then its parameters in the order help lists them, each with its property, default and text. */
    private static Map<String, Map<String, Shown>> goals(String help) {
        Map<String, Map<String, Shown>> goals = new LinkedHashMap<>();
        Map<String, Shown> parameters = null;
        String name = null;
        String defaultValue = null;
        String property = null;
        StringBuilder description = new StringBuilder();
        for (String line : (help + "\n").split("\n", -1)) {
            Matcher goal = GOAL.matcher(line);
            Matcher parameter = PARAMETER.matcher(line);
            Matcher propertyLine = PROPERTY.matcher(line);
            boolean ends = goal.matches() || parameter.matches() || line.isEmpty();
            if (ends && name != null && !(line.isEmpty() && description.isEmpty() && property == null)) {
                parameters.put(name, new Shown(property, defaultValue, description.toString().strip()));
                name = null;
            }
            if (goal.matches()) {
                parameters = new LinkedHashMap<>();
                goals.put(goal.group(1), parameters);
            } else if (parameter.matches() && parameters != null && line.startsWith("    ")
                    && !line.startsWith("     ")) {
                name = parameter.group(1);
                defaultValue = parameter.group(2);
                property = null;
                description.setLength(0);
            } else if (name != null && propertyLine.matches()) {
                property = propertyLine.group(1);
            } else if (name != null) {
                description.append(line.strip()).append(' ');
            }
        }
        return goals;
    }
}
