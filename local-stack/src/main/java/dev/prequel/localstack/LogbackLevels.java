package dev.prequel.localstack;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import org.slf4j.ILoggerFactory;

/** Logback-specific half of {@link QuietLogging}; loaded only when logback is the SLF4J backend. */
final class LogbackLevels {
    private LogbackLevels() {
    }

    static void quiet(ILoggerFactory factory, List<String> noisy) {
        LoggerContext context = (LoggerContext) factory;
        boolean noConfigurationFile = ConfigurationWatchListUtil.getMainWatchURL(context) == null;
        if (noConfigurationFile) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        }
        for (String name : noisy) {
            ch.qos.logback.classic.Logger logger = context.getLogger(name);
            if (noConfigurationFile || logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
            }
        }
    }
}
