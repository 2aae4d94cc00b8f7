package dev.edgesite.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An HTTP proxy (npm {@code proxy}, pinned by the package.json and lockfile beside this test bed) on a free
 * loopback port, which forwards plain requests and CONNECT tunnels only for the user and password it was
 * started with (Basic proxy authentication). Its log says which requests it carried and which it refused.
 * The build's set-up (setup.sh beside this test bed) installs it.
 */
public final class ProxyServer implements AutoCloseable {
    private static final String RESOURCES = "testbed/proxy/";

    private final ServerProcess process;

    private ProxyServer(ServerProcess process) {
        this.process = process;
    }

    public static ProxyServer start(String user, String password) {
        java.nio.file.Path home;
        synchronized (ProxyServer.class) {
            home = ServerProcess.npmInstalled(RESOURCES, "proxy", "node_modules/proxy/package.json", "start.mjs");
        }
        int port = ServerProcess.freePort();
        return new ProxyServer(ServerProcess.start("proxy", List.of("node", home.resolve("start.mjs").toString()),
                Map.of("PORT", Integer.toString(port), "PROXY_USER", user, "PROXY_PASSWORD", password), home, port,
                "/health", Duration.ofSeconds(30)));
    }

    /** The proxy's address, without credentials. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + process.port());
    }

    /** The requests the proxy carried, as {@code METHOD target}. */
    public List<String> carried() {
        return lines("PROXIED ");
    }

    /** The requests it refused for want of the right credentials. */
    public List<String> refused() {
        return lines("REFUSED ");
    }

    private List<String> lines(String prefix) {
        try {
            return Files.readAllLines(process.log()).stream().filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
