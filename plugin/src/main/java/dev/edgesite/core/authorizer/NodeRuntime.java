package dev.edgesite.core.authorizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node executable that answered {@code --version} with a release the authorizer runs on. */
record NodeRuntime(String executable, String version) {
    private static final int MIN_MAJOR = 20;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+\\S*");
    private static final long PROBE_SECONDS = 20;

    static NodeRuntime require(String executable) {
        String answer = probe(executable);
        Matcher m = VERSION.matcher(answer);
        if (!m.matches()) {
            throw new NodeUnavailableException("'" + executable + "' does not look like Node.js: its --version printed '"
                    + abbreviate(answer) + "'. " + need());
        }
        if (Integer.parseInt(m.group(1)) < MIN_MAJOR) {
            throw new NodeUnavailableException("'" + executable + "' is Node.js " + answer + ". " + need());
        }
        return new NodeRuntime(executable, answer);
    }

    private static String probe(String executable) {
        Process process;
        try {
            process = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new NodeUnavailableException("Cannot run '" + executable + "' (" + e.getMessage() + "). " + need(), e);
        }
        try {
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NodeUnavailableException("'" + executable + " --version' did not finish. " + need());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new NodeUnavailableException("Interrupted while asking '" + executable + "' for its version", e);
        }
        try (InputStream out = process.getInputStream()) {
            return new String(out.readNBytes(256), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new NodeUnavailableException("Cannot read what '" + executable + " --version' printed. " + need(), e);
        }
    }

    private static String need() {
        return "The authorizer runs in Node.js " + MIN_MAJOR + " or newer; install it, or name its executable.";
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
