package dev.edgesite.testbed;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The S3 requests moto received, as its launcher logs them (moto_server.py), and the faults it is told
 * to answer some of them with. Seen where they arrive, so requests count the same whichever client sent
 * them: the plugin's own S3 client or the SDK's.
 */
public final class S3Requests {

    /** A request as moto received it: its S3 operation, bucket, key (null for bucket calls) and headers (lower case). */
    public record Request(String operation, String bucket, String key, String query, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /** Everything but GET, HEAD and listings may change something. */
        public boolean writes() {
            return !(operation.startsWith("Get") || operation.startsWith("List") || operation.startsWith("Head"));
        }
    }

    /** When a fault strikes: before S3 carries the request out (nothing happens), or after (it happened). */
    public enum When { BEFORE, AFTER }

    private final URI endpoint;

    S3Requests(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Every S3 request since the last {@link #clear()}, in the order they arrived. */
    public List<Request> all() {
        String json = call("GET", "/_edgesite/s3/requests", null);
        List<Request> requests = new ArrayList<>();
        try {
            for (Object o : JSONObjectUtils.parse("{\"r\":" + json + "}").get("r") instanceof List<?> list ? list : List.of()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) o;
                Map<String, String> headers = new LinkedHashMap<>();
                @SuppressWarnings("unchecked")
                Map<String, Object> h = (Map<String, Object>) r.get("headers");
                h.forEach((name, value) -> headers.put(name, String.valueOf(value)));
                requests.add(new Request((String) r.get("operation"), (String) r.get("bucket"), (String) r.get("key"),
                        (String) r.get("query"), headers));
            }
        } catch (ParseException e) {
            throw new IllegalStateException("moto's request log is not JSON: " + json, e);
        }
        return requests;
    }

    public List<Request> of(String operation) {
        return all().stream().filter(r -> r.operation().equals(operation)).toList();
    }

    public int count(String operation) {
        return of(operation).size();
    }

    /** The keys the requests of one operation named, in the order they arrived. */
    public List<String> keys(String operation) {
        return of(operation).stream().map(Request::key).toList();
    }

    /** The operations of every request, in order. */
    public List<String> operations() {
        return all().stream().map(Request::operation).toList();
    }

    /** The requests that may change something, as operations. */
    public List<String> writes() {
        return all().stream().filter(Request::writes).map(Request::operation).toList();
    }

    public void clear() {
        call("DELETE", "/_edgesite/s3/requests", null);
    }

    /**
     * Answers requests of the operation (on the key, if not null) with an S3 error: after {@code skip}
     * of them went through, the next {@code times} (every one when negative).
     */
    public void fail(String operation, String key, int skip, int times, When when, int status, String code) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("operation", operation);
        fault.put("key", key);
        fault.put("skip", skip);
        fault.put("times", times);
        fault.put("when", when.name().toLowerCase(java.util.Locale.ROOT));
        fault.put("status", status);
        fault.put("code", code);
        call("POST", "/_edgesite/s3/faults", JSONObjectUtils.toJSONString(fault));
    }

    /** Fails the {@code n}th request of the operation, once, with a 500 InternalError. */
    public void failNth(String operation, int n, When when) {
        fail(operation, null, n - 1, 1, when, 500, "InternalError");
    }

    /**
     * From now on, every bucket listing shows the entries of these keys without the named elements (say
     * {@code ETag}), as a server killed in the middle of an upload lists the object it never finished.
     */
    public void tearListings(List<String> keys, String... elements) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("operation", "ListObjectsV2");
        fault.put("times", -1);
        fault.put("drop", List.of(elements));
        fault.put("entries", keys);
        call("POST", "/_edgesite/s3/faults", JSONObjectUtils.toJSONString(fault));
    }

    public void clearFaults() {
        call("DELETE", "/_edgesite/s3/faults", null);
    }

    private String call(String method, String path, String body) {
        return MotoServer.control(endpoint, method, path, body);
    }
}
