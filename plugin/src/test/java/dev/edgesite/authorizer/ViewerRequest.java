package dev.edgesite.authorizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A CloudFront viewer request, shaped as Lambda@Edge receives it. */
final class ViewerRequest {
    static final String HOST = "docs.example.com";

    private final String method;
    private final String uri;
    private String querystring = "";
    private final Map<String, List<Map<String, String>>> headers = new LinkedHashMap<>();

    private ViewerRequest(String method, String uri) {
        this.method = method;
        this.uri = uri;
        header("Host", HOST);
    }

    static ViewerRequest get(String uri) {
        return new ViewerRequest("GET", uri);
    }

    static ViewerRequest post(String uri) {
        return new ViewerRequest("POST", uri);
    }

    ViewerRequest query(String rawQuery) {
        querystring = rawQuery;
        return this;
    }

    ViewerRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(Map.of("key", name, "value", value));
        return this;
    }

    /** A browser loading a page: the requests the authorizer may send to the login page. */
    ViewerRequest navigation() {
        return header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("Sec-Fetch-Mode", "navigate")
                .header("Sec-Fetch-Dest", "document");
    }

    /** A script's fetch of JSON: gets a 401, never a redirect. */
    ViewerRequest fetchJson() {
        return header("Accept", "application/json").header("Sec-Fetch-Mode", "cors").header("Sec-Fetch-Dest", "empty");
    }

    ViewerRequest cookies(String cookieHeader) {
        return header("Cookie", cookieHeader);
    }

    Map<String, Object> request() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("clientIp", "203.0.113.178");
        request.put("headers", headers);
        request.put("method", method);
        request.put("querystring", querystring);
        request.put("uri", uri);
        return request;
    }

    Map<String, Object> event() {
        Map<String, Object> config = Map.of(
                "distributionDomainName", "d111111abcdef8.cloudfront.net",
                "distributionId", "EDFDVBD6EXAMPLE",
                "eventType", "viewer-request",
                "requestId", "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==");
        return Map.of("Records", List.of(Map.of("cf", Map.of("config", config, "request", request()))));
    }
}
