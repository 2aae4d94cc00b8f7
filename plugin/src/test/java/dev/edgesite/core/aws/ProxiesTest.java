package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxiesTest {
    private static final URI S3 = URI.create("https://docs.s3.eu-west-1.amazonaws.com/index.html");

    @Test
    void takesTheProxyFromTheEnvironmentAsTheAwsCliDoes() {
        assertEquals(InetSocketAddress.createUnresolved("proxy.corp", 3128),
                new Proxies(Map.of("HTTPS_PROXY", "http://proxy.corp:3128"), null).apply(S3));
        assertEquals(InetSocketAddress.createUnresolved("proxy.corp", 80),
                new Proxies(Map.of("https_proxy", "proxy.corp"), null).apply(S3), "lower case, no scheme or port");
        assertNull(new Proxies(Map.of("HTTP_PROXY", "http://proxy.corp:3128"), null).apply(S3),
                "HTTP_PROXY is for plain http");
        assertEquals(InetSocketAddress.createUnresolved("p", 8080), new Proxies(Map.of("HTTP_PROXY", "http://p:8080"), null)
                .apply(URI.create("http://minio.corp:9000/b/k")));
        assertNull(new Proxies(Map.of(), null).apply(S3));
    }

    @Test
    void noProxyAndLoopbackGoStraight() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "HTTP_PROXY", "http://proxy.corp:3128",
                "NO_PROXY", "internal.corp, .amazonaws.com");
        assertNull(new Proxies(env, null).apply(S3), "a subdomain of a NO_PROXY domain");
        assertNull(new Proxies(env, null).apply(URI.create("https://internal.corp/x")));
        assertEquals(InetSocketAddress.createUnresolved("proxy.corp", 3128),
                new Proxies(env, null).apply(URI.create("https://notinternal.corp/x")), "a name that only ends alike");
        assertNull(new Proxies(env, null).apply(URI.create("http://127.0.0.1:4566/b")));
        assertNull(new Proxies(env, null).apply(URI.create("http://localhost:4566/b")));
        assertNull(new Proxies(Map.of("HTTPS_PROXY", "http://p:1", "no_proxy", "*"), null).apply(S3));
    }

    @Test
    void theJvmsProxySettingsComeFirst() {
        InetSocketAddress jvmProxy = InetSocketAddress.createUnresolved("jvm.proxy", 8888);
        ProxySelector jvm = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, jvmProxy));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        };

        assertEquals(jvmProxy, new Proxies(Map.of("HTTPS_PROXY", "http://env.proxy:3128"), jvm).apply(S3));
        assertEquals(InetSocketAddress.createUnresolved("env.proxy", 3128),
                new Proxies(Map.of("HTTPS_PROXY", "http://env.proxy:3128"), ProxySelector.of(null)).apply(S3),
                "a JVM without proxy settings leaves it to the environment");
    }
}
