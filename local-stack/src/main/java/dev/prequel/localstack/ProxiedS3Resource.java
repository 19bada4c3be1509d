package dev.prequel.localstack;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Like {@link LocalStackResource}, but the application reaches S3 through a {@link TcpProxy}, so a test can cut
 * S3 off ({@link TcpProxy#cut()}) and bring it back while the application works. Injects fields of type
 * {@link LocalStack} and {@link TcpProxy}; the test itself reaches S3 directly ({@link LocalStack#s3Endpoint()}).
 */
public class ProxiedS3Resource implements QuarkusTestResourceLifecycleManager {
    private LocalStack stack;
    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        stack = LocalStacks.shared();
        URI s3 = URI.create(stack.s3Endpoint());
        proxy = TcpProxy.start(s3.getHost(), s3.getPort());
        Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
        config.put(LocalStack.S3_ENDPOINT, s3.getScheme() + "://127.0.0.1:" + proxy.port());
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack, new TestInjector.MatchesType(LocalStack.class));
        testInjector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
