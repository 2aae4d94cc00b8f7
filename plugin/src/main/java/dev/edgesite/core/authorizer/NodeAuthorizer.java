package dev.edgesite.core.authorizer;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.authorizer.AuthorizerBundle;
import dev.edgesite.core.Log;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Lambda@Edge authorizer running in a Node.js child process, from the very zip provision deploys:
 * {@link AuthorizerBundle#zip} is unpacked and its {@code index.mjs} imported, which reads
 * {@code config.json} as it does on Lambda. The unpacked files are deleted once the handler has loaded.
 *
 * <p>{@link #handle} passes one CloudFront viewer-request event and returns what the handler returned:
 * the request to forward, or a response. It is thread-safe, and concurrent calls are answered
 * concurrently. What the handler logs goes to the {@link Log} at warn; requests and answers, which carry
 * tokens, are never logged.
 */
public final class NodeAuthorizer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int TAIL_LINES = 20;

    private final Process process;
    private final Log log;
    private final Writer requests;
    private final OutputTail stderr = new OutputTail(TAIL_LINES);
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Map<String, Object>>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread logReader;
    private volatile AuthorizerProcessException stopped;

    private NodeAuthorizer(Process process, Log log) {
        this.process = process;
        this.log = log;
        this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), UTF_8));
        this.logReader = reader("log", process.getErrorStream(), this::logged, () -> {});
        Thread answerReader = reader("answers", process.getInputStream(), this::dispatch, this::stopped);
        logReader.start();
        answerReader.start();
    }

    /** Starts the authorizer with {@code node} from the PATH, its log going to the JDK's platform logger. */
    public static NodeAuthorizer start(Map<String, ?> config) {
        return start(config, "node", new PlatformLog());
    }

    /**
     * Starts the authorizer for {@code config} (the fields of config.json) with the given node executable.
     *
     * @throws NodeUnavailableException if {@code node} cannot be run or is older than Node.js 20
     * @throws AuthorizerProcessException if the handler did not load
     */
    public static NodeAuthorizer start(Map<String, ?> config, String node, Log log) {
        NodeRuntime runtime = NodeRuntime.require(node);
        long begin = System.nanoTime();
        try (UnpackedBundle bundle = UnpackedBundle.of(AuthorizerBundle.shipped().zip(config), log)) {
            Process process = new ProcessBuilder(runtime.executable(), bundle.driver().toString(),
                    bundle.handlerDir().toString()).start();
            NodeAuthorizer authorizer = new NodeAuthorizer(process, log);
            authorizer.awaitReady();
            log.debug("The authorizer runs in Node.js " + runtime.version() + " (pid " + process.pid() + "), ready in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms");
            return authorizer;
        } catch (IOException e) {
            throw new NodeUnavailableException("Cannot start '" + node + "': " + e.getMessage(), e);
        }
    }

    /**
     * Runs one viewer request through the handler. Takes a CloudFront request ({@code uri}, {@code method},
     * {@code querystring}, {@code headers}) or a whole event ({@code Records[0].cf.request}).
     *
     * @return the request as the handler forwards it (it has no {@code status}), or the response it
     *     answered with ({@code status}, {@code headers}, perhaps {@code body})
     * @throws AuthorizerProcessException if node stopped, or gave no answer in time
     */
    public Map<String, Object> handle(Map<String, ?> requestOrEvent) {
        if (closed.get()) {
            throw new IllegalStateException("The authorizer is closed");
        }
        long id = ids.incrementAndGet();
        String line = JSONObjectUtils.toJSONString(Map.of("id", id, "event", asEvent(requestOrEvent)));
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            send(line);
            return answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AuthorizerProcessException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AuthorizerProcessException(
                    "The authorizer gave no answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthorizerProcessException("Interrupted while waiting for the authorizer", e);
        } finally {
            waiting.remove(id);
        }
    }

    /** Lets node finish the requests it has, then stops it; kills it if that takes longer than a few seconds. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.delayedExecutor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .execute(process::destroyForcibly);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("The authorizer's input was already closed: " + e.getMessage());
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Map<String, ?> asEvent(Map<String, ?> requestOrEvent) {
        if (requestOrEvent.containsKey("Records")) {
            return requestOrEvent;
        }
        Map<String, ?> cf = Map.of("config", Map.of("eventType", "viewer-request"), "request", requestOrEvent);
        return Map.of("Records", List.of(Map.of("cf", cf)));
    }

    private void send(String line) {
        AuthorizerProcessException reason = stopped;
        if (reason != null) {
            throw new AuthorizerProcessException(reason.getMessage(), reason);
        }
        synchronized (requests) {
            try {
                requests.write(line);
                requests.write('\n');
                requests.flush();
            } catch (IOException e) {
                // Only a node that has gone breaks the pipe; its end fails every waiting answer, this one too.
                log.debug("Could not pass a request to the authorizer: " + e.getMessage());
            }
        }
    }

    private void awaitReady() {
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            close();
            throw new AuthorizerProcessException("The authorizer did not start: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new AuthorizerProcessException("The authorizer did not start within "
                    + START_TIMEOUT.toSeconds() + " s" + tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new AuthorizerProcessException("Interrupted while the authorizer was starting", e);
        }
    }

    private void dispatch(String line) {
        Map<String, Object> message;
        try {
            message = JSONObjectUtils.parse(line);
        } catch (ParseException e) {
            log.warn("The authorizer's node process wrote a line that is not an answer; ignored");
            return;
        }
        if (Boolean.TRUE.equals(message.get("ready"))) {
            ready.complete(null);
            return;
        }
        CompletableFuture<Map<String, Object>> answer = message.get("id") instanceof Long id ? waiting.get(id) : null;
        if (answer == null) {
            log.warn("The authorizer's node process: " + message.get("error"));
            return;
        }
        try {
            Map<String, Object> result = JSONObjectUtils.getJSONObject(message, "result");
            if (result != null) {
                answer.complete(result);
                return;
            }
        } catch (ParseException e) {
            log.debug("The authorizer answered with a result that is not an object");
        }
        answer.completeExceptionally(new AuthorizerProcessException("The authorizer failed: " + message.get("error")));
    }

    private void logged(String line) {
        stderr.add(line);
        log.warn(line);
    }

    private Thread reader(String name, InputStream stream, Consumer<String> onLine, Runnable atEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                log.debug("Lost the authorizer's " + name + ": " + e.getMessage());
            }
            atEnd.run();
        }, "edgesite-authorizer-" + name + "-" + process.pid());
        thread.setDaemon(true);
        return thread;
    }

    private void stopped() {
        AuthorizerProcessException reason = new AuthorizerProcessException(
                closed.get() ? "The authorizer is closed" : "The authorizer's node process " + exit() + tail());
        stopped = reason;
        ready.completeExceptionally(reason);
        waiting.values().forEach(answer -> answer.completeExceptionally(reason));
    }

    private String exit() {
        try {
            if (process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                logReader.join(STOP_TIMEOUT.toMillis());
                return "exited with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "closed its output";
    }

    private String tail() {
        String text = stderr.text();
        return text.isEmpty() ? "" : ":" + System.lineSeparator() + text;
    }
}
