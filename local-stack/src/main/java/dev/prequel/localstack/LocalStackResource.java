package dev.prequel.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test entry point: {@code @WithTestResource(LocalStackResource.class)} on a {@code @QuarkusTest}
 * points the application at the JVM-wide stack (the one {@link LocalStackExtension} uses too) and injects
 * fields of type {@link LocalStack} into the test. Stopping the application does not stop the stack: the next
 * test class reuses it, and it stops at JVM exit.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    private LocalStack stack;

    @Override
    public Map<String, String> start() {
        stack = LocalStacks.shared();
        Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
        // Dev Services would look for a Docker engine; the stack is already here.
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack, new TestInjector.MatchesType(LocalStack.class));
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM: stopped at the end of the run, not per application
    }
}
