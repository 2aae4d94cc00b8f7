package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP/1.1 framing of {@link Http1} against a loopback server that answers from a script: chunked
 * bodies, interim 100 answers, kept-alive connections and ones the server closed meanwhile. (The real S3
 * calls over it run against moto in S3RestTest and SiteSyncTest.)
 */
class Http1Test {
    private ServerSocket server;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> connections = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closeAfterEach;
    private Http1 http;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "http1-test-server");
        accept.setDaemon(true);
        accept.start();
        http = new Http1(Duration.ofSeconds(5), Duration.ofSeconds(5), null);
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.close();
    }

    @Test
    void readsABodyByItsLengthAndKeepsTheConnectionForTheNextRequest() throws Exception {
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: \"abc\"\r\n\r\nhello");
        answers.add("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

        Http1.Response first = http.send(get("/bucket/a%20b.html?list-type=2"));
        Http1.Response second = http.send(get("/bucket/b"));

        assertEquals(200, first.status());
        assertEquals("hello", new String(first.body(), StandardCharsets.UTF_8));
        assertEquals("\"abc\"", first.headers().get("etag"), "header names in lower case");
        assertEquals(404, second.status());
        assertEquals(1, connections.size(), "one connection for both: " + connections);
        assertTrue(requests.get(0).startsWith("GET /bucket/a%20b.html?list-type=2 HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.getLocalPort() + "\r\n"), requests.get(0));
    }

    @Test
    void readsChunkedBodiesAndSkipsInterimAnswers() throws Exception {
        answers.add("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\n<List\r\n3\r\n/>\n\r\n0\r\nX-Trailer: t\r\n\r\n");

        Http1.Response response = http.send(get("/bucket"));

        assertEquals(200, response.status());
        assertEquals("<List/>\n", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void sendsBodiesWithTheirLengthWhetherBytesOrAStream() throws Exception {
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        http.send(new Http1.Request("PUT", uri("/b/k"), Map.of("Content-MD5", "x"), "abc".getBytes(StandardCharsets.UTF_8),
                null, 3));
        http.send(new Http1.Request("PUT", uri("/b/k2"), Map.of(), null,
                () -> new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.UTF_8)), 10));
        http.send(new Http1.Request("POST", uri("/b?delete="), Map.of(), null, null, 0));

        assertTrue(requests.get(0).contains("Content-MD5: x\r\nContent-Length: 3\r\n\r\nabc"), requests.get(0));
        assertTrue(requests.get(1).contains("Content-Length: 10\r\n\r\n0123456789"), requests.get(1));
        assertTrue(requests.get(2).contains("Content-Length: 0\r\n\r\n"), requests.get(2));
    }

    @Test
    void aStreamShorterThanItsLengthFailsTheRequest() {
        IOException short_ = assertThrows(IOException.class, () -> http.send(new Http1.Request("PUT", uri("/b/k"), Map.of(),
                null, () -> new ByteArrayInputStream(new byte[3]), 10)));

        assertTrue(short_.getMessage().contains("7 bytes before its length"), short_.getMessage());
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsReplacedOnce() throws Exception {
        closeAfterEach = true;
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes");

        http.send(get("/first"));
        Http1.Response second = http.send(get("/second"));

        assertEquals("yes", new String(second.body(), StandardCharsets.UTF_8));
        assertEquals(2, connections.size(), "the closed connection was replaced: " + connections);
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        answers.add("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");

        http.send(get("/a"));
        http.send(get("/b"));

        assertEquals(2, connections.size());
    }

    @Test
    void aHeadAnswerHasNoBodyWhateverItsLengthSays() throws Exception {
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 3467\r\n\r\n");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz");

        Http1.Response head = http.send(new Http1.Request("HEAD", uri("/b/k"), Map.of(), null, null, 0));
        Http1.Response next = http.send(get("/b/z"));

        assertEquals("3467", head.headers().get("content-length"));
        assertArrayEquals(new byte[0], head.body());
        assertEquals("z", new String(next.body(), StandardCharsets.UTF_8), "the connection stayed in step");
    }

    @Test
    void refusesHeadersThatWouldSplitTheRequest() {
        assertThrows(IllegalArgumentException.class, () -> http.send(new Http1.Request("GET", uri("/b"),
                Map.of("x-amz-meta-a", "1\r\nInjected: yes"), null, null, 0)));
    }

    @Test
    void refusesTlsWhenBuiltForPlainHttpOnly() {
        IOException refused = assertThrows(IOException.class, () -> http.send(new Http1.Request("GET",
                URI.create("https://127.0.0.1:" + server.getLocalPort() + "/"), Map.of(), null, null, 0)));

        assertTrue(refused.getMessage().contains("speaks no TLS"), refused.getMessage());
    }

    /**
     * TLS against a loopback server whose certificate names only {@code localhost}: trusted and named right,
     * the request goes through; reached as 127.0.0.1, the name does not match and nothing is sent.
     */
    @Test
    void tlsChecksTheServersNameAgainstItsCertificate(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
        server.close();
        server = serverTls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "http1-test-tls-server");
        accept.setDaemon(true);
        accept.start();
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret");

        try (Http1 https = new Http1(Duration.ofSeconds(5), Duration.ofSeconds(5), clientTls.getSocketFactory())) {
            Http1.Response ok = https.send(new Http1.Request("GET",
                    URI.create("https://localhost:" + server.getLocalPort() + "/b/k"), Map.of(), null, null, 0));
            assertEquals("secret", new String(ok.body(), StandardCharsets.UTF_8));

            int before = requests.size();
            assertThrows(SSLHandshakeException.class, () -> https.send(new Http1.Request("GET",
                    URI.create("https://127.0.0.1:" + server.getLocalPort() + "/b/k"), Map.of(), null, null, 0)));
            assertEquals(before, requests.size(), "nothing was sent to a server of the wrong name");
        }
    }

    @Test
    void throughAProxyPlainHttpGoesInAbsoluteFormAndHttpsAsksForATunnel() throws Exception {
        InetSocketAddress proxy = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        answers.add("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");

        try (Http1 proxied = new Http1(Duration.ofSeconds(5), Duration.ofSeconds(5),
                SSLContext.getDefault().getSocketFactory(), uri -> proxy)) {
            Http1.Response plain = proxied.send(new Http1.Request("GET", URI.create("http://minio.corp:9000/b/k?x=1"),
                    Map.of(), null, null, 0));
            IOException refused = assertThrows(IOException.class, () -> proxied.send(new Http1.Request("GET",
                    URI.create("https://docs.s3.eu-west-1.amazonaws.com/k"), Map.of(), null, null, 0)));

            assertEquals("ok", new String(plain.body(), StandardCharsets.UTF_8));
            assertTrue(requests.get(0).startsWith("GET http://minio.corp:9000/b/k?x=1 HTTP/1.1\r\nHost: minio.corp:9000\r\n"),
                    requests.get(0));
            assertTrue(requests.get(1).startsWith("CONNECT docs.s3.eu-west-1.amazonaws.com:443 HTTP/1.1\r\n"),
                    requests.get(1));
            assertTrue(refused.getMessage().contains("the proxy refused a tunnel"), refused.getMessage());
        }
    }

    private Http1.Request get(String pathAndQuery) {
        return new Http1.Request("GET", uri(pathAndQuery), Map.of(), null, null, 0);
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + pathAndQuery);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket.getPort());
                Thread serve = new Thread(() -> serve(socket), "http1-test-connection");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads a request (its head, then as many body bytes as it says), answers from the script, repeats. */
    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                StringBuilder request = new StringBuilder();
                int length = 0;
                while (!request.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    request.append((char) b);
                }
                for (String line : request.toString().split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                request.append(new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
                requests.add(request.toString());
                String answer = answers.poll();
                out.write((answer == null ? "HTTP/1.1 500 No Script\r\nContent-Length: 0\r\n\r\n" : answer)
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (closeAfterEach) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
