package dev.prequel.localstack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 entry point: {@code @ExtendWith(LocalStackExtension.class)} starts the JVM-wide stack once (shared by
 * every test class, and by {@link LocalStackResource}) and resolves {@link LocalStack} parameters. The stack
 * stops when the root context closes, at the end of the test run; closing the injected {@link LocalStack} does
 * nothing.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class.getName());
    /** A string key: under Quarkus this class may exist in several class loaders, the root store only once. */
    private static final String STOP_AT_END = "stop-at-end";

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return stack(extensionContext);
    }

    private static LocalStack stack(ExtensionContext context) {
        LocalStack stack = LocalStacks.shared();
        // The root store closes its AutoCloseable values when the whole run ends.
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(STOP_AT_END, key -> new StopAtEnd());
        return stack;
    }

    private static final class StopAtEnd implements AutoCloseable {
        @Override
        public void close() {
            JvmWideStack.stop();
        }
    }
}
