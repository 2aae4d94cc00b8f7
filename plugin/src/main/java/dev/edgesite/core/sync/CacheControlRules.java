package dev.edgesite.core.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Cache-Control by the first rule whose pattern matches the key: configured rules first, then the
 * defaults. Pages (and so the 404 page) are revalidated on every view, fingerprinted assets are
 * kept a year, anything else five minutes.
 */
public final class CacheControlRules {
    public static final String REVALIDATE = "no-cache";
    public static final String IMMUTABLE = "max-age=31536000, immutable";
    public static final String SHORT = "max-age=300";

    /** A configured rule: a {@link Glob} pattern and the Cache-Control value for keys it matches. */
    public record Rule(String pattern, String cacheControl) {}

    private record Matching(Predicate<String> matches, String cacheControl) {}

    private static final List<Matching> DEFAULTS = List.of(
            new Matching(Glob.of("*.{html,htm}")::matches, REVALIDATE),
            new Matching(Fingerprint::isFingerprinted, IMMUTABLE),
            new Matching(key -> true, SHORT));

    private final List<Matching> rules;

    private CacheControlRules(List<Matching> rules) {
        this.rules = List.copyOf(rules);
    }

    public static CacheControlRules defaults() {
        return new CacheControlRules(DEFAULTS);
    }

    /** The given rules ahead of the defaults; a bad pattern or an empty value is an IllegalArgumentException. */
    public static CacheControlRules of(List<Rule> configured) {
        List<Matching> rules = new ArrayList<>();
        for (Rule rule : configured) {
            if (rule.cacheControl() == null || rule.cacheControl().isBlank()) {
                throw new IllegalArgumentException("the rule for " + rule.pattern() + " has no Cache-Control value");
            }
            rules.add(new Matching(Glob.of(rule.pattern())::matches, rule.cacheControl().strip()));
        }
        rules.addAll(DEFAULTS);
        return new CacheControlRules(rules);
    }

    public String forKey(String key) {
        for (Matching rule : rules) {
            if (rule.matches().test(key)) {
                return rule.cacheControl();
            }
        }
        throw new IllegalStateException("the last default rule matches every key");
    }

    ObjectHeaders headersFor(String key) {
        return new ObjectHeaders(ContentTypes.forKey(key), forKey(key));
    }
}
