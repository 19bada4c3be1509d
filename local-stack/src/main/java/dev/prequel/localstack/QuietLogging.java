package dev.prequel.localstack;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Puts S3Proxy, Jetty, jclouds and the broker at WARN, whatever SLF4J backend the JVM has, without shipping a
 * logging configuration file that would land on other modules' classpaths.
 *
 * <p>Logback with no configuration file logs everything at DEBUG (one run of S3Proxy wrote 540,000 lines):
 * there the root also goes to INFO. A logger the application configured explicitly keeps its level.
 * Under JBoss LogManager (Quarkus tests) or the JDK's logging, the same names are set through
 * {@code java.util.logging} (and JBoss' own log context).
 */
final class QuietLogging {
    static final List<String> NOISY = List.of("org.gaul", "org.eclipse.jetty", "org.jclouds", "jclouds",
            "kafka", "org.apache.kafka", "state.change.logger", "com.azure");

    /** java.util.logging holds loggers weakly: a level set on a collected logger would be lost. */
    private static final List<Logger> KEPT = new ArrayList<>();
    private static boolean applied;

    private QuietLogging() {
    }

    static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        // Compare by name: logback is an optional dependency, its classes may be absent.
        if ("ch.qos.logback.classic.LoggerContext".equals(factory.getClass().getName())) {
            LogbackLevels.quiet(factory, NOISY);
        } else {
            // JBoss LogManager (Quarkus) keeps its own LogContext: when java.util.logging was touched before
            // Quarkus installed it, JUL's loggers are not the ones SLF4J writes to, so set both.
            jbossLoggers(factory.getClass().getClassLoader()).forEach(QuietLogging::quiet);
            for (String name : NOISY) {
                quiet(Logger.getLogger(name));
            }
        }
    }

    private static void quiet(Logger logger) {
        if (logger.getLevel() == null) {
            logger.setLevel(Level.WARNING);
        }
        KEPT.add(logger);
    }

    /** The noisy loggers of JBoss LogManager's context, by reflection (it is not a dependency); none if absent. */
    private static List<Logger> jbossLoggers(ClassLoader loader) {
        List<Logger> loggers = new ArrayList<>();
        try {
            Class<?> logContext = Class.forName("org.jboss.logmanager.LogContext", true,
                    loader != null ? loader : ClassLoader.getSystemClassLoader());
            Object context = logContext.getMethod("getLogContext").invoke(null);
            Method getLogger = logContext.getMethod("getLogger", String.class);
            for (String name : NOISY) {
                loggers.add((Logger) getLogger.invoke(context, name));
            }
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // not JBoss LogManager
        }
        return loggers;
    }
}
