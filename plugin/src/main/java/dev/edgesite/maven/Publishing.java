package dev.edgesite.maven;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.Digests;
import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.CloudFrontInvalidations;
import dev.edgesite.core.aws.S3Site;
import dev.edgesite.core.provision.StackLocator;
import dev.edgesite.core.sync.InvalidationResult;
import dev.edgesite.core.sync.InvalidationWaitException;
import dev.edgesite.core.sync.SiteInvalidator;
import dev.edgesite.core.sync.SiteSync;
import dev.edgesite.core.sync.SyncFailedException;
import dev.edgesite.core.sync.SyncRefusedException;
import dev.edgesite.core.sync.SyncResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * What sync, invalidate and deploy do with a provisioned stack: sync the site to its bucket,
 * invalidate on its distribution, and write what each did (or would do) to {@code sync.json} and
 * {@code invalidate.json}, so that a later invalidate, CI and people can read it.
 */
final class Publishing {
    static final String SYNC_JSON = "sync.json";
    static final String INVALIDATE_JSON = "invalidate.json";
    /** The MD5s of the site's files from the last sync, so that the next reads only files that changed. */
    static final String HASHES = "hashes.tsv";

    private final StackSettings settings;
    private final ContentSettings content;
    private final AwsClients aws;
    private final StackLocator.Located stack;
    private final OutputDirectory outputs;
    private final Log log;

    private Publishing(StackSettings settings, ContentSettings content, AwsClients aws, StackLocator.Located stack,
            OutputDirectory outputs, Log log) {
        this.settings = settings;
        this.content = content;
        this.aws = aws;
        this.stack = stack;
        this.outputs = outputs;
        this.log = log;
    }

    /** The stack's bucket and distribution, from provision's stack.json or from AWS. */
    static Publishing locate(StackSettings settings, ContentSettings content, AwsClients aws, OutputDirectory outputs,
            Log log) throws MojoFailureException {
        try {
            StackLocator.Located stack = new StackLocator(settings, aws).locate(outputs.file("stack.json"));
            return new Publishing(settings, content, aws, stack, outputs, log);
        } catch (StackLocator.StackNotFoundException e) {
            throw Advice.notProvisioned(e);
        }
    }

    /** Syncs the site; a sync that failed partway still leaves what it changed in sync.json. */
    SyncResult sync() throws MojoFailureException, MojoExecutionException, SyncFailedException {
        try {
            SyncResult result = new SiteSync(new S3Site(aws, stack.bucket()), log, outputs.file(HASHES))
                    .sync(settings.siteDirectory(), content.sync());
            log.info("Wrote " + outputs.write(SYNC_JSON, result.toJson()));
            return result;
        } catch (SyncRefusedException e) {
            throw Advice.syncRefused(e, stack.bucket());
        } catch (SyncFailedException e) {
            log.info("Wrote " + outputs.write(SYNC_JSON, e.partial().toJson()));
            throw e;
        }
    }

    /** What the last sync wrote to sync.json, provided it synced this stack's bucket. */
    SyncResult lastSync() throws MojoFailureException {
        Path file = outputs.file(SYNC_JSON);
        if (!Files.isRegularFile(file)) {
            throw Advice.noSyncResult(file);
        }
        SyncResult last;
        try {
            last = SyncResult.fromJson(Files.readString(file));
        } catch (IOException | ParseException e) {
            throw Advice.unreadableSyncResult(file, e);
        }
        if (!stack.bucket().equals(last.bucket())) {
            throw Advice.syncOfAnotherBucket(file, last.bucket(), stack.bucket());
        }
        return last;
    }

    /**
     * Invalidates what the sync changed. When that sync is the one in sync.json, invalidate.json says so
     * ({@link #invalidatedAlready()}), so that running invalidate again does not pay for the same paths twice.
     */
    InvalidationResult invalidate(SyncResult synced) throws MojoExecutionException {
        SyncResult last = lastSyncOrNull();
        boolean fromFile = last != null && last.dryRun() == synced.dryRun()
                && last.changedPaths().equals(synced.changedPaths());
        Optional<Map<String, Object>> source = fromFile ? syncFile() : Optional.empty();
        return invalidating(invalidator -> invalidator.invalidate(synced, content.invalidation()), source.orElse(null));
    }

    /**
     * The invalidation that already covered the sync in sync.json, if invalidate.json names one: created (not
     * a dry run) for that very file, unchanged since.
     */
    Optional<String> invalidatedAlready() {
        Path file = outputs.file(INVALIDATE_JSON);
        Optional<Map<String, Object>> sync = syncFile();
        if (sync.isEmpty() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> last = JSONObjectUtils.parse(Files.readString(file));
            Object id = last.get("invalidationId");
            boolean done = id instanceof String && !Boolean.TRUE.equals(last.get("dryRun"))
                    && sync.get().equals(last.get("sync"));
            return done ? Optional.of((String) id) : Optional.empty();
        } catch (IOException | ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What identifies the sync.json there is now: its SHA-256 and its modification time. */
    private Optional<Map<String, Object>> syncFile() {
        Path file = outputs.file(SYNC_JSON);
        try {
            Map<String, Object> id = new LinkedHashMap<>();
            id.put("sha256", Digests.sha256Hex(Files.readAllBytes(file)));
            id.put("modified", Files.getLastModifiedTime(file).toInstant().toString());
            id.put("bucket", stack.bucket());
            return Optional.of(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private SyncResult lastSyncOrNull() {
        try {
            return lastSync();
        } catch (MojoFailureException e) {
            return null;
        }
    }

    /** Invalidates the given URL paths. */
    InvalidationResult invalidate(List<String> paths) throws MojoExecutionException {
        return invalidating(invalidator -> invalidator.invalidate(paths, content.invalidation()), null);
    }

    /**
     * After a sync that failed partway, invalidates what it had changed already, so that viewers do not
     * keep old copies of it; a failure here is added to the sync's.
     */
    void invalidateWhatLanded(SyncFailedException failed) {
        SyncResult partial = failed.partial();
        if (!partial.changed()) {
            return;
        }
        log.warn("The sync stopped partway: invalidating the " + partial.changedPaths().size()
                + " path(s) it changed before it stopped");
        try {
            invalidate(partial);
        } catch (MojoExecutionException | RuntimeException e) {
            failed.addSuppressed(e);
            log.warn("Invalidating them failed too (" + e.getMessage() + "); " + SYNC_JSON
                    + " names them: run mvn edgesite:invalidate before the next sync");
        }
    }

    private InvalidationResult invalidating(Invalidation invalidation, Map<String, Object> sync)
            throws MojoExecutionException {
        SiteInvalidator invalidator =
                new SiteInvalidator(new CloudFrontInvalidations(aws.cloudFront(), stack.distributionId()), log);
        try {
            return written(invalidation.run(invalidator), sync);
        } catch (InvalidationWaitException e) {
            written(e.result(), sync);
            throw Advice.invalidationNotCompleted(e);
        }
    }

    private InvalidationResult written(InvalidationResult result, Map<String, Object> sync) throws MojoExecutionException {
        String json = result.toJson();
        if (sync != null) {
            try {
                Map<String, Object> withSync = JSONObjectUtils.parse(json);
                withSync.put("sync", sync);
                json = JSONObjectUtils.toJSONString(withSync);
            } catch (ParseException e) {
                throw new IllegalStateException("an invalidation's own JSON does not parse", e);
            }
        }
        log.info("Wrote " + outputs.write(INVALIDATE_JSON, json));
        return result;
    }

    private interface Invalidation {
        InvalidationResult run(SiteInvalidator invalidator) throws InvalidationWaitException;
    }
}
