package dev.edgesite.core.sync;

/** The HTTP headers an object is served with. */
public record ObjectHeaders(String contentType, String cacheControl) {}
