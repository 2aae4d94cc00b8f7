package dev.edgesite.core.sync;

/** An invalidation and its status as CloudFront reports it. */
public record InvalidationState(String id, String status) {
    /** AWS says {@code Completed}, moto {@code COMPLETED}. */
    public boolean completed() {
        return "completed".equalsIgnoreCase(status);
    }
}
