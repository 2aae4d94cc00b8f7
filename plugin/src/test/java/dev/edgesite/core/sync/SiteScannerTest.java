package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.testbed.RecordingLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteScannerTest {
    @TempDir
    Path temp;

    private final RecordingLog log = new RecordingLog();

    @Test
    void keysAreRelativeSlashSeparatedAndSorted() throws Exception {
        Path site = dir("site");
        write(site, "b.html", "b");
        write(site, "a/z.css", "z");
        write(site, "a/b/c.js", "c");

        List<SiteFile> files = scan(site);

        assertEquals(List.of("a/b/c.js", "a/z.css", "b.html"), keys(files));
        assertEquals(1, files.get(0).size());
    }

    @Test
    void hiddenFilesAreSkippedButWellKnownIsPublished() throws Exception {
        Path site = dir("site");
        write(site, "index.html", "i");
        write(site, ".DS_Store", "junk");
        write(site, "docs/.DS_Store", "junk");
        write(site, ".git/config", "x");
        write(site, ".edgesite/manifest.json", "{}");
        write(site, ".well-known/security.txt", "Contact: x");

        assertEquals(List.of(".well-known/security.txt", "index.html"), keys(scan(site)));
        assertTrue(log.contains("Skipped 4 hidden"), log.text());
    }

    @Test
    void linksAreFollowedOnlyInsideTheSiteDirectory() throws Exception {
        Path site = dir("site");
        Path outside = dir("outside");
        write(outside, "secret.txt", "secret");
        write(site, "index.html", "i");
        write(site, "v2/page.html", "p");
        Files.createSymbolicLink(site.resolve("latest"), site.resolve("v2"));
        Files.createSymbolicLink(site.resolve("alias.html"), site.resolve("index.html"));
        Files.createSymbolicLink(site.resolve("leak"), outside);
        Files.createSymbolicLink(site.resolve("leak.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(site.resolve("loop"), site);
        Files.createSymbolicLink(site.resolve("dangling.html"), site.resolve("gone.html"));

        List<String> keys = keys(scan(site));

        assertEquals(List.of("alias.html", "index.html", "latest/page.html", "v2/page.html"), keys);
        assertTrue(log.contains("leak: a link out of the site directory"), log.text());
    }

    @Test
    void namesThatCannotBeKeysRefuseTheSync() throws Exception {
        Path site = dir("site");
        write(site, "ok.html", "ok");
        write(site, "back\\slash.html", "x");
        write(site, "tab\there.html", "x");

        InvalidFileNamesException refused = assertThrows(InvalidFileNamesException.class, () -> scan(site));

        assertEquals(2, refused.problems().size(), refused.problems().toString());
        assertTrue(refused.getMessage().contains("back\\slash.html has a backslash"), refused.getMessage());
        assertTrue(refused.getMessage().contains("tab?here.html has a control character"), refused.getMessage());
    }

    @Test
    void aKeyLongerThanS3AllowsIsAProblem() {
        assertEquals("longer than 1024 bytes", SiteScanner.keyProblem("d/".repeat(300) + "ü".repeat(300)));
        assertEquals(null, SiteScanner.keyProblem("docs/release notes ü (1).html"));
    }

    @Test
    void aMissingDirectoryAFileAndAnEmptyDirectoryAreRefused() throws Exception {
        Path file = write(temp, "file.html", "x");
        Path empty = dir("empty");
        write(empty, ".DS_Store", "junk");

        assertEquals(SiteDirectoryException.Problem.MISSING,
                assertThrows(SiteDirectoryException.class, () -> scan(temp.resolve("nope"))).problem());
        assertEquals(SiteDirectoryException.Problem.NOT_A_DIRECTORY,
                assertThrows(SiteDirectoryException.class, () -> scan(file)).problem());
        assertEquals(SiteDirectoryException.Problem.EMPTY,
                assertThrows(SiteDirectoryException.class, () -> scan(empty)).problem());
    }

    @Test
    void theExampleIndexOnlyFillsAMissingIndex() throws Exception {
        Path site = dir("site");
        write(site, "docs/a.html", "a");
        assertEquals(List.of("docs/a.html", "index.html"), keys(new SiteScanner(log).scan(site, true)));

        write(site, "index.html", "mine");
        List<SiteFile> files = new SiteScanner(log).scan(site, true);
        assertEquals(4, files.get(1).size(), "the site's own index.html wins");
    }

    private List<SiteFile> scan(Path site) throws Exception {
        return new SiteScanner(log).scan(site, false);
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(temp.resolve(name));
    }

    private static Path write(Path dir, String key, String content) throws IOException {
        Path file = dir.resolve(key);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static List<String> keys(List<SiteFile> files) {
        return files.stream().map(SiteFile::key).toList();
    }
}
