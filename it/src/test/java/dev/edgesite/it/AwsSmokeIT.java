package dev.edgesite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole lifecycle against real AWS: run only by the {@code aws-smoke} profile, by a person with
 * credentials for a test account, never in CI. Settings come from system properties:
 * {@code edgesite.smoke.stack} (required), {@code edgesite.smoke.domain} and {@code edgesite.smoke.service}
 * (a hosted zone of the account, optional), {@code edgesite.smoke.region}, {@code edgesite.smoke.profile}.
 */
class AwsSmokeIT {
    @Test
    void provisionDeployChangePlanDestroy() throws Exception {
        String stack = setting("stack");
        if (stack == null) {
            throw new IllegalStateException("Set -Dedgesite.smoke.stack=<a stack name for the test account>");
        }
        MavenBuild build = MavenBuild.of("site").property("edgesite.stack", stack);
        for (String name : List.of("domain", "service", "region", "profile")) {
            String value = setting(name);
            if (value != null) {
                build.property("edgesite." + name, value);
            }
        }
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("AWS_")) {
                build.env(k, v);
            }
        });

        succeeded(build.run("edgesite:provision"));
        succeeded(build.run("edgesite:deploy"));
        succeeded(build.run("edgesite:deploy"));
        assertTrue(Files.readString(build.dir().resolve("target/edgesite/sync.json")).contains("\"uploaded\":[]"));
        Files.writeString(build.dir().resolve("site/guide/index.html"), "<!DOCTYPE html><h1>changed</h1>");
        succeeded(build.run("edgesite:deploy"));

        succeeded(build.run("edgesite:plan"));
        Map<String, Object> plan = JSONObjectUtils.parse(
                Files.readString(build.dir().resolve("target/edgesite/plan.json")));
        for (Object change : (List<?>) plan.get("changes")) {
            assertEquals("unchanged", ((Map<?, ?>) change).get("action"), "on AWS nothing is left to do: " + change);
        }

        MavenBuild.Result destroy = build.property("edgesite.confirm", stack).run("edgesite:destroy");
        succeeded(destroy);
    }

    /** A -Dedgesite.smoke.* value; the profile passes unset ones through as "${...}". */
    private static String setting(String name) {
        String value = System.getProperty("edgesite.smoke." + name);
        return value == null || value.isBlank() || value.startsWith("${") ? null : value;
    }

    private static void succeeded(MavenBuild.Result result) {
        assertTrue(result.success(), result.log());
    }
}
