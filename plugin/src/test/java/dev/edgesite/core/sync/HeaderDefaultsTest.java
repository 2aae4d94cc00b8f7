package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Content-Type and Cache-Control defaults, and configured rules ahead of them. */
class HeaderDefaultsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "index.html | text/html; charset=utf-8",
            "docs/PAGE.HTM | text/html; charset=utf-8",
            "css/site.css | text/css; charset=utf-8",
            "js/app.js | text/javascript; charset=utf-8",
            "js/app.mjs | text/javascript; charset=utf-8",
            "js/app.js.map | application/json; charset=utf-8",
            "data.json | application/json; charset=utf-8",
            "site.webmanifest | application/manifest+json; charset=utf-8",
            "sitemap.xml | application/xml; charset=utf-8",
            "img/logo.svg | image/svg+xml; charset=utf-8",
            "robots.txt | text/plain; charset=utf-8",
            "img/a.png | image/png",
            "img/a.JPG | image/jpeg",
            "img/a.webp | image/webp",
            "img/a.avif | image/avif",
            "favicon.ico | image/vnd.microsoft.icon",
            "fonts/a.woff2 | font/woff2",
            "app.wasm | application/wasm",
            "doc.pdf | application/pdf",
            "LICENSE | application/octet-stream",
            ".htaccess | application/octet-stream",
            "archive.unknownext | application/octet-stream"})
    void contentTypeByExtension(String key, String type) {
        assertEquals(type, ContentTypes.forKey(key));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "index.html | no-cache",
            "404.html | no-cache",
            "docs/a/b.htm | no-cache",
            "js/main.3f2a1b4c.js | max-age=31536000, immutable",
            "js/main.3f2a1b4c.chunk.js | max-age=31536000, immutable",
            "css/main.min.9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.css | max-age=31536000, immutable",
            "assets/index-C9iZ2bLe.js | max-age=31536000, immutable",
            "assets/chunk-AB12CD34.js | max-age=31536000, immutable",
            "fingerprinted.3f2a1b4c.html | no-cache",
            "css/site.css | max-age=300",
            "js/jquery-3.7.1.min.js | max-age=300",
            "js/template-engine.js | max-age=300",
            "js/deadbeef.js | max-age=300",
            "js/app.deadbeef.js | max-age=300",
            "js/app.12345678.js | max-age=300",
            "js/app-abcdefgh.js | max-age=300",
            "img/logo.png | max-age=300"})
    void cacheControlDefaults(String key, String cacheControl) {
        assertEquals(cacheControl, CacheControlRules.defaults().forKey(key));
    }

    @Test
    void configuredRulesComeFirstInOrder() {
        CacheControlRules rules = CacheControlRules.of(List.of(
                new CacheControlRules.Rule("/404.html", "max-age=10"),
                new CacheControlRules.Rule("assets/**", "max-age=600"),
                new CacheControlRules.Rule("*.js", "max-age=20")));

        assertEquals("max-age=10", rules.forKey("404.html"));
        assertEquals("no-cache", rules.forKey("docs/404.html"));
        assertEquals("max-age=600", rules.forKey("assets/x/a.js"));
        assertEquals("max-age=20", rules.forKey("js/main.3f2a1b4c.js"));
        assertEquals("max-age=300", rules.forKey("img/a.png"));
    }

    @Test
    void aRuleNeedsAValue() {
        assertThrows(IllegalArgumentException.class,
                () -> CacheControlRules.of(List.of(new CacheControlRules.Rule("*.css", " "))));
    }
}
