package dev.edgesite.core.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.Log;
import dev.edgesite.core.sync.CacheControlRules;
import dev.edgesite.testbed.RecordingLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiteFilesTest {
    @TempDir
    Path parent;

    private Path site;
    private final RecordingLog log = new RecordingLog();
    private SiteFiles files;

    @BeforeEach
    void site() throws IOException {
        site = Files.createDirectory(parent.resolve("site"));
        write("index.html", "<h1>home</h1>");
        write("guide/index.html", "<h1>guide</h1>");
        write("css/site.css", "body{}");
        write("js/app.3f2a1b4c.js", "let a;");
        write("img/logo.png", "png");
        write("notes.unknownext", "?");
        write("a b.html", "<p>space</p>");
        write("docs/ünïcode.html", "<p>utf-8</p>");
        write(".well-known/security.txt", "Contact: x");
        write(".hidden.html", "hidden");
        write(".git/config", "[core]");
        write("404.html", "<h1>not here</h1>");
        Files.writeString(parent.resolve("secret.txt"), "TOP SECRET");
        files = new SiteFiles(site, CacheControlRules.defaults(), log);
    }

    private void write(String key, String content) throws IOException {
        Path file = site.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private SiteFiles.Answer get(String uri) throws IOException {
        return files.answer(uri, null);
    }

    private static String content(SiteFiles.Answer answer) throws IOException {
        return answer.file() != null ? Files.readString(answer.file()) : new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void filesComeWithTheHeadersSyncGivesThem() throws IOException {
        record Expected(String uri, String type, String cacheControl) {}
        for (Expected e : List.of(
                new Expected("/index.html", "text/html; charset=utf-8", "no-cache"),
                new Expected("/css/site.css", "text/css; charset=utf-8", "max-age=300"),
                new Expected("/js/app.3f2a1b4c.js", "text/javascript; charset=utf-8", "max-age=31536000, immutable"),
                new Expected("/img/logo.png", "image/png", "max-age=300"),
                new Expected("/notes.unknownext", "application/octet-stream", "max-age=300"))) {
            SiteFiles.Answer answer = get(e.uri());
            assertEquals(200, answer.status(), e.uri());
            assertEquals(e.type(), answer.headers().get("Content-Type"), e.uri());
            assertEquals(e.cacheControl(), answer.headers().get("Cache-Control"), e.uri());
            assertEquals("nosniff", answer.headers().get("X-Content-Type-Options"));
            assertEquals("SAMEORIGIN", answer.headers().get("X-Frame-Options"));
        }
    }

    @Test
    void configuredCacheRulesComeFirstAsInSync() throws IOException {
        files = new SiteFiles(site, CacheControlRules.of(List.of(new CacheControlRules.Rule("*.css", "max-age=60"))), log);
        assertEquals("max-age=60", get("/css/site.css").headers().get("Cache-Control"));
        assertEquals("no-cache", get("/index.html").headers().get("Cache-Control"));
    }

    @Test
    void theUriIsDecodedIntoTheKeyAsS3Does() throws IOException {
        assertEquals("<p>space</p>", content(get("/a%20b.html")));
        assertEquals("<p>utf-8</p>", content(get("/docs/%C3%BCn%C3%AFcode.html")));
        assertEquals("a b.html", get("/a%20b.html").key());
    }

    @Test
    void aMissingKeyAnswersTheSitesNotFoundPageWithStatus404() throws IOException {
        SiteFiles.Answer answer = get("/nothing-here.html");
        assertEquals(404, answer.status());
        assertEquals("<h1>not here</h1>", content(answer));
        assertEquals("text/html; charset=utf-8", answer.headers().get("Content-Type"));
        assertEquals("no-cache", answer.headers().get("Cache-Control"));
    }

    @Test
    void withoutANotFoundPageAMissingKeyIsS3sAccessDenied() throws IOException {
        Files.delete(site.resolve("404.html"));
        SiteFiles.Answer answer = get("/nothing-here.html");
        assertEquals(403, answer.status());
        assertEquals("application/xml", answer.headers().get("Content-Type"));
        assertTrue(content(answer).contains("<Code>AccessDenied</Code>"));
        assertNull(answer.key());
    }

    @Test
    void aFolderIsServedOnlyAsTheIndexTheAuthorizerAsksFor() throws IOException {
        assertEquals("<h1>guide</h1>", content(get("/guide/index.html")));
        assertEquals(404, get("/guide").status(), "S3 has no key 'guide'");
        assertEquals(404, get("/guide/").status(), "nor 'guide/': the authorizer appends index.html");
        get("/guide");
        assertEquals(1, log.count("WARN /guide is a folder"), "said once:\n" + log.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/guide/../../secret.txt",
        "/guide/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/guide%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/guide/..%5c..%5csecret.txt",
        "/./../secret.txt",
        "//secret.txt",
        "/%2fsecret.txt",
        "/%00/../secret.txt",
        "/guide/%252e%252e/%252e%252e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/.%2e/secret.txt",
        "secret.txt",
    })
    void noPathLeavesTheSiteDirectory(String uri) throws IOException {
        SiteFiles.Answer answer = get(uri);
        assertEquals(404, answer.status(), uri);
        assertEquals("<h1>not here</h1>", content(answer), uri);
    }

    @Test
    void linksOutOfTheSiteDirectoryAreNotFollowed() throws IOException {
        Files.createSymbolicLink(site.resolve("leak.txt"), parent.resolve("secret.txt"));
        Files.createSymbolicLink(site.resolve("up"), parent);
        Files.createSymbolicLink(site.resolve("inside.html"), site.resolve("index.html"));
        assertEquals(404, get("/leak.txt").status());
        assertEquals(404, get("/up/secret.txt").status());
        assertEquals("<h1>home</h1>", content(get("/inside.html")), "a link within the site is published by sync");
    }

    @Test
    void hiddenNamesAreNotPublishedButWellKnownIs() throws IOException {
        assertEquals(404, get("/.hidden.html").status());
        assertEquals(404, get("/.git/config").status());
        assertEquals(404, get("/%2egit/config").status());
        assertEquals(200, get("/.well-known/security.txt").status());
    }

    @Test
    void editsShowOnTheNextRequestAndChangeTheEtag() throws IOException {
        SiteFiles.Answer before = get("/index.html");
        Files.writeString(site.resolve("index.html"), "<h1>home, edited</h1>");
        Files.setLastModifiedTime(site.resolve("index.html"), FileTime.from(Instant.now().plusSeconds(5)));
        SiteFiles.Answer after = get("/index.html");
        assertEquals("<h1>home, edited</h1>", content(after));
        assertNotEquals(before.headers().get("ETag"), after.headers().get("ETag"));
    }

    @Test
    void aMatchingIfNoneMatchAnswers304() throws IOException {
        String etag = get("/css/site.css").headers().get("ETag");
        SiteFiles.Answer answer = files.answer("/css/site.css", "\"other\", " + etag);
        assertEquals(304, answer.status());
        assertArrayEquals(new byte[0], answer.body());
        assertEquals(200, files.answer("/css/site.css", "\"other\"").status());
    }

    @Test
    void aSiteDirectoryThatGoesAwayAnswersAccessDenied() throws IOException {
        SiteFiles gone = new SiteFiles(parent.resolve("not-built"), CacheControlRules.defaults(), Log.NONE);
        assertEquals(403, gone.answer("/index.html", null).status());
    }
}
