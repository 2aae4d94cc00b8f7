package dev.edgesite.core.sync;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** MD5 of streamed bytes, in the two spellings S3 uses: hex (ETag) and base64 (Content-MD5). */
public final class Md5 {
    private static final int BUFFER = 64 * 1024;

    private Md5() {}

    public static String hex(InputStream in) throws IOException {
        return new Hasher().hex(in);
    }

    public static String hex(ContentSource source) throws IOException {
        return new Hasher().hex(source);
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** Hashes one stream after another with one digest and one buffer: for a thread that hashes many files. */
    static final class Hasher {
        private final MessageDigest md5 = newDigest();
        private final byte[] buffer = new byte[BUFFER];

        String hex(ContentSource source) throws IOException {
            try (InputStream in = source.open()) {
                return hex(in);
            }
        }

        String hex(InputStream in) throws IOException {
            md5.reset();
            for (int n; (n = in.read(buffer)) != -1; ) {
                md5.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        }
    }

    public static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
