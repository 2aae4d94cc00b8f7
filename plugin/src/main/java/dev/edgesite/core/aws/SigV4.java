package dev.edgesite.core.aws;

import dev.edgesite.core.Digests;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * AWS Signature Version 4 in an {@code Authorization} header, the way S3 wants it: the path is encoded
 * once and never normalized, and the payload is named by its hash or as {@code UNSIGNED-PAYLOAD}. The
 * signing key changes once a day and is derived once per day; SHA-256 comes from {@link Digests}.
 */
final class SigV4 {
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final String service;
    private volatile SigningKey key;
    private volatile Timestamp timestamp = new Timestamp(Long.MIN_VALUE, "");

    SigV4(String region, String service) {
        this.region = region;
        this.service = service;
    }

    /** The last second formatted: thousands of requests a second share it. */
    private record Timestamp(long epochSecond, String text) {}

    private record SigningKey(String secret, String day, byte[] bytes) {
        @Override
        public String toString() {
            return "SigningKey[" + day + "]";
        }
    }

    /**
     * The headers to send: {@code headers} (names in any case) plus {@code host},
     * {@code x-amz-date}, {@code x-amz-content-sha256}, the session token when there is one, and
     * {@code authorization}, every name in lower case. {@code encodedPath} is the path as it goes on
     * the wire; {@code query} holds raw (unencoded) names and values.
     */
    SortedMap<String, String> sign(String method, String host, String encodedPath, Map<String, String> query,
            Map<String, String> headers, String payloadHash, AwsCredentials credentials, Instant now) {
        String timestamp = timestamp(now);
        String day = timestamp.substring(0, 8);
        SortedMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value));
        signed.put("host", host);
        signed.put("x-amz-date", timestamp);
        signed.put("x-amz-content-sha256", payloadHash);
        if (credentials instanceof AwsSessionCredentials session) {
            signed.put("x-amz-security-token", session.sessionToken());
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(trim(value)).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = method + '\n' + encodedPath + '\n' + canonicalQuery(query) + '\n'
                + canonicalHeaders + '\n' + signedHeaders + '\n' + payloadHash;
        String scope = day + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = ALGORITHM + '\n' + timestamp + '\n' + scope + '\n' + Digests.sha256Hex(canonicalRequest);
        String signature = HEX.formatHex(hmac(signingKey(credentials.secretAccessKey(), day), stringToSign));
        SortedMap<String, String> out = new TreeMap<>(signed);
        out.put("authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return out;
    }

    private String timestamp(Instant now) {
        Timestamp t = timestamp;
        if (t.epochSecond() != now.getEpochSecond()) {
            t = new Timestamp(now.getEpochSecond(), TIMESTAMP.format(now));
            timestamp = t;
        }
        return t.text();
    }

    /** Query parameters sorted by encoded name, then value, each encoded as SigV4 wants it. */
    static String canonicalQuery(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        SortedMap<String, String> encoded = new TreeMap<>();
        query.forEach((name, value) -> encoded.put(encode(name, true), encode(value, true)));
        StringBuilder b = new StringBuilder();
        encoded.forEach((name, value) -> b.append(b.length() == 0 ? "" : "&").append(name).append('=').append(value));
        return b.toString();
    }

    /**
     * Percent-encodes everything but the unreserved characters of RFC 3986, in upper-case hex, and
     * {@code /} too unless {@code slash} is false (an S3 key's slashes stay as they are in a path).
     */
    static String encode(String s, boolean slash) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !slash)) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }

    private byte[] signingKey(String secret, String day) {
        SigningKey k = key;
        if (k == null || !k.day().equals(day) || !k.secret().equals(secret)) {
            byte[] dated = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
            k = new SigningKey(secret, day, hmac(hmac(hmac(dated, region), service), "aws4_request"));
            key = k;
        }
        return k.bytes();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** A header value as SigV4 canonicalizes it: trimmed, runs of spaces made one. */
    private static String trim(String value) {
        String t = value.strip();
        return t.indexOf("  ") < 0 ? t : t.replaceAll(" +", " ");
    }
}
