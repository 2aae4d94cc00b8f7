package dev.edgesite.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A class's {@code main} in a JVM of its own on the tests' class path, for what only a fresh process shows:
 * settings read from the environment (credentials, endpoints, proxies). Its home is the given folder, and its
 * environment holds no AWS or proxy setting but the ones given.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** Runs it to the end (at most two minutes) and returns what it printed; it must exit 0. */
    public static String run(Class<?> main, Path home, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Duser.home=" + home, "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_")
                || name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
        environment.put("HOME", home.toString());
        environment.putAll(env);
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not end within two minutes:\n" + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(main.getSimpleName() + " exited with " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
