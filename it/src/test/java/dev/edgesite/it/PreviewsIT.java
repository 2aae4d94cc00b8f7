package dev.edgesite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Preview sites as a pull-request job runs them: real Maven builds against moto. */
@ExtendWith(MotoExtension.class)
class PreviewsIT {
    @Test
    void aPullRequestsPreviewIsDeployedListedAndRemovedBesideTheUntouchedMainSite(MotoServer moto, AwsClients aws)
            throws Exception {
        aws.route53().createHostedZone(r -> r.name("example.com").callerReference("it"));
        MavenBuild build = MavenBuild.of("site")
                .property("edgesite.stack", "it-previews")
                .property("edgesite.endpoint", moto.endpoint().toString())
                .property("edgesite.domain", "example.com")
                .property("edgesite.service", "docs")
                .property("edgesite.previews.enabled", "true")
                .env("AWS_ACCESS_KEY_ID", "testing")
                .env("AWS_SECRET_ACCESS_KEY", "testing");
        assertSucceeded(build.run("edgesite:provision"));
        StackOutputs stack = StackOutputs.fromJson(Files.readString(build.dir().resolve("target/edgesite/stack.json")));
        assertSucceeded(build.run("edgesite:deploy"));
        String mainSync = Files.readString(build.dir().resolve("target/edgesite/sync.json"));

        build.property("edgesite.preview", "pr-42");
        MavenBuild.Result preview = assertSucceeded(build.run("edgesite:deploy"));
        assertTrue(preview.log().contains("[INFO] Preview pr-42: https://pr-42.preview.docs.example.com/"),
                preview.log());
        assertEquals(List.of("_previews/pr-42.json", "_previews/pr-42/.edgesite/manifest.tsv",
                "_previews/pr-42/404.html", "_previews/pr-42/guide/index.html", "_previews/pr-42/index.html"),
                keys(aws, stack.bucket(), "_previews/"));
        assertEquals(mainSync, Files.readString(build.dir().resolve("target/edgesite/sync.json")),
                "the main site's sync.json is not the preview's");

        MavenBuild.Result sync = build.run("edgesite:sync");
        assertFalse(sync.success(), "sync never publishes a preview's build as the main site");
        assertTrue(sync.log().contains("asks for a preview: nothing was changed"), sync.log());

        MavenBuild.Result listed = assertSucceeded(build.without("edgesite.preview").run("edgesite:previews"));
        assertTrue(listed.log().contains("1 preview(s) in s3://" + stack.bucket()), listed.log());
        assertTrue(listed.log().contains("pr-42  https://pr-42.preview.docs.example.com/  3"), listed.log());
        assertTrue(Files.readString(build.dir().resolve("target/edgesite/previews.json")).contains("\"pr-42\""));

        MavenBuild.Result bad = build.property("edgesite.preview", "Feature/Login").run("edgesite:deploy");
        assertFalse(bad.success());
        assertTrue(bad.log().contains("<preview> 'Feature/Login'"), bad.log());
        assertTrue(bad.log().contains("lower-case letters, digits and hyphens"), bad.log());

        assertSucceeded(build.property("edgesite.preview", "pr-42").run("edgesite:remove-preview"));
        assertEquals(List.of(), keys(aws, stack.bucket(), "_previews/"));
        MavenBuild.Result again = assertSucceeded(build.run("edgesite:remove-preview"));
        assertTrue(again.log().contains("There is no preview 'pr-42'"), again.log());
        assertEquals(List.of("404.html", "guide/index.html", "index.html"), keys(aws, stack.bucket(), "").stream()
                .filter(k -> !k.startsWith(".edgesite/")).toList(), "the main site is as its deploy left it");
    }

    private static MavenBuild.Result assertSucceeded(MavenBuild.Result result) {
        assertTrue(result.success(), result.log());
        return result;
    }

    private static List<String> keys(AwsClients aws, String bucket, String prefix) {
        return aws.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }
}
