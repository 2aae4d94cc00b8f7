package dev.edgesite.core.sync;

import java.time.Instant;

/** An object as a bucket listing shows it; the ETag is unquoted. */
public record ListedObject(String key, String etag, long size, Instant lastModified) {}
