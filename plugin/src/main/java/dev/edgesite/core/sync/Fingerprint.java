package dev.edgesite.core.sync;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a file name carries a content hash, so that its content never changes under that name:
 * {@code main.3f2a1b4c.js}, {@code app.9f86d081884c7d65.chunk.css} (hex, 8 or more, with a digit and
 * a letter) or Vite's {@code index-C9iZ2bLe.js} (8 URL-safe base64 characters with a digit and a
 * capital, which keeps words such as {@code -template} out). A miss only costs a shorter cache life.
 */
final class Fingerprint {
    private static final Pattern HASHED = Pattern.compile(
            "[^/]+[.-](?<hash>[0-9a-f]{8,}|[A-Za-z0-9_-]{8})(?:\\.[A-Za-z0-9]+)+");

    private Fingerprint() {}

    static boolean isFingerprinted(String key) {
        Matcher m = HASHED.matcher(key.substring(key.lastIndexOf('/') + 1));
        if (!m.matches()) {
            return false;
        }
        String hash = m.group("hash");
        boolean digit = hash.chars().anyMatch(Character::isDigit);
        boolean hex = hash.chars().allMatch(c -> Character.isDigit(c) || (c >= 'a' && c <= 'f'));
        if (hex) {
            return digit && hash.chars().anyMatch(Character::isLetter);
        }
        return digit && hash.length() == 8 && hash.chars().anyMatch(Character::isUpperCase);
    }
}
