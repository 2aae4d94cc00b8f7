package dev.edgesite.core.sync;

import java.util.Comparator;

/**
 * The order S3 lists keys in: by their UTF-8 bytes, which is the order of their code points. Java's own
 * string order (UTF-16 units) differs for characters beyond U+FFFF, so ranges of a listing are cut and
 * compared in this one.
 */
public final class KeyOrder {
    public static final Comparator<String> UTF8 = KeyOrder::compare;

    private KeyOrder() {}

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
