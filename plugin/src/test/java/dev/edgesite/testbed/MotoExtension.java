package dev.edgesite.testbed;

import dev.edgesite.core.aws.AwsClients;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One moto server per test class, reset before each test. Test methods and constructors may take
 * a {@link MotoServer} or {@link AwsClients} (us-east-1, closed with the class) parameter.
 */
public final class MotoExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MotoServer.class || type == AwsClients.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MotoServer server = server(context);
        if (parameter.getParameter().getType() == MotoServer.class) {
            return server;
        }
        return store(context).getOrComputeIfAbsent("clients", k -> new OpenClients(server.clients()), OpenClients.class)
                .clients();
    }

    private static MotoServer server(ExtensionContext context) {
        return store(context).getOrComputeIfAbsent("server", k -> new Running(MotoServer.start()), Running.class)
                .server();
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return TestBedStores.classStore(context, NS);
    }

    private record Running(MotoServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    private record OpenClients(AwsClients clients) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            clients.close();
        }
    }
}
