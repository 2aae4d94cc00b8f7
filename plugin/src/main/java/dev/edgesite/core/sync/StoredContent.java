package dev.edgesite.core.sync;

/** What an object is known to hold: its bytes by MD5 and size, the ETag S3 gave them, its headers. */
record StoredContent(String md5, long size, String etag, ObjectHeaders headers) {}
