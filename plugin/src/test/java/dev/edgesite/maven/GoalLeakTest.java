package dev.edgesite.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.Mojo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goals run many times in one JVM, as a build with several executions or a long-lived Maven daemon runs them,
 * leave nothing behind: every goal closes its clients and their HTTP clients ({@code AwsClients}) and stops its
 * worker threads before it returns. sync, provision and plan run as Maven runs them (the Mojos, which build
 * their clients with {@code AwsClients.forStack} and close them), against moto behind a front that keeps
 * connections alive as AWS does. Counted: the JVM's live threads, after a warm-up round and again after many
 * more rounds, and its sockets to the endpoint still open after each goal, which must be none.
 *
 * <p>Maven makes a Mojo per execution; each Mojo here executes many times, which changes nothing counted, since
 * every execution builds and closes clients of its own. The credentials provider (the default chain, resolving
 * the keys in system properties) holds no thread or socket, so its closing is not seen here.
 */
@MojoTest
@ExtendWith(MotoExtension.class)
class GoalLeakTest {
    private static final String DEFAULTS = "src/test/resources/unit/defaults/pom.xml";
    private static final List<String> CREDENTIALS = List.of("aws.accessKeyId", "aws.secretAccessKey");
    private static final int ROUNDS = 24;
    /** provision and plan run once every this many rounds: a provision on moto takes about a second. */
    private static final int PROVISION_EVERY = 6;
    /** How long threads that a goal has already stopped (shutdownNow does not wait) get to finish. */
    private static final long SETTLE_MILLIS = 10_000;

    /**
     * Threads the JDK itself starts on first use and keeps, idle, in pools of bounded size that later work
     * reuses: they may appear after the warm-up without being a goal's leak, and never grow per run.
     * <ul>
     * <li>{@code ForkJoinPool.commonPool-worker-N}: parallel streams and CompletableFuture's default
     * executor; at most one per processor, idle ones retire after 60 s.</li>
     * <li>{@code process reaper}: one per child process being waited for (the test bed's servers); its
     * cached pool keeps idle threads 60 s.</li>
     * <li>{@code Attach Listener}, {@code Common-Cleaner}, {@code Notification Thread}: started by the JVM
     * (a jcmd/jstack attach, the cleaner, JMX notifications), one each.</li>
     * </ul>
     */
    private static final Pattern JDK_THREADS = Pattern.compile("ForkJoinPool\\.commonPool-worker-\\d+|process reaper"
            + "|Attach Listener|Common-Cleaner|Notification Thread");

    @Inject
    private MavenSession session;

    @TempDir
    Path dir;

    private Path site;
    private KeepAliveFront front;

    @BeforeEach
    void pointAtMoto(MotoServer moto) throws IOException {
        front = new KeepAliveFront(moto.endpoint());
        site = Files.createDirectories(dir.resolve("site"));
        Files.createDirectories(site.resolve("docs"));
        for (int i = 0; i < 8; i++) {
            Files.writeString(site.resolve(i % 2 == 0 ? "docs/page" + i + ".html" : "page" + i + ".html"),
                    "<p>page " + i + "</p>");
        }
        Properties user = session.getUserProperties();
        user.setProperty("edgesite.stack", "leaks");
        user.setProperty("edgesite.region", "us-west-2");
        user.setProperty("edgesite.endpoint", front.endpoint().toString());
        user.setProperty("edgesite.siteDirectory", site.toString());
        user.setProperty("edgesite.outputDirectory", dir.resolve("edgesite").toString());
        CREDENTIALS.forEach(name -> System.setProperty(name, "testing"));
    }

    @AfterEach
    void forgetCredentials() {
        CREDENTIALS.forEach(System::clearProperty);
        front.close();
    }

    @Test
    void goalsRunManyTimesInOneJvmLeaveNoThreadOrConnectionOpen(
            @InjectMojo(goal = "provision", pom = DEFAULTS) ProvisionMojo provision,
            @InjectMojo(goal = "plan", pom = DEFAULTS) PlanMojo plan,
            @InjectMojo(goal = "sync", pom = DEFAULTS) SyncMojo sync) throws Exception {
        List<String> leftOpen = new ArrayList<>();
        round(0, provision, plan, sync, leftOpen);
        Set<Thread> before = settled(Set.of());
        int connectionsBefore = openConnections();

        long started = System.nanoTime();
        for (int i = 1; i <= ROUNDS; i++) {
            round(i, provision, plan, sync, leftOpen);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        Set<Thread> added = settled(before);
        int connectionsAfter = openConnections();
        String figures = "after the warm-up round " + before.size() + " live threads and " + connectionsBefore
                + " open connection(s) to the endpoint; after " + ROUNDS + " more rounds (" + ROUNDS + " syncs, "
                + ROUNDS / PROVISION_EVERY + " provisions, " + ROUNDS / PROVISION_EVERY + " plans, " + millis
                + " ms) " + (before.size() + added.size()) + " live threads and " + connectionsAfter
                + " open connection(s)";
        System.out.println("GoalLeakTest: " + figures);
        assertEquals(List.of(), names(added), "threads started by the goals and still alive; " + figures);
        assertEquals(List.of(), leftOpen, "goals that returned with connections still open; " + figures);
    }

    /**
     * One sync that uploads a changed page; every few rounds a (no-op) provision and a plan before it. Each goal
     * has closed its connections when it returns: nothing else in this JVM talks to the front.
     */
    private void round(int i, Mojo provision, Mojo plan, Mojo sync, List<String> leftOpen) throws Exception {
        if (i % PROVISION_EVERY == 0) {
            run("provision", i, provision, leftOpen);
            run("plan", i, plan, leftOpen);
        }
        Files.writeString(site.resolve("page1.html"), "<p>round " + i + "</p>");
        run("sync", i, sync, leftOpen);
    }

    private void run(String goal, int round, Mojo mojo, List<String> leftOpen) throws Exception {
        mojo.execute();
        int open = openConnections();
        if (open > 0) {
            leftOpen.add(goal + " in round " + round + ": " + open + " open");
        }
    }

    /**
     * The live threads not in {@code before}, other than {@link #JDK_THREADS}, once the goals' own have had
     * {@link #SETTLE_MILLIS} to end; with an empty {@code before}, every live thread.
     */
    private static Set<Thread> settled(Set<Thread> before) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        while (true) {
            Set<Thread> live = new HashSet<>(Thread.getAllStackTraces().keySet());
            if (before.isEmpty()) {
                return live;
            }
            live.removeAll(before);
            live.removeIf(t -> !t.isAlive() || JDK_THREADS.matcher(t.getName()).matches()
                    || t.getName().startsWith(KeepAliveFront.THREAD));
            if (live.isEmpty() || System.currentTimeMillis() > deadline) {
                return live;
            }
            Thread.sleep(50);
        }
    }

