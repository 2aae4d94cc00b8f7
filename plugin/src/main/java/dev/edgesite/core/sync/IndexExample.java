package dev.edgesite.core.sync;

import java.nio.charset.StandardCharsets;

/** The page published as {@code index.html} when asked to and the site has none. */
final class IndexExample {
    static final String KEY = "index.html";

    // No text block: the plugin descriptor's source parser (QDox) cannot read them.
    private static final String HTML = String.join("\n",
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "  <meta charset=\"utf-8\">",
            "  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "  <title>edgesite</title>",
            "  <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}</style>",
            "</head>",
            "<body>",
            "  <h1>Your private site is live</h1>",
            "  <p>Only signed-in users see this page. It is the example that edgesite publishes while the",
            "  site has no <code>index.html</code> of its own.</p>",
            "  <p>Build your site into the configured <code>siteDirectory</code> and run",
            "  <code>mvn edgesite:sync</code> to replace it.</p>",
            "</body>",
            "</html>",
            "");
    private static final byte[] PAGE = HTML.getBytes(StandardCharsets.UTF_8);

    private IndexExample() {}

    static SiteFile file() {
        return new SiteFile(KEY, PAGE.length, ContentSource.of(PAGE));
    }
}
