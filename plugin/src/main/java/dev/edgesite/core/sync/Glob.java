package dev.edgesite.core.sync;

import java.util.regex.Pattern;

/**
 * A path pattern over object keys. {@code *} matches within one path segment, {@code **} across
 * segments ({@code **}{@code /} also matches no directory), {@code ?} one character of a segment,
 * {@code {a,b}} either alternative. A pattern with a leading {@code /} is anchored at the site root;
 * a pattern without any {@code /} matches a file name at any depth ({@code *.css}); any other pattern
 * matches the whole key ({@code assets/**}).
 */
public final class Glob {
    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    public static Glob of(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a pattern must not be empty");
        }
        String body = pattern.startsWith("/") ? pattern.substring(1)
                : pattern.indexOf('/') < 0 ? "**/" + pattern : pattern;
        return new Glob(pattern, Pattern.compile(toRegex(pattern, body)));
    }

    public boolean matches(String key) {
        return regex.matcher(key).matches();
    }

    @Override
    public String toString() {
        return pattern;
    }

    private static String toRegex(String pattern, String glob) {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean directories = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                        regex.append(directories ? "(?:.*/)?" : ".*");
                        i += directories ? 2 : 1;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '{' -> {
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (--braces < 0) {
                        throw new IllegalArgumentException("unbalanced '}' in pattern " + pattern);
                    }
                    regex.append(')');
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unbalanced '{' in pattern " + pattern);
        }
        return regex.toString();
    }
}
