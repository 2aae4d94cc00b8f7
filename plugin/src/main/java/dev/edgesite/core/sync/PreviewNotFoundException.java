package dev.edgesite.core.sync;

import java.util.List;

/** The preview a goal was asked to act on is not in the bucket: neither content nor marker. Nothing was changed. */
public final class PreviewNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final String bucket;
    private final transient List<String> existing;

    PreviewNotFoundException(String name, String bucket, List<String> existing) {
        super("There is no preview '" + name + "' in s3://" + bucket + ", so nothing was removed; "
                + (existing.isEmpty() ? "the stack has no previews."
                        : "its previews are " + String.join(", ", existing) + ".")
                + " Check -Dedgesite.preview (mvn edgesite:previews lists them).");
        this.name = name;
        this.bucket = bucket;
        this.existing = List.copyOf(existing);
    }

    public String name() {
        return name;
    }

    public String bucket() {
        return bucket;
    }

    public List<String> existing() {
        return existing;
    }
}
