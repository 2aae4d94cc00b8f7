package dev.edgesite.core.aws;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A blocking HTTP/1.1 client with a pool of kept-alive connections: the one thing S3's REST interface
 * needs, a request and its whole answer, on the calling thread. The JDK's HttpClient does the same through
 * an asynchronous pipeline that costs a short-lived JVM more CPU than the transfers (measured with the sync
 * benchmark: about 1 ms per request), so a sync of thousands of small files uses this instead.
 *
 * <p>TLS verifies the server's name against its certificate (the platform's trust store). Through an HTTP
 * proxy ({@link Proxies}), HTTPS goes in a CONNECT tunnel and plain HTTP in absolute form. A kept-alive connection the server has
 * closed meanwhile is replaced at once, once per request; every request sent here may be repeated.
 */
final class Http1 implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;
    private static final int MAX_LINE = 64 * 1024;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SSLSocketFactory tls;
    private final Function<URI, InetSocketAddress> proxies;
    private final Map<String, Deque<Connection>> idle = new HashMap<>();
    private boolean closed;

    /** @param tls the TLS socket factory for https, or null when only plain http is ever spoken */
    Http1(Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls) {
        this(connectTimeout, readTimeout, tls, uri -> null);
    }

    /** @param proxies the HTTP proxy for a request's URI, or null to go straight there */
    Http1(Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls, Function<URI, InetSocketAddress> proxies) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.tls = tls;
        this.proxies = proxies;
    }

    /** A request: the body, when there is one, is bytes or a stream of exactly {@code length} bytes. */
    record Request(String method, URI uri, Map<String, String> headers, byte[] bytes, BodySource stream, long length) {}

    @FunctionalInterface
    interface BodySource {
        InputStream open() throws IOException;
    }

    /** An answer: the status, its headers (names in lower case, the first value of each) and its body. */
    record Response(int status, Map<String, String> headers, byte[] body) {}

    Response send(Request request) throws IOException {
        String origin = origin(request.uri());
        Connection reused = take(origin);
        if (reused != null) {
            try {
                return exchange(reused, origin, request);
            } catch (StaleConnectionException e) {
                reused.close();
            }
        }
        Connection fresh = open(request.uri());
        try {
            return exchange(fresh, origin, request);
        } catch (StaleConnectionException e) {
            throw new IOException("the server closed the connection without answering", e);
        }
    }

    private Response exchange(Connection c, String origin, Request request) throws IOException {
        boolean answered = false;
        try {
            writeRequest(c, request);
            Response response = readResponse(c, request.method());
            answered = true;
            if (c.reusable) {
                give(origin, c);
            } else {
                c.close();
            }
            return response;
        } catch (IOException | RuntimeException e) {
            c.close();
            if (!answered && c.reused && !c.gotBytes && e instanceof IOException io) {
                throw new StaleConnectionException(io);
            }
            throw e;
        }
    }

    private void writeRequest(Connection c, Request request) throws IOException {
        URI uri = request.uri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (c.absoluteForm) {
            target = uri.getScheme() + "://" + uri.getRawAuthority() + target;
        }
        StringBuilder head = new StringBuilder(512).append(request.method()).append(' ').append(target)
                .append(" HTTP/1.1\r\nHost: ").append(hostHeader(uri)).append("\r\n");
        request.headers().forEach((name, value) -> {
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || name.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a header may not hold a line break: " + name);
            }
            head.append(name).append(": ").append(value).append("\r\n");
        });
        boolean hasBody = request.bytes() != null || request.stream() != null;
        if (hasBody || request.method().equals("PUT") || request.method().equals("POST")) {
            head.append("Content-Length: ").append(hasBody ? request.length() : 0).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = c.out;
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (request.bytes() != null) {
            out.write(request.bytes());
        } else if (request.stream() != null) {
            try (InputStream in = request.stream().open()) {
                byte[] buffer = new byte[BUFFER];
                long left = request.length();
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("the body ended " + left + " bytes before its length");
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        }
        out.flush();
    }

    private static Response readResponse(Connection c, String method) throws IOException {
        while (true) {
            String statusLine = c.line();
            c.gotBytes = true;
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + statusLine.substring(0, Math.min(60, statusLine.length())));
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (RuntimeException e) {
                throw new IOException("a bad status line: " + statusLine);
            }
            Map<String, String> headers = new HashMap<>();
            for (String line; !(line = c.line()).isEmpty(); ) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            boolean keepAlive = statusLine.startsWith("HTTP/1.1")
                    ? !"close".equalsIgnoreCase(headers.get("connection"))
                    : "keep-alive".equalsIgnoreCase(headers.get("connection"));
            byte[] body;
            if (method.equals("HEAD") || status == 204 || status == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = c.chunked();
            } else if (headers.containsKey("content-length")) {
                long length = Long.parseLong(headers.get("content-length"));
                if (length > Integer.MAX_VALUE - 8) {
                    throw new IOException("an answer too large to hold: " + length + " bytes");
                }
                body = c.in.readNBytes((int) length);
                if (body.length != length) {
                    throw new EOFException("the answer ended " + (length - body.length) + " bytes early");
                }
            } else {
                body = c.in.readAllBytes();
                keepAlive = false;
            }
            c.reusable = keepAlive;
            return new Response(status, headers, body);
        }
    }

    private synchronized Connection take(String origin) {
        Deque<Connection> pool = idle.get(origin);
        Connection c = pool == null ? null : pool.pollFirst();
        if (c != null) {
            c.reused = true;
            c.gotBytes = false;
        }
        return c;
    }

    private synchronized void give(String origin, Connection c) {
        if (closed) {
            c.close();
            return;
        }
        idle.computeIfAbsent(origin, o -> new ArrayDeque<>()).addFirst(c);
    }

    private Connection open(URI uri) throws IOException {
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = port(uri);
        InetSocketAddress proxy = proxies.apply(uri);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) readTimeout.toMillis());
            InetSocketAddress target = proxy == null ? new InetSocketAddress(host, port) : proxy;
            if (target.isUnresolved()) {
                target = new InetSocketAddress(target.getHostString(), target.getPort());
            }
            socket.connect(target, (int) connectTimeout.toMillis());
            if (proxy != null && secure) {
                tunnel(socket, host, port);
            }
            if (secure) {
                if (tls == null) {
                    throw new IOException("this client speaks no TLS: " + uri);
                }
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName(host)));
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
                socket = ssl;
            }
            return new Connection(socket, proxy != null && !secure);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Asks an HTTP proxy for a tunnel to the host. */
    private static void tunnel(Socket socket, String host, int port) throws IOException {
        String authority = host + ":" + port;
        OutputStream out = socket.getOutputStream();
        out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Connection reader = new Connection(socket, false);
        String status = reader.line();
        while (!reader.line().isEmpty()) {
            // the proxy's headers say nothing we need
        }
        if (!status.matches("HTTP/1\\.[01] 2\\d\\d.*")) {
            throw new IOException("the proxy refused a tunnel to " + authority + ": " + status);
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The Host header: the port only when it is not the scheme's own. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean standard = port == -1 || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()))
                || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()));
        return standard ? uri.getHost() : uri.getHost() + ":" + port;
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.values().forEach(pool -> pool.forEach(Connection::close));
        idle.clear();
    }

    /** A kept-alive connection that had been closed before this request reached the server. */
    private static final class StaleConnectionException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnectionException(IOException cause) {
            super(cause);
        }
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final boolean absoluteForm;
        boolean reusable;
        boolean reused;
        boolean gotBytes;

        Connection(Socket socket, boolean absoluteForm) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
            this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            this.absoluteForm = absoluteForm;
        }

        /** A line without its CR LF; at the end of the stream before any byte, an EOFException. */
        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new EOFException("the connection closed" + (line.size() > 0 ? " mid-line" : ""));
                }
                if (b != '\r') {
                    line.write(b);
                }
                if (line.size() > MAX_LINE) {
                    throw new IOException("an answer line longer than " + MAX_LINE + " bytes");
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                int n;
                try {
                    n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("a bad chunk size: " + size);
                }
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers say nothing we need
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(n);
                if (chunk.length != n) {
                    throw new EOFException("a chunk ended early");
                }
                body.write(chunk);
                if (!line().isEmpty()) {
                    throw new IOException("a chunk without its line end");
                }
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
