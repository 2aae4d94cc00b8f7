package dev.edgesite.core.sync;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.Digests;
import dev.edgesite.core.Log;
import dev.edgesite.core.OutputDirectory;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.CloudFrontInvalidations;
import dev.edgesite.core.aws.S3Site;
import dev.edgesite.core.provision.StackLocator;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.settings.ContentSettings;
import dev.edgesite.core.settings.StackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What sync, invalidate and deploy do with a provisioned stack: sync the site to its bucket, invalidate
 * on its distribution, and keep what each did (or would do) in {@code sync.json} and
 * {@code invalidate.json}. Those files are how a later invalidate knows what the last sync changed and
 * whether that was invalidated already; CI and people read them too.
 */
public final class Publisher {
    public static final String SYNC_JSON = "sync.json";
    public static final String INVALIDATE_JSON = "invalidate.json";
    /** The MD5s of the site's files from the last sync, so that the next reads only files that changed. */
    public static final String HASHES = "hashes.tsv";

    private final StackSettings settings;
    private final ContentSettings content;
    private final AwsClients aws;
    private final StackLocator.Located stack;
    private final OutputDirectory outputs;
    private final Log log;

    private Publisher(StackSettings settings, ContentSettings content, AwsClients aws, StackLocator.Located stack,
            OutputDirectory outputs, Log log) {
        this.settings = settings;
        this.content = content;
        this.aws = aws;
        this.stack = stack;
        this.outputs = outputs;
        this.log = log;
    }

    /**
     * The stack's bucket and distribution, from provision's stack.json or from AWS;
     * {@link StackLocator.StackNotFoundException} when the stack was never provisioned.
     */
    public static Publisher locate(StackSettings settings, ContentSettings content, AwsClients aws,
            OutputDirectory outputs, Log log) {
        StackLocator.Located stack = new StackLocator(settings, aws).locate(outputs.file(StackOutputs.FILE));
        return new Publisher(settings, content, aws, stack, outputs, log);
    }

    public String bucket() {
        return stack.bucket();
    }

    /** Syncs the site; a sync that failed partway still leaves what it changed in sync.json. */
    public SyncResult sync() throws SyncRefusedException, SyncFailedException {
        try {
            SyncResult result = new SiteSync(new S3Site(aws, stack.bucket()), log, outputs.file(HASHES))
                    .sync(settings.siteDirectory(), content.sync());
            log.info("Wrote " + outputs.write(SYNC_JSON, result.toJson()));
            return result;
        } catch (SyncFailedException e) {
            log.info("Wrote " + outputs.write(SYNC_JSON, e.partial().toJson()));
            throw e;
        }
    }

    /**
     * Syncs, then invalidates what the sync changed. A sync that fails partway still has what it had
     * changed invalidated, so that viewers do not keep old copies of it, before the failure goes on.
     */
    public InvalidationResult deploy() throws SyncRefusedException, SyncFailedException, InvalidationWaitException {
        SyncResult synced;
        try {
            synced = sync();
        } catch (SyncFailedException e) {
            invalidateWhatLanded(e);
            throw e;
        }
        return invalidate(synced);
    }

    /**
     * The invalidate goal: the configured paths, else what the last sync changed, unless invalidate.json
     * says that very sync was invalidated already (then nothing is sent, so the same paths are not paid
     * twice, and the result is empty).
     */
    public Optional<InvalidationResult> invalidate() throws InvalidationWaitException {
        if (!content.invalidatePaths().isEmpty()) {
            return Optional.of(invalidating(invalidator ->
                    invalidator.invalidate(content.invalidatePaths(), content.invalidation()), null));
        }
        Optional<String> done = invalidatedAlready();
        if (done.isPresent()) {
            log.info("The last sync's changes were invalidated already (invalidation " + done.get()
                    + "), so nothing was sent. Sync again first, or name paths in <invalidate><paths>"
                    + " (edgesite.invalidate.paths) to invalidate them regardless.");
            return Optional.empty();
        }
        return Optional.of(invalidate(lastSync()));
    }

    /** What the last sync wrote to sync.json, provided it synced this stack's bucket. */
    SyncResult lastSync() {
        Path file = outputs.file(SYNC_JSON);
        if (!Files.isRegularFile(file)) {
            throw new LastSyncException(LastSyncException.Problem.MISSING, file, null, stack.bucket(), null);
        }
        SyncResult last;
        try {
            last = SyncResult.fromJson(Files.readString(file));
        } catch (IOException | ParseException | RuntimeException e) {
            throw new LastSyncException(LastSyncException.Problem.UNREADABLE, file, null, stack.bucket(), e);
        }
        if (!stack.bucket().equals(last.bucket())) {
            throw new LastSyncException(LastSyncException.Problem.OTHER_BUCKET, file, last.bucket(), stack.bucket(),
                    null);
        }
        return last;
    }

    /**
     * Invalidates what the sync in sync.json changed ({@code synced} is what that file holds: every caller wrote
     * or read it just now), and says so in invalidate.json ({@link #invalidatedAlready()}), so that running
     * invalidate again does not pay for the same paths twice.
     */
    InvalidationResult invalidate(SyncResult synced) throws InvalidationWaitException {
        return invalidating(invalidator -> invalidator.invalidate(synced, content.invalidation()),
                syncFile().orElse(null));
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

    /**
     * After a sync that failed partway, invalidates what it had changed already; a failure here is added
     * to the sync's.
     */
    private void invalidateWhatLanded(SyncFailedException failed) {
        SyncResult partial = failed.partial();
        if (!partial.changed()) {
            return;
        }
        log.warn("The sync stopped partway: invalidating the " + partial.changedPaths().size()
                + " path(s) it changed before it stopped");
        try {
            invalidate(partial);
        } catch (InvalidationWaitException | RuntimeException e) {
            failed.addSuppressed(e);
            log.warn("Invalidating them failed too (" + e.getMessage() + "); " + SYNC_JSON
                    + " names them: run mvn edgesite:invalidate before the next sync");
        }
    }

    private InvalidationResult invalidating(Invalidation invalidation, Map<String, Object> sync)
            throws InvalidationWaitException {
        SiteInvalidator invalidator =
                new SiteInvalidator(new CloudFrontInvalidations(aws.cloudFront(), stack.distributionId()), log);
        try {
            return written(invalidation.run(invalidator), sync);
        } catch (InvalidationWaitException e) {
            written(e.result(), sync);
            throw e;
        }
    }

    private InvalidationResult written(InvalidationResult result, Map<String, Object> sync) {
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
