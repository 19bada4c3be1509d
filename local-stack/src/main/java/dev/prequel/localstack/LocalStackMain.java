package dev.prequel.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import dev.prequel.events.Buckets;
import dev.prequel.events.Topics;

/**
 * Runs the local stack until SIGTERM or Ctrl-C, for the local run of the services:
 * <pre>
 * java -cp "local-stack/target/local-stack-0.1.0-SNAPSHOT.jar:local-stack/target/lib/*" \
 *      dev.prequel.localstack.LocalStackMain [--env-file PATH] [--print-secrets] [--kafka-port N] [--s3-port N]
 * </pre>
 * Prints the endpoints and the environment lines the services need; the S3 secret only with
 * {@code --print-secrets}. {@code --env-file} gets the full configuration (mode 600) once the stack is up, and
 * is deleted when the stack stops, so a script can wait for it to appear.
 */
public final class LocalStackMain {
    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LauncherOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LauncherOptions.USAGE);
            return;
        }
        LocalStack stack = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(stack, options), "prequel-local-stack-stop"));
        if (options.envFile() != null) {
            EnvFile.write(options.envFile(), stack.serviceEnvironment());
        }
        describe(stack, options, System.out);
        new CountDownLatch(1).await(); // until SIGTERM / Ctrl-C runs the shutdown hook
    }

    private static LocalStack start(LauncherOptions options) {
        if (LocalStacks.EMBEDDED.equals(LocalStacks.selectedKind())) {
            return EmbeddedLocalStack.start(options.kafkaPort(), options.s3Port());
        }
        if (options.kafkaPort() != 0 || options.s3Port() != 0) {
            System.err.println("--kafka-port and --s3-port apply to the embedded stack only; ignored");
        }
        return LocalStacks.start();
    }

    private static void stop(LocalStack stack, LauncherOptions options) {
        System.out.println("Stopping the local stack...");
        try {
            if (options.envFile() != null) {
                Files.deleteIfExists(options.envFile());
            }
        } catch (IOException e) {
            System.err.println("could not delete " + options.envFile() + ": " + e.getMessage());
        }
        stack.close();
        System.out.println("Local stack stopped.");
    }

    static void describe(LocalStack stack, LauncherOptions options, PrintStream out) {
        out.println("Prequel local stack is up (" + stack.getClass().getSimpleName() + ")");
        if (stack instanceof EmbeddedLocalStack embedded) {
            out.println("  started in:  " + embedded.startupTimes());
        }
        out.println("  Kafka:       " + stack.kafkaBootstrapServers());
        out.println("  S3 endpoint: " + stack.s3Endpoint() + " (region " + LocalStack.REGION + ")");
        out.println("  buckets:     " + String.join(" ", Buckets.ALL));
        out.println("  topics:      " + String.join(" ", Topics.ALL) + " (" + StackProvisioning.PARTITIONS
                + " partitions; compacted: " + String.join(" ", Topics.COMPACTED) + ")");
        long rss = ServiceProcess.rssKb(ProcessHandle.current().pid());
        if (rss > 0) {
            out.println("  launcher RSS: " + rss / 1024 + " MB (pid " + ProcessHandle.current().pid() + ")");
        }
        out.println();
        out.println("Environment for the services:");
        String secretName = LocalStack.environmentName(LocalStack.S3_SECRET_KEY);
        stack.serviceEnvironment().forEach((name, value) -> {
            boolean hide = name.equals(secretName) && !options.printSecrets();
            out.println("  export " + name + "=" + (hide ? "<hidden: --print-secrets or --env-file>" : value));
        });
        if (options.envFile() != null) {
            out.println();
            out.println("Full configuration (secrets included, mode 600): " + options.envFile());
        }
        out.println();
        out.println("Running until SIGTERM or Ctrl-C.");
        out.flush();
    }

    /** Command-line options of the launcher. */
    record LauncherOptions(Path envFile, boolean printSecrets, int kafkaPort, int s3Port, boolean help) {
        static final String USAGE = """
                Usage: LocalStackMain [--env-file PATH] [--print-secrets] [--kafka-port N] [--s3-port N]
                  --env-file PATH   write KEY=value lines with the full configuration (secrets included, mode 600);
                                    deleted again when the stack stops
                  --print-secrets   also print the S3 secret key
                  --kafka-port N    Kafka listener port (default: a free one; 9092 is the services' default)
                  --s3-port N       S3 port (default: a free one; 9000 is the services' default)
                The stack kind follows -Dprequel.stack / PREQUEL_STACK (embedded | containers).""";

        static LauncherOptions parse(String[] args) {
            Path envFile = null;
            boolean printSecrets = false;
            boolean help = false;
            int kafkaPort = 0;
            int s3Port = 0;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--env-file" -> envFile = Path.of(value(args, ++i, "--env-file"));
                    case "--print-secrets" -> printSecrets = true;
                    case "--kafka-port" -> kafkaPort = port(value(args, ++i, "--kafka-port"));
                    case "--s3-port" -> s3Port = port(value(args, ++i, "--s3-port"));
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new LauncherOptions(envFile, printSecrets, kafkaPort, s3Port, help);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }

        private static int port(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("not a port: " + text);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port: " + text, e);
            }
        }
    }
}
