package dev.edgesite.core.aws;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Which HTTP proxy a request goes through, as the AWS SDK and CLI decide it: the JVM's proxy properties
 * ({@code https.proxyHost}, {@code http.nonProxyHosts}, ...) first, then the {@code HTTPS_PROXY} /
 * {@code HTTP_PROXY} environment variables (either case) with {@code NO_PROXY}, loopback excepted. Null
 * means straight there.
 */
final class Proxies implements Function<URI, InetSocketAddress> {
    private final Map<String, String> env;
    private final ProxySelector jvm;

    Proxies(Map<String, String> env, ProxySelector jvm) {
        this.env = env;
        this.jvm = jvm;
    }

    static Proxies fromSystem() {
        return new Proxies(System.getenv(), ProxySelector.getDefault());
    }

    @Override
    public InetSocketAddress apply(URI uri) {
        if (jvm != null) {
            for (Proxy p : jvm.select(uri)) {
                if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress address) {
                    return address;
                }
            }
        }
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        String proxy = variable(secure ? "HTTPS_PROXY" : "HTTP_PROXY");
        if (proxy == null || loopback(uri.getHost()) || bypassed(uri.getHost())) {
            return null;
        }
        URI parsed = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException("the proxy " + proxy + " names no host");
        }
        int port = parsed.getPort() != -1 ? parsed.getPort() : "https".equalsIgnoreCase(parsed.getScheme()) ? 443 : 80;
        return InetSocketAddress.createUnresolved(parsed.getHost(), port);
    }

    /** The JVM's own default and Go's: loopback never goes through a proxy. */
    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /** NO_PROXY: {@code *}, or hosts and domains ({@code example.com} and {@code .example.com} both cover subdomains). */
    private boolean bypassed(String host) {
        String noProxy = variable("NO_PROXY");
        if (noProxy == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy.split(",")) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals("*")) {
                return true;
            }
            String domain = e.startsWith(".") ? e.substring(1) : e;
            if (h.equals(domain) || h.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private String variable(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            value = env.get(name.toLowerCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? null : value.strip();
    }
}
