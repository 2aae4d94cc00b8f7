package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPathsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "index.html | /index.html",
            "docs/guide/a-b_c.d~e.html | /docs/guide/a-b_c.d~e.html",
            "docs/release notes.html | /docs/release%20notes.html",
            "ü.html | /%C3%BC.html",
            "a*b.html | /a%2Ab.html",
            "q?.html | /q%3F.html",
            "50%.html | /50%25.html",
            "#tag.html | /%23tag.html",
            "a+b=c&d.html | /a+b=c&d.html"})
    void encodesWhatIsUnsafeInAUrlPath(String key, String path) {
        assertEquals(path, UrlPaths.of(key));
    }
}
