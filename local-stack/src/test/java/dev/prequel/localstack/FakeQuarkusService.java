package dev.prequel.localstack;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a packaged Quarkus service in {@link ServiceProcessTest}: a real JVM with a real HTTP port that
 * answers /q/health/ready like Quarkus, reports what it was given, and dies when asked to.
 */
public final class FakeQuarkusService {
    private FakeQuarkusService() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("quarkus.http.port");
        System.out.println("fake service: greeting=" + System.getProperty("prequel.greeting"));
        System.out.println("fake service: DJL_OFFLINE=" + System.getenv("DJL_OFFLINE"));
        System.out.println("fake service: secret on command line=" + (System.getProperty("prequel.s3.secret-key") != null));
        String secret = System.getenv("PREQUEL_S3_SECRET_KEY");
        System.out.println("fake service: secret in environment=" + (secret != null && !secret.isEmpty()));
        if (Boolean.getBoolean("fake.fail")) {
            System.out.println("fake service: failing on purpose");
            System.exit(3);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake service: graceful shutdown at " + System.currentTimeMillis())));
        Thread.sleep(Long.getLong("fake.start-delay-ms", 300));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("fake service: listening on " + port);
        byte[] ballast = new byte[32 * 1024 * 1024]; // resident memory for rssKb() to see
        java.util.Arrays.fill(ballast, (byte) 1);
        Thread.sleep(Long.MAX_VALUE);
        System.out.println(ballast.length);
    }
}