    private static List<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().toList();
    }

    /**
     * This JVM's sockets to the goals' endpoint (the front) that are still open: ESTABLISHED, or CLOSE_WAIT (the
     * front closed, this side never did). /proc/self/net/tcp lists every socket of the network namespace, other
     * processes' too, so only those whose inode is one of this process's file descriptors count; the front's
     * own ends have the client's port as their remote port, so they do not.
     */
    private int openConnections() throws IOException {
        int port = front.endpoint().getPort();
        Path fds = Paths.get("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "counting connections needs Linux's /proc");
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> links = Files.list(fds)) {
            links.forEach(link -> {
                try {
                    Matcher m = SOCKET.matcher(Files.readSymbolicLink(link).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException e) {
                    // closed while listing: not open any more
                }
            });
        }
        int open = 0;
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            List<String> lines = Files.readAllLines(Paths.get(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                String remote = f[2];
                int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
                boolean openState = f[3].equals("01") || f[3].equals("08");
                if (remotePort == port && openState && inodes.contains(f[9])) {
                    open++;
                }
            }
        }
        return open;
    }

    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

    /**
     * moto behind a front that keeps connections alive as AWS does. moto answers HTTP/1.0 and closes every
     * connection after its answer, so a connection pool nobody closes would hold no socket there: the leak
     * would go unseen. The front answers HTTP/1.1 and keeps each client connection open until the client
     * closes it, forwarding each request to moto on a connection of its own. Its threads, one per open client
     * connection, are the server side of the connections counted, so the thread count leaves them out.
     */
    private static final class KeepAliveFront implements AutoCloseable {
        static final String THREAD = "keep-alive-front";

        private final ServerSocket server;
        private final URI upstream;
        private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

        KeepAliveFront(URI upstream) throws IOException {
            this.upstream = upstream;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon(this::accept, THREAD).start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    clients.add(client);
                    daemon(() -> serve(client), THREAD + "-" + client.getPort()).start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream out = new BufferedOutputStream(client.getOutputStream());
                for (List<String> head; (head = head(in)) != null; ) {
                    if ("100-continue".equalsIgnoreCase(header(head, "expect"))) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                    if (header(head, "transfer-encoding") != null) {
                        throw new IOException("a request body of unknown length: " + head.get(0));
                    }
                    String length = header(head, "content-length");
                    byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
                    out.write(keptAlive(forward(head, body), head.get(0).startsWith("HEAD ")));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away, or the front was closed
            } finally {
                clients.remove(client);
            }
        }

        /** moto's whole answer to the request, on a connection that it closes after answering. */
        private byte[] forward(List<String> head, byte[] body) throws IOException {
            try (Socket moto = new Socket(upstream.getHost(), upstream.getPort())) {
                StringBuilder request = new StringBuilder(head.get(0)).append("\r\n");
                head.stream().skip(1).filter(line -> !hopByHop(line)).forEach(line -> request.append(line).append("\r\n"));
                request.append("Connection: close\r\n\r\n");
                OutputStream out = moto.getOutputStream();
                out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return moto.getInputStream().readAllBytes();
            }
        }

        /** moto's HTTP/1.0 answer as an HTTP/1.1 one that keeps the connection: its length said, no Connection. */
        private static byte[] keptAlive(byte[] answer, boolean head) throws IOException {
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("moto's answer has no end of headers");
            }
            List<String> lines = new ArrayList<>(List.of(text.substring(0, end).split("\r\n")));
            String body = text.substring(end + 4);
            lines.set(0, lines.get(0).replaceFirst("^HTTP/1\\.0 ", "HTTP/1.1 "));
            lines.removeIf(GoalLeakTest.KeepAliveFront::hopByHop);
            int status = Integer.parseInt(lines.get(0).substring(9, 12));
            if (!head && status != 204 && status != 304 && header(lines, "content-length") == null) {
                lines.add("Content-Length: " + body.length());
            }
            return (String.join("\r\n", lines) + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
        }

        private static boolean hopByHop(String line) {
            String name = line.substring(0, Math.max(0, line.indexOf(':'))).strip();
            return name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
        }

        /** The request line and headers of the next request, or null when the client closed the connection. */
        private static List<String> head(InputStream in) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != -1; ) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                String done = line.toString().stripTrailing();
                line.setLength(0);
                if (done.isEmpty()) {
                    return lines;
                }
                lines.add(done);
            }
            return null;
        }

        private static String header(List<String> head, String name) {
            return head.stream().skip(1).filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(line -> line.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }

        private static Thread daemon(Runnable task, String name) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
            clients.forEach(client -> {
                try {
                    client.close();
                } catch (IOException e) {
                    // closing anyway
                }
            });
        }
    }
}
