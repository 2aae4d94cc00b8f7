package dev.edgesite.testbed;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** One cognito-local server per test class, resolved as a {@link CognitoLocalServer} parameter. */
public final class CognitoLocalExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CognitoLocalExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CognitoLocalServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return TestBedStores.classStore(context, NS)
                .getOrComputeIfAbsent("server", k -> new Running(CognitoLocalServer.start()), Running.class).server;
    }

    private record Running(CognitoLocalServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
