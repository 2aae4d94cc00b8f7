package dev.edgesite.core.settings;

import java.util.regex.Pattern;

/**
 * Preview sites: one per branch or pull request, under a prefix of the stack's bucket, at
 * {@code https://<name>.preview.<service>.<domain>}, behind the same login as the site.
 *
 * @param enabled whether the stack serves previews (its certificate, distribution and DNS cover them)
 * @param maxAgeDays a preview not deployed for longer is removed by the next deploy of the main site
 * @param name the preview a goal acts on ({@code edgesite.preview}), or null for the main site
 */
public record Previews(boolean enabled, int maxAgeDays, String name) {
    public static final int DEFAULT_MAX_AGE_DAYS = 14;
    public static final int MAX_MAX_AGE_DAYS = 3650;
    public static final int MAX_NAME_LENGTH = 40;
    /** Where previews live in the bucket: {@code _previews/<name>/}. The main site never serves a key under it. */
    public static final String KEY_PREFIX = "_previews/";
    /** The label under the site's name that holds the previews: {@code <name>.preview.<site host>}. */
    public static final String LABEL = "preview";
    private static final String MARKER_SUFFIX = ".json";
    public static final Previews OFF = new Previews(false, DEFAULT_MAX_AGE_DAYS, null);

    /** A DNS label: lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    /** What a preview name must be, for error messages. */
    public static final String NAME_RULE = "a preview name is one DNS label: 1 to " + MAX_NAME_LENGTH
            + " lower-case letters, digits and hyphens, starting and ending with a letter or digit";

    /** Why {@code name} is not a preview name, or null if it is one. Nothing is rewritten: a bad name is refused. */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "has " + name.length() + " characters, more than " + MAX_NAME_LENGTH;
        }
        if (!NAME.matcher(name).matches()) {
            return "is not a DNS label of lower-case letters, digits and hyphens";
        }
        return null;
    }

    public boolean isPreview() {
        return name != null;
    }

    /** The previews' parent name, {@code preview.<site host>}: the wildcard's base. */
    public static String domain(String siteHost) {
        return LABEL + "." + siteHost;
    }

    /** The wildcard name the certificate, the distribution and DNS carry: {@code *.preview.<site host>}. */
    public static String wildcard(String siteHost) {
        return "*." + domain(siteHost);
    }

    /** A preview's host name. */
    public static String host(String name, String siteHost) {
        return name + "." + domain(siteHost);
    }

    /** A preview's key prefix in the bucket, {@code _previews/<name>/}. */
    public static String keyPrefix(String name) {
        return KEY_PREFIX + name + "/";
    }

    /**
     * The key of a preview's marker, {@code _previews/<name>.json}, which says when it was last deployed: outside
     * every preview's prefix, so that neither a preview nor the main site serves it.
     */
    public static String markerKey(String name) {
        return KEY_PREFIX + name + MARKER_SUFFIX;
    }

    /** The preview a key under {@link #KEY_PREFIX} belongs to: {@code _previews/<name>/...} or its marker. */
    public static String nameOf(String key) {
        String rest = key.substring(KEY_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            return rest.substring(0, slash);
        }
        return rest.endsWith(MARKER_SUFFIX) ? rest.substring(0, rest.length() - MARKER_SUFFIX.length()) : rest;
    }
}
