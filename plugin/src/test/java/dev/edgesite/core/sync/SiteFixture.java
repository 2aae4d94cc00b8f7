package dev.edgesite.core.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small sites: pages at the root and under docs/, each with its own content. */
final class SiteFixture {
    private SiteFixture() {}

    static String pageKey(int i) {
        return i % 2 == 0 ? "docs/page" + i + ".html" : "page" + i + ".html";
    }

    static Map<String, String> pages(int count) {
        Map<String, String> pages = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            pages.put(pageKey(i), "<p>page " + i + "</p>");
        }
        return pages;
    }
}
