package dev.edgesite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** provision and plan as a user runs them: real Maven builds against moto. */
@ExtendWith(MotoExtension.class)
class ProvisionIT {
    @Test
    void provisionThenPlanShowsNothingToDo(MotoServer moto, AwsClients aws) throws Exception {
        aws.route53().createHostedZone(r -> r.name("example.com").callerReference("it"));
        MavenBuild build = site(moto).property("edgesite.domain", "example.com").property("edgesite.service", "docs");

        MavenBuild.Result provision = build.run("edgesite:provision");

        assertTrue(provision.success(), provision.log());
        assertTrue(provision.log().contains("[INFO] Site:  https://docs.example.com/"), provision.log());
        assertTrue(provision.log().contains("[INFO] Login: https://"), provision.log());
        String stack = Files.readString(build.dir().resolve("target/edgesite/stack.json"));
        assertTrue(stack.contains("\"bucket\":\"edgesite-it-docs-123456789012\""), stack);
        assertFalse(provision.log().contains("cookieSecret"), "no secret in the log");

        MavenBuild.Result plan = build.run("edgesite:plan");

        assertTrue(plan.success(), plan.log());
        String json = Files.readString(build.dir().resolve("target/edgesite/plan.json"));
        // On AWS every resource is unchanged; moto cannot read back the distribution's origin access
        // control and authorizer association (DEVIATIONS.md), so it is the one update here.
        assertEquals(1, json.split("\"action\":\"update\"").length - 1, json);
        assertTrue(json.contains("\"resource\":\"CloudFront distribution\",\"name\":\""), json);
        assertEquals(0, json.split("\"action\":\"create\"").length - 1, json);
    }

    @Test
    void aBadStackNameFailsBeforeAnyAwsCall(MotoServer moto) {
        MavenBuild.Result result = site(moto).property("edgesite.stack", "My_Docs").run("edgesite:provision");

        assertFalse(result.success());
        assertTrue(result.log().contains("<stack>") && result.log().contains("My_Docs"), result.log());
        assertTrue(result.log().contains("my-docs"), "suggests a usable name:\n" + result.log());
    }

    private static MavenBuild site(MotoServer moto) {
        return MavenBuild.of("site")
                .property("edgesite.stack", "it-docs")
                .property("edgesite.endpoint", moto.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", "testing")
                .env("AWS_SECRET_ACCESS_KEY", "testing");
    }
}
