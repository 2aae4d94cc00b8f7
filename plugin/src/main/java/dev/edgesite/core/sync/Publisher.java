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
import dev.edgesite.core.settings.Previews;
import dev.edgesite.core.settings.StackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What sync, invalidate and deploy do with a provisioned stack: sync the site to its bucket, invalidate
 * on its distribution, and keep what each did (or would do) in {@code sync.json} and
 * {@code invalidate.json}. Those files are how a later invalidate knows what the last sync changed and
 * whether that was invalidated already; CI and people read them too.
 *
 * <p>With a preview ({@code edgesite.preview}) the same sync and invalidation act on the preview alone: its keys
 * under {@code _previews/<name>/} ({@link PrefixedBucket}), its invalidation paths under {@code /_previews/<name>/},
 * its files in {@code previews/<name>/} of the output directory. The main site's keys, files and cache are never
 * touched by a preview, and the main site's sync never touches a preview's keys.
 */
public final class Publisher {
    public static final String SYNC_JSON = "sync.json";
    public static final String INVALIDATE_JSON = "invalidate.json";
    /** The MD5s of the site's files from the last sync, so that the next reads only files that changed. */
    public static final String HASHES = "hashes.tsv";
    /** Where a preview's sync.json, invalidate.json and hashes.tsv go: {@code previews/<name>/}. */
    public static final String PREVIEWS_DIRECTORY = "previews";
    /** What the previews goal lists. */
    public static final String PREVIEWS_JSON = "previews.json";

    private final StackSettings settings;
    private final ContentSettings content;
    private final AwsClients aws;
    private final StackLocator.Located stack;
    /** The preview's own files, or the root's for the main site. */
    private final OutputDirectory outputs;
    private final OutputDirectory root;
    private final Log log;
    private final Clock clock;
    /** The preview acted on, or null for the main site. */
    private final String preview;

    private Publisher(StackSettings settings, ContentSettings content, AwsClients aws, StackLocator.Located stack,
            OutputDirectory root, Log log, Clock clock) {
        this.settings = settings;
        this.content = content;
        this.aws = aws;
        this.stack = stack;
        this.preview = settings.previews().name();
        this.root = root;
        this.outputs = preview == null ? root : root.subdirectory(PREVIEWS_DIRECTORY + "/" + preview);
        this.log = log;
        this.clock = clock;
    }

    /**
     * The stack's bucket and distribution, from provision's stack.json or from AWS;
     * {@link StackLocator.StackNotFoundException} when the stack was never provisioned.
     */
    public static Publisher locate(StackSettings settings, ContentSettings content, AwsClients aws,
            OutputDirectory outputs, Log log) {
        return locate(settings, content, aws, outputs, log, Clock.systemUTC());
    }

    /** @param clock what a preview's deploy time and the previews' ages are read from */
    public static Publisher locate(StackSettings settings, ContentSettings content, AwsClients aws,
            OutputDirectory outputs, Log log, Clock clock) {
        StackLocator.Located stack = new StackLocator(settings, aws).locate(outputs.file(StackOutputs.FILE));
        return new Publisher(settings, content, aws, stack, outputs, log, clock);
    }

    public String bucket() {
        return stack.bucket();
    }

    /** The same stack, acting on another preview. */
    private Publisher forPreview(String name) {
        return new Publisher(settings.withPreview(name), content, aws, stack, root, log, clock);
    }

    /** What is synced: the bucket, or the preview's part of it. */
    private SiteBucket site() {
        S3Site bucket = new S3Site(aws, stack.bucket());
        return preview == null ? bucket : new PrefixedBucket(bucket, Previews.keyPrefix(preview));
    }

    private PreviewSites previews() {
        return new PreviewSites(new S3Site(aws, stack.bucket()));
    }

    /** The preview's URL, or null when the stack has no domain. */
    public String previewUrl(String name) {
        return settings.hasDomain() ? "https://" + Previews.host(name, settings.siteHost()) + "/" : null;
    }

