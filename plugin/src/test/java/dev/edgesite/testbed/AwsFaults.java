package dev.edgesite.testbed;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Random faults in front of every service moto serves (moto_server.py, the same hook as {@link S3Requests}'s
 * faults): a write carried out whose answer is replaced by a 500, as when AWS did the work and the answer was
 * lost, and throttling answers to any call, which AWS gives before doing anything. One seeded generator decides,
 * so a seed replays the same faults for the same sequence of calls.
 */
public final class AwsFaults {

    /** One fault as injected: the service (signing name), the operation and {@code 500} or {@code throttle}. */
    public record Fault(String service, String operation, String kind) {}

    private final URI endpoint;

    AwsFaults(URI endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * From now on, each write's answer is lost (a 500 once moto carried it out) with probability {@code writes},
     * and each call is throttled unheard with probability {@code throttle}; the log of injected faults starts empty.
     */
    public void start(long seed, double writes, double throttle) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("seed", seed);
        settings.put("writes", writes);
        settings.put("throttle", throttle);
        post("/_edgesite/faults", JSONObjectUtils.toJSONString(settings));
    }

    /**
     * Carries out the {@code n}th call of the operation (any service's but S3's, whose faults {@link S3Requests}
     * sets), then answers it with a 500, as when AWS did the work and the answer was lost.
     */
    public void loseAnswer(String operation, int n) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("operation", operation);
        fault.put("skip", n - 1);
        fault.put("times", 1);
        fault.put("when", "after");
        post("/_edgesite/s3/faults", JSONObjectUtils.toJSONString(fault));
    }

    /** Answers the next {@code times} calls of the operation with a 500 before moto carries them out. */
    public void failBefore(String operation, int times) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("operation", operation);
        fault.put("times", times);
        fault.put("when", "before");
        post("/_edgesite/s3/faults", JSONObjectUtils.toJSONString(fault));
    }

    /** No more random faults; the log stays until the next {@link #start}. */
    public void stop() {
        call("DELETE", null);
    }

    /** The faults injected since the last {@link #start}, in order. */
    public List<Fault> injected() {
        String json = call("GET", null);
        List<Fault> faults = new ArrayList<>();
        try {
            Object list = JSONObjectUtils.parse("{\"f\":" + json + "}").get("f");
            for (Object o : (List<?>) list) {
                Map<?, ?> f = (Map<?, ?>) o;
                faults.add(new Fault((String) f.get("service"), (String) f.get("operation"), (String) f.get("fault")));
            }
        } catch (ParseException e) {
            throw new IllegalStateException("moto's fault log is not JSON: " + json, e);
        }
        return faults;
    }

    private String post(String path, String body) {
        return call("POST", path, body);
    }

    private String call(String method, String body) {
        return call(method, "/_edgesite/faults", body);
    }

    private String call(String method, String path, String body) {
        return MotoServer.control(endpoint, method, path, body);
    }
}
