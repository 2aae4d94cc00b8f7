package dev.edgesite.core.settings;

import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.sync.CacheControlRules;
import dev.edgesite.core.sync.Glob;
import dev.edgesite.core.sync.InvalidationOptions;
import dev.edgesite.core.sync.InvalidationPlanner;
import dev.edgesite.core.sync.SyncOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the sync and invalidate values a user wrote into {@link ContentSettings}, checking each
 * before any AWS call. Unset (null or blank) values take their defaults; every problem is reported
 * at once, naming the pom element and its property.
 */
public final class ContentSettingsValidator {
    private boolean dryRun;
    private boolean indexExample;
    private Boolean delete;
    private String maxDeletes;
    private Boolean allowDeletes;
    private String concurrency;
    private List<CacheControlRules.Rule> cacheControl;
    private List<String> invalidatePaths;
    private Boolean waitForInvalidation;
    private String maxPaths;
    private final List<InvalidSettingException> problems = new ArrayList<>();

    public ContentSettingsValidator dryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    public ContentSettingsValidator indexExample(boolean indexExample) {
        this.indexExample = indexExample;
        return this;
    }

    public ContentSettingsValidator delete(Boolean delete) {
        this.delete = delete;
        return this;
    }

    public ContentSettingsValidator maxDeletes(String maxDeletes) {
        this.maxDeletes = maxDeletes;
        return this;
    }

    public ContentSettingsValidator allowDeletes(Boolean allowDeletes) {
        this.allowDeletes = allowDeletes;
        return this;
    }

    public ContentSettingsValidator concurrency(String concurrency) {
        this.concurrency = concurrency;
        return this;
    }

    public ContentSettingsValidator cacheControl(List<CacheControlRules.Rule> cacheControl) {
        this.cacheControl = cacheControl;
        return this;
    }

    public ContentSettingsValidator invalidatePaths(List<String> invalidatePaths) {
        this.invalidatePaths = invalidatePaths;
        return this;
    }

    public ContentSettingsValidator waitForInvalidation(Boolean waitForInvalidation) {
        this.waitForInvalidation = waitForInvalidation;
        return this;
    }

    public ContentSettingsValidator maxPaths(String maxPaths) {
        this.maxPaths = maxPaths;
        return this;
    }

    /** The settings, or {@link SettingsValidator.InvalidSettings} listing every problem found. */
    public ContentSettings validate() {
        problems.clear();
        int checkedMaxDeletes = number("maxDeletes", maxDeletes, SyncOptions.DEFAULT_MAX_DELETES, 0, Integer.MAX_VALUE,
                "Set <sync><maxDeletes> (edgesite.sync.maxDeletes) to the most objects one sync may delete, 0 or more");
        int checkedConcurrency = number("concurrency", concurrency, SyncOptions.DEFAULT_CONCURRENCY, 1,
                AwsClients.DEFAULT_MAX_CONNECTIONS, "Set <sync><concurrency> (edgesite.sync.concurrency) to the"
                        + " requests in flight at once, 1 to " + AwsClients.DEFAULT_MAX_CONNECTIONS);
        List<CacheControlRules.Rule> checkedRules = checkedCacheControl();
        int checkedMaxPaths = number("maxPaths", maxPaths, InvalidationPlanner.DEFAULT_MAX_PATHS, 1,
                InvalidationPlanner.MAX_FILE_PATHS, "Set <invalidate><maxPaths> (edgesite.invalidate.maxPaths) to 1"
                        + " to " + InvalidationPlanner.MAX_FILE_PATHS + "; more changed paths are collapsed into"
                        + " wildcards such as /docs/*");
        List<String> checkedPaths = checkedInvalidatePaths();
        if (!problems.isEmpty()) {
            throw new SettingsValidator.InvalidSettings(problems);
        }
        SyncOptions sync = SyncOptions.builder()
                .dryRun(dryRun)
                .indexExample(indexExample)
                .delete(delete == null || delete)
                .maxDeletes(checkedMaxDeletes)
                .forceDeletes(Boolean.TRUE.equals(allowDeletes))
                .concurrency(checkedConcurrency)
                .cacheControl(CacheControlRules.of(checkedRules))
                .build();
        InvalidationOptions invalidation = new InvalidationOptions(checkedMaxPaths,
                Boolean.TRUE.equals(waitForInvalidation), InvalidationOptions.DEFAULT_TIMEOUT, dryRun);
        return new ContentSettings(sync, invalidation, checkedPaths);
    }

    private int number(String element, String value, int unset, int min, int max, String fix) {
        String text = clean(value);
        if (text == null) {
            return unset;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
            problems.add(new InvalidSettingException(element, text, n < min ? "is less than " + min
                    : "is more than " + max, fix));
        } catch (NumberFormatException e) {
            problems.add(new InvalidSettingException(element, text, "is not a whole number", fix));
        }
        return unset;
    }

    private List<CacheControlRules.Rule> checkedCacheControl() {
        String fix = "Give each <sync><cacheControl><rule> a <pattern> such as *.pdf, assets/** or /index.html and a"
                + " <value> such as max-age=3600";
        List<CacheControlRules.Rule> rules = new ArrayList<>();
        for (CacheControlRules.Rule rule : listed(cacheControl)) {
            String pattern = clean(rule.pattern());
            String value = clean(rule.cacheControl());
            if (pattern == null) {
                problems.add(new InvalidSettingException("pattern", null, "is empty", fix));
            } else {
                try {
                    Glob.of(pattern);
                } catch (IllegalArgumentException e) {
                    problems.add(new InvalidSettingException("pattern", pattern, e.getMessage(), fix));
                }
            }
            if (value == null) {
                problems.add(new InvalidSettingException("value", null, "is empty in the rule for " + pattern, fix));
            } else if (value.chars().anyMatch(Character::isISOControl)) {
                problems.add(new InvalidSettingException("value", value.replaceAll("\\p{Cntrl}", "?"),
                        "has a line break or control character, which no HTTP header may carry",
                        "Write the <value> of the rule for " + pattern + " on one line"));
            }
            rules.add(new CacheControlRules.Rule(pattern, value));
        }
        return rules;
    }

    private List<String> checkedInvalidatePaths() {
        List<String> paths = new ArrayList<>();
        for (String path : listed(invalidatePaths)) {
            String value = clean(path);
            if (value == null) {
                continue;
            }
            if (InvalidationPlanner.isValid(value)) {
                paths.add(value);
            } else {
                problems.add(new InvalidSettingException("paths", value,
                        "is not a CloudFront invalidation path", "Write each entry of <invalidate><paths>"
                                + " (edgesite.invalidate.paths) from the site's root, with * only at the end, such as"
                                + " /index.html or /docs/*"));
            }
        }
        return paths;
    }

    private static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static <T> List<T> listed(List<T> values) {
        return values == null ? List.of() : values;
    }
}