    /** Syncs the site; a sync that failed partway still leaves what it changed in sync.json. */
    public SyncResult sync() throws SyncRefusedException, SyncFailedException {
        try {
            SyncResult result = new SiteSync(site(), log, outputs.file(HASHES))
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
     *
     * <p>A preview's deploy writes its marker after the sync (every time: it is the preview's last deploy) and
     * says its URL. The main site's deploy, on a stack with previews, then removes the previews last deployed
     * longer than {@code <previews><maxAgeDays>} ago.
     */
    public InvalidationResult deploy() throws SyncRefusedException, SyncFailedException, InvalidationWaitException {
        if (preview != null) {
            requirePreviewsServed();
        }
        SyncResult synced;
        try {
            synced = sync();
        } catch (SyncFailedException e) {
            invalidateWhatLanded(e);
            throw e;
        }
        if (preview != null) {
            mark(synced);
        }
        InvalidationResult invalidated = invalidate(synced);
        if (preview != null) {
            String url = previewUrl(preview);
            log.info("Preview " + preview + ": " + (url != null ? url : "s3://" + site().name()));
        } else if (settings.previews().enabled()) {
            expirePreviews();
        }
        return invalidated;
    }

    /**
     * A preview deploy needs the distribution to carry {@code *.preview.<site host>}, which provision adds once
     * previews are on; without it the preview's URL reaches nothing, so nothing is published.
     */
    private void requirePreviewsServed() throws PreviewsNotServedException {
        String wildcard = settings.previewWildcard();
        if (wildcard == null) {
            return;
        }
        List<String> aliases = aws.cloudFront().getDistributionConfig(r -> r.id(stack.distributionId()))
                .distributionConfig().aliases().items();
        if (!aliases.contains(wildcard)) {
            throw new PreviewsNotServedException(preview, wildcard, stack.distributionId());
        }
    }

    private void mark(SyncResult synced) {
        String key = Previews.markerKey(preview);
        if (synced.dryRun()) {
            log.info("Would write " + key + " (the preview's last deploy); dry run");
            return;
        }
        PreviewSites.Preview marked = previews().mark(preview, clock.instant());
        log.info("Wrote " + key + ": preview " + preview + " deployed at " + marked.lastDeploy() + ", "
                + SyncReport.count((int) marked.files(), "file") + ", " + Units.bytes(marked.bytes()));
    }

    /** The previews in the bucket, printed as a table and written to {@code previews.json}. */
    public List<PreviewSites.Preview> listPreviews() {
        Instant now = clock.instant();
        List<PreviewSites.Preview> previews = previews().list();
        if (previews.isEmpty()) {
            log.info("s3://" + stack.bucket() + " holds no preview");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "URL", "FILES", "SIZE", "LAST DEPLOY", "AGE"});
            for (PreviewSites.Preview p : previews) {
                Duration age = p.age(now);
                rows.add(new String[] {p.name(), Objects.toString(previewUrl(p.name()), "(set <domain>)"), String.valueOf(p.files()),
                        Units.bytes(p.bytes()),
                        p.lastDeploy() == null ? "unknown" : p.lastDeploy().truncatedTo(ChronoUnit.SECONDS).toString(),
                        age == null ? "" : age.toDays() + " d"});
            }
            int[] widths = new int[rows.get(0).length];
            rows.forEach(row -> {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            });
            log.info(previews.size() + " preview(s) in s3://" + stack.bucket() + ":");
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]))
                            .append(i < row.length - 1 ? "  " : "");
                }
                log.info(line.toString().stripTrailing());
            }
        }
        log.info("Wrote " + root.write(PREVIEWS_JSON,
                PreviewSites.toJson(stack.bucket(), now, previews, this::previewUrl)));
        return previews;
    }

    /**
     * Removes the preview this publisher acts on: its content, then its marker, then its cached copies
     * ({@code /_previews/<name>/*}). A dry run says what it would remove and removes nothing. A preview that is not
     * in the bucket (removed already, by an earlier run or by expiry) is said to be gone, naming those there are,
     * and nothing is sent: removing is idempotent, so a clean-up job may run after expiry.
     */
    public Optional<PreviewSites.Preview> removePreview() throws InvalidationWaitException {
        if (preview == null) {
            throw new IllegalStateException("no preview to remove: the main site is never removed this way");
        }
        PreviewSites sites = previews();
        Optional<PreviewSites.Preview> found = sites.find(preview);
        if (found.isEmpty()) {
            List<String> existing = sites.list().stream().map(PreviewSites.Preview::name).toList();
            log.warn("There is no preview '" + preview + "' in s3://" + stack.bucket() + ", so nothing was removed ("
                    + (existing.isEmpty() ? "the stack has no previews"
                            : "its previews are " + String.join(", ", existing))
                    + "). Removed already? Otherwise check -D" + "edgesite.preview (mvn edgesite:previews lists them).");
            return Optional.empty();
        }
        remove(sites, found.get(), "");
        return found;
    }

    /**
     * Removes the previews last deployed more than {@code <previews><maxAgeDays>} ago, saying so for each; a dry
     * run only says it. A removal that fails is reported and the others go on: the next deploy tries again.
     */
    public List<PreviewSites.Preview> expirePreviews() {
        Instant now = clock.instant();
        int maxAgeDays = settings.previews().maxAgeDays();
        Duration limit = Duration.ofDays(maxAgeDays);
        List<PreviewSites.Preview> expired = new ArrayList<>();
        PreviewSites sites = previews();
        for (PreviewSites.Preview p : sites.list()) {
            Duration age = p.age(now);
            if (age == null || age.compareTo(limit) <= 0) {
                continue;
            }
            String why = ": last deployed " + p.lastDeploy() + ", " + age.toDays() + " days ago, older than"
                    + " <previews><maxAgeDays> " + maxAgeDays;
            try {
                forPreview(p.name()).remove(sites, p, why);
                expired.add(p);
            } catch (InvalidationWaitException | RuntimeException e) {
                log.warn("Removing preview " + p.name() + " failed (" + e.getMessage() + "); the next deploy of the"
                        + " main site tries again, or run mvn edgesite:remove-preview -Dedgesite.preview=" + p.name());
            }
        }
        if (expired.isEmpty()) {
            log.debug("No preview was last deployed more than " + maxAgeDays + " days ago");
        }
        return expired;
    }

    private void remove(PreviewSites sites, PreviewSites.Preview p, String why) throws InvalidationWaitException {
        String what = " (" + SyncReport.count((int) p.files(), "file") + ", " + Units.bytes(p.bytes()) + " under s3://"
                + stack.bucket() + "/" + p.keyPrefix() + ")";
        if (content.invalidation().dryRun()) {
            log.info("Would remove preview " + p.name() + why + what + " (dry run: nothing removed)");
        } else {
            sites.remove(p.name());
            log.info("Removed preview " + p.name() + why + what);
        }
        invalidating(invalidator -> invalidator.invalidate(List.of("/*"), content.invalidation()), null);
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
        if (!site().name().equals(last.bucket())) {
            throw new LastSyncException(LastSyncException.Problem.OTHER_BUCKET, file, last.bucket(), site().name(),
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
        SiteInvalidator invalidator = new SiteInvalidator(
                new CloudFrontInvalidations(aws.cloudFront(), stack.distributionId()), log,
                preview == null ? "" : "/" + Previews.KEY_PREFIX + preview);
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
