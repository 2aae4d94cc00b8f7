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

/** The end of the lifecycle as a user runs it: destroy leaves nothing of the stack. */
@ExtendWith(MotoExtension.class)
class DestroyIT {
    @Test
    void destroyNeedsConfirmationThenLeavesNothingAndIsSafeToRunAgain(MotoServer moto, AwsClients aws)
            throws Exception {
        aws.route53().createHostedZone(r -> r.name("example.com").callerReference("it"));
        MavenBuild build = MavenBuild.of("site")
                .property("edgesite.stack", "it-gone")
                .property("edgesite.domain", "example.com")
                .property("edgesite.service", "docs")
                .property("edgesite.endpoint", moto.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", "testing")
                .env("AWS_SECRET_ACCESS_KEY", "testing");
        assertTrue(build.run("edgesite:provision").success());
        assertTrue(build.run("edgesite:deploy").success());

        MavenBuild.Result unconfirmed = build.run("edgesite:destroy");

        assertFalse(unconfirmed.success());
        assertTrue(unconfirmed.log().contains("-Dedgesite.confirm=it-gone"), unconfirmed.log());
        assertEquals(1, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());

        MavenBuild.Result destroyed = build.property("edgesite.confirm", "it-gone").run("edgesite:destroy");

        assertTrue(destroyed.success(), destroyed.log());
        assertEquals(0, aws.cloudFront().listDistributions(r -> {}).distributionList().quantity());
        assertEquals(0, aws.cloudFront().listOriginAccessControls(r -> {}).originAccessControlList().quantity());
        assertEquals(0, aws.s3().listBuckets().buckets().size());
        assertEquals(0, aws.cognito().listUserPools(r -> r.maxResults(60)).userPools().size());
        assertEquals(0, aws.lambda().listFunctions().functions().size());
        assertEquals(0, aws.acm().listCertificates().certificateSummaryList().size());
        assertEquals(0, aws.iam().listRoles().roles().stream().filter(r -> r.roleName().startsWith("edgesite-")).count());
        String zone = aws.route53().listHostedZones().hostedZones().get(0).id();
        assertTrue(aws.route53().listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .allMatch(s -> s.typeAsString().equals("NS") || s.typeAsString().equals("SOA")), "only the zone's own records");
        assertTrue(Files.isRegularFile(build.dir().resolve("target/edgesite/destroy.json")));

        MavenBuild.Result again = build.run("edgesite:destroy");

        assertTrue(again.success(), again.log());
    }
}
