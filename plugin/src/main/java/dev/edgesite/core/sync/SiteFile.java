package dev.edgesite.core.sync;

/** A file of the site under its object key (relative, {@code /}-separated, no leading slash). */
public record SiteFile(String key, long size, ContentSource content) {}
