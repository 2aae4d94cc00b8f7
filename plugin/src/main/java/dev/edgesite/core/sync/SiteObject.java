package dev.edgesite.core.sync;

/** What the bucket should hold under a key: the file's bytes (with their MD5, hex) and its headers. */
public record SiteObject(SiteFile file, String md5, ObjectHeaders headers) {
    public String key() {
        return file.key();
    }

    public long size() {
        return file.size();
    }
}
