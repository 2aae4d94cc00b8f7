package dev.edgesite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.sync.SyncResult;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.S3Object;

/** sync, invalidate and deploy as a user runs them: real Maven builds against moto. */
@ExtendWith(MotoExtension.class)
class DeployIT {
    @Test
    void deployPublishesTheSiteThenOnlyWhatChangedAndInvalidatesJustThat(MotoServer moto, AwsClients aws)
            throws Exception {
        MavenBuild build = site(moto, "site");
        assertSucceeded(build.run("edgesite:provision"));
        StackOutputs stack = stack(build);

        MavenBuild.Result first = assertSucceeded(build.run("edgesite:deploy"));

        assertEquals(List.of("404.html", "guide/index.html", "index.html"), lastSync(build).uploaded());
        assertTrue(first.log().contains("[INFO] Synced s3://" + stack.bucket() + " in "), first.log());
        assertTrue(first.log().contains("CloudFront bills 5 path(s)"), first.log());
        Map<String, Instant> published = objects(aws, stack.bucket());
        assertEquals(List.of("404.html", "guide/index.html", "index.html"), List.copyOf(published.keySet()));

        MavenBuild.Result again = assertSucceeded(build.run("edgesite:deploy"));

        SyncResult noOp = lastSync(build);
        assertFalse(noOp.changed());
        assertEquals(3, noOp.unchanged());
        assertTrue(again.log().contains("0 uploaded"), again.log());
        assertTrue(again.log().contains("Nothing changed: no invalidation of distribution " + stack.distributionId()),
                again.log());
        assertEquals(published, objects(aws, stack.bucket()), "no object was written again");
        assertEquals(1, invalidations(aws, stack));

        Files.writeString(build.dir().resolve("site/guide/index.html"), "<!DOCTYPE html><title>Guide</title><h1>2</h1>");
        MavenBuild.Result change = assertSucceeded(build.run("edgesite:deploy"));

        assertEquals(List.of("guide/index.html"), lastSync(build).uploaded());
        Map<String, Object> invalidated = JSONObjectUtils.parse(
                Files.readString(build.dir().resolve("target/edgesite/invalidate.json")));
        assertEquals(List.of("/guide/", "/guide/index.html"), JSONObjectUtils.getStringList(invalidated, "paths"));
        assertEquals(2, JSONObjectUtils.getInt(invalidated, "billedPaths"));
        assertTrue(change.log().contains("CloudFront bills 2 path(s)"), change.log());
        Map<String, Instant> afterChange = objects(aws, stack.bucket());
        assertTrue(afterChange.get("guide/index.html").isAfter(published.get("guide/index.html")));
        afterChange.remove("guide/index.html");
        published.remove("guide/index.html");
        assertEquals(published, afterChange, "only the changed page was written");
        assertEquals(2, invalidations(aws, stack));

        assertSucceeded(build.run("edgesite:plan"));
        String plan = Files.readString(build.dir().resolve("target/edgesite/plan.json"));
        // On AWS every resource is unchanged; moto cannot read back the distribution's origin access
        // control and authorizer association (DEVIATIONS.md), so it is the one update here.
        assertEquals(1, plan.split("\"action\":\"update\"").length - 1, plan);
        assertTrue(plan.contains("\"resource\":\"CloudFront distribution\""), plan);
        assertEquals(0, plan.split("\"action\":\"create\"").length - 1, plan);
    }

    @Test
    void anEmptySiteDirectoryFailsTheBuildNamingItAndChangesNothing(MotoServer moto, AwsClients aws) throws Exception {
        MavenBuild build = site(moto, "site");
        assertSucceeded(build.run("edgesite:provision"));
        assertSucceeded(build.run("edgesite:deploy"));
        StackOutputs stack = stack(build);
        Map<String, Instant> published = objects(aws, stack.bucket());
        Path siteDirectory = build.dir().resolve("site");
        try (Stream<Path> files = Files.walk(siteDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).filter(f -> !f.equals(siteDirectory)).toList()) {
                Files.delete(file);
            }
        }

        MavenBuild.Result result = build.run("edgesite:deploy");

        assertFalse(result.success());
        assertTrue(result.log().contains("<siteDirectory> '" + siteDirectory + "' holds no file to publish"),
                result.log());
        assertTrue(result.log().contains("set <siteDirectory> (edgesite.siteDirectory)"), result.log());
        assertEquals(published, objects(aws, stack.bucket()));
        assertEquals(1, invalidations(aws, stack));
    }

    @Test
    void aProjectThatBindsDeployToPackagePublishesOnMvnPackage(MotoServer moto, AwsClients aws) throws Exception {
        MavenBuild build = site(moto, "package-deploy");
        assertSucceeded(build.run("edgesite:provision"));

        MavenBuild.Result result = assertSucceeded(build.run("package"));

        assertTrue(result.log().contains(":deploy (publish-site) @ it-package-deploy"), result.log());
        StackOutputs stack = stack(build);
        assertEquals(List.of("index.html"), List.copyOf(objects(aws, stack.bucket()).keySet()));
        assertEquals(1, invalidations(aws, stack));
    }

    private static MavenBuild site(MotoServer moto, String project) {
        return MavenBuild.of(project)
                .property("edgesite.stack", "it-deploy")
                .property("edgesite.endpoint", moto.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", "testing")
                .env("AWS_SECRET_ACCESS_KEY", "testing");
    }

    private static MavenBuild.Result assertSucceeded(MavenBuild.Result result) {
        assertTrue(result.success(), result.log());
        return result;
    }

    private static StackOutputs stack(MavenBuild build) throws Exception {
        return StackOutputs.fromJson(Files.readString(build.dir().resolve("target/edgesite/stack.json")));
    }

    private static SyncResult lastSync(MavenBuild build) throws Exception {
        return SyncResult.fromJson(Files.readString(build.dir().resolve("target/edgesite/sync.json")));
    }

    /** The site's objects and when each was last written, without the tool's own under .edgesite/. */
    private static Map<String, Instant> objects(AwsClients aws, String bucket) {
        Map<String, Instant> objects = new TreeMap<>();
        for (S3Object o : aws.s3().listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            if (!o.key().startsWith(".edgesite/")) {
                objects.put(o.key(), o.lastModified());
            }
        }
        return objects;
    }

    private static int invalidations(AwsClients aws, StackOutputs stack) {
        return aws.cloudFront().listInvalidations(r -> r.distributionId(stack.distributionId())).invalidationList()
                .quantity();
    }
}
