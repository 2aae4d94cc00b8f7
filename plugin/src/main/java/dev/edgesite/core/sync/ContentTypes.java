package dev.edgesite.core.sync;

import java.util.Locale;
import java.util.Map;

/** Content-Type by file extension: the types browsers expect on the web, text declared as UTF-8. */
public final class ContentTypes {
    static final String UNKNOWN = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            text("html", "text/html"),
            text("htm", "text/html"),
            text("xhtml", "application/xhtml+xml"),
            text("css", "text/css"),
            text("js", "text/javascript"),
            text("mjs", "text/javascript"),
            text("cjs", "text/javascript"),
            text("json", "application/json"),
            text("map", "application/json"),
            text("jsonld", "application/ld+json"),
            text("webmanifest", "application/manifest+json"),
            text("xml", "application/xml"),
            text("xsl", "application/xml"),
            text("rss", "application/rss+xml"),
            text("atom", "application/atom+xml"),
            text("svg", "image/svg+xml"),
            text("txt", "text/plain"),
            text("md", "text/markdown"),
            text("csv", "text/csv"),
            text("tsv", "text/tab-separated-values"),
            text("yaml", "application/yaml"),
            text("yml", "application/yaml"),
            text("ics", "text/calendar"),
            text("vtt", "text/vtt"),
            binary("png", "image/png"),
            binary("apng", "image/apng"),
            binary("jpg", "image/jpeg"),
            binary("jpeg", "image/jpeg"),
            binary("gif", "image/gif"),
            binary("webp", "image/webp"),
            binary("avif", "image/avif"),
            binary("ico", "image/vnd.microsoft.icon"),
            binary("bmp", "image/bmp"),
            binary("tif", "image/tiff"),
            binary("tiff", "image/tiff"),
            binary("woff", "font/woff"),
            binary("woff2", "font/woff2"),
            binary("ttf", "font/ttf"),
            binary("otf", "font/otf"),
            binary("eot", "application/vnd.ms-fontobject"),
            binary("wasm", "application/wasm"),
            binary("pdf", "application/pdf"),
            binary("zip", "application/zip"),
            binary("gz", "application/gzip"),
            binary("tgz", "application/gzip"),
            binary("jar", "application/java-archive"),
            binary("mp4", "video/mp4"),
            binary("webm", "video/webm"),
            binary("ogv", "video/ogg"),
            binary("mp3", "audio/mpeg"),
            binary("ogg", "audio/ogg"),
            binary("oga", "audio/ogg"),
            binary("wav", "audio/wav"),
            binary("m4a", "audio/mp4"));

    private ContentTypes() {}

    public static String forKey(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return UNKNOWN;
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), UNKNOWN);
    }

    private static Map.Entry<String, String> text(String extension, String type) {
        return Map.entry(extension, type + "; charset=utf-8");
    }

    private static Map.Entry<String, String> binary(String extension, String type) {
        return Map.entry(extension, type);
    }
}
