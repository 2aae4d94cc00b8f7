package dev.edgesite.core.authorizer;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The Lambda@Edge authorizer as a deployable zip: the handler files shipped in the
 * {@code edgesite-edge-authorizer} artifact plus a generated {@code config.json}.
 *
 * <p>The zip is deterministic (sorted entries, fixed timestamps, fixed compression), so the same
 * handler and the same configuration always give the same bytes and the same SHA-256: that is how
 * provision tells whether the function needs a new version.
 */
public final class AuthorizerBundle {
    static final String RESOURCE_DIR = "dev/edgesite/authorizer/";
    public static final String CONFIG_FILE = "config.json";
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final Map<String, byte[]> handlerFiles;

    AuthorizerBundle(Map<String, byte[]> handlerFiles) {
        if (!handlerFiles.containsKey("index.mjs")) {
            throw new IllegalArgumentException("the authorizer has no index.mjs");
        }
        if (handlerFiles.containsKey(CONFIG_FILE)) {
            throw new IllegalArgumentException("the authorizer must not ship its own " + CONFIG_FILE);
        }
        this.handlerFiles = Collections.unmodifiableMap(new TreeMap<>(handlerFiles));
    }

    /** The handler files as packaged by edge-authorizer, read from the given class loader. */
    public static AuthorizerBundle fromClassLoader(ClassLoader loader) {
        String listing = new String(read(loader, RESOURCE_DIR + "files.txt"), StandardCharsets.UTF_8);
        Map<String, byte[]> files = new TreeMap<>();
        for (String line : listing.split("\\R")) {
            String name = line.strip();
            if (!name.isEmpty()) {
                files.put(name, read(loader, RESOURCE_DIR + name));
            }
        }
        return new AuthorizerBundle(files);
    }

    public static AuthorizerBundle shipped() {
        return fromClassLoader(AuthorizerBundle.class.getClassLoader());
    }

    /** Handler file names, sorted. */
    public Iterable<String> fileNames() {
        return handlerFiles.keySet();
    }

    public byte[] file(String name) {
        byte[] bytes = handlerFiles.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException("no handler file " + name);
        }
        return bytes.clone();
    }

    /** config.json for the given settings: keys sorted, so equal settings give equal bytes. */
    public static byte[] configJson(Map<String, ?> config) {
        return JSONObjectUtils.toJSONString(new TreeMap<>(config)).getBytes(StandardCharsets.UTF_8);
    }

    /** The deployable zip: every handler file and config.json, in name order. */
    public byte[] zip(Map<String, ?> config) {
        Map<String, byte[]> entries = new TreeMap<>(handlerFiles);
        entries.put(CONFIG_FILE, configJson(config));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Base64 of the SHA-256, the form Lambda reports as a function's CodeSha256. */
    public static String codeSha256(byte[] zip) {
        return Base64.getEncoder().encodeToString(Digests.sha256(zip));
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The edge authorizer is not on the plugin's classpath: " + resource
                        + " is missing from edgesite-edge-authorizer");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
