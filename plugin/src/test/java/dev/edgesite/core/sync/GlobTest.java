package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlobTest {
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "*.css | site.css | true",
            "*.css | css/site.css | true",
            "*.css | site.css.map | false",
            "/*.css | css/site.css | false",
            "/*.css | site.css | true",
            "/index.html | index.html | true",
            "/index.html | docs/index.html | false",
            "index.html | docs/index.html | true",
            "assets/* | assets/a.js | true",
            "assets/* | assets/js/a.js | false",
            "assets/** | assets/js/a.js | true",
            "assets/** | assetsx/a.js | false",
            "**/img/*.png | img/a.png | true",
            "**/img/*.png | a/b/img/a.png | true",
            "docs/**/*.html | docs/a.html | true",
            "docs/**/*.html | docs/x/y/a.html | true",
            "*.{woff,woff2} | fonts/a.woff2 | true",
            "*.{woff,woff2} | fonts/a.ttf | false",
            "page?.html | page1.html | true",
            "page?.html | page10.html | false",
            "a+b(c).html | a+b(c).html | true",
            "a+b(c).html | aab(c).html | false"})
    void matchesKeys(String pattern, String key, boolean matches) {
        assertEquals(matches, Glob.of(pattern).matches(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "*.{css", "*.css}"})
    void rejectsBadPatterns(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> Glob.of(pattern));
    }
}
