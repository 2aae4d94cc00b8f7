package dev.edgesite.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A local server the tests start as a child process on 127.0.0.1, its output kept in a log file. */
final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The folder where the test bed keeps logs, and where its set-up installs a virtualenv and npm packages. */
    static Path workDir() {
        Path dir = Paths.get(System.getProperty("edgesite.testbed.dir", "target/testbed")).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code command} with {@code port} chosen free, then polls {@code readyPath} until it
     * answers 200; a server that dies or never answers fails with the tail of its log.
     */
    static ServerProcess start(String name, List<String> command, Map<String, String> env, Path cwd, int port,
            String readyPath, Duration timeout) {
        Path log = workDir().resolve(name + "-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
        ServerProcess server = new ServerProcess(name, process, log, port);
        server.awaitReady(readyPath, timeout);
        return server;
    }

    private void awaitReady(String readyPath, Duration timeout) {
        URI uri = endpoint().resolve(readyPath);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n"
                        + tail());
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(50);
        }
        close();
        throw new IllegalStateException(name + " did not answer " + uri + " within " + timeout + ":\n" + tail());
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What to run when a tool the test bed needs is not installed: the build's set-up step, which
     * {@code setup.sh} beside this test bed does.
     */
    static String setUp(String tool) {
        return "The build installs the test bed's tools before the tests (process-test-resources, for example"
                + " ./mvnw -pl plugin process-test-resources); to install " + tool + " by hand, run"
                + " plugin/src/test/testbed/setup.sh " + workDir() + " " + tool;
    }

    /**
     * The folder {@code target/testbed/<name>} where the set-up installed the npm package pinned by the
     * package.json and lockfile among the test bed's resources under {@code resources}, with every file listed
     * in {@code extraFiles} copied beside them. The set-up leaves {@code installed-package-lock.json} there
     * once {@code npm ci} has succeeded; missing, or unlike the lockfile among the resources, fails with what
     * to run.
     */
    static Path npmInstalled(String resources, String name, String installedMarker, String... extraFiles) {
        Path home = workDir().resolve(name);
        try {
            Path installedLock = home.resolve("installed-package-lock.json");
            if (!Files.isRegularFile(home.resolve(installedMarker)) || !Files.isRegularFile(installedLock)) {
                throw new IllegalStateException(name + " is not installed in " + home + ". " + setUp(name));
            }
            if (!Arrays.equals(Files.readAllBytes(installedLock), resource(resources + "package-lock.json"))) {
                throw new IllegalStateException(name + " in " + home + " was installed from a package-lock.json"
                        + " other than the test bed's (" + resources + "package-lock.json). " + setUp(name));
            }
            for (String extra : extraFiles) {
                Files.write(home.resolve(extra), resource(resources + extra));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ServerProcess.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test bed resource missing: " + name);
            }
            return in.readAllBytes();
        }
    }
}
