package io.arbor.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import org.slf4j.LoggerFactory;

/**
 * The server's log also to a rolling file, when asked ({@code --log-dir}, or ZooKeeper's
 * {@code -Dzookeeper.log.dir} and {@code -Dzookeeper.log.file}): files of at most 256 MB, the last 10 kept
 * ({@code arbor.log}, {@code arbor.log.1}, ...), as ZooKeeper's own log4j set-up rolls them. The console keeps
 * getting every line too (the distribution's logback.xml).
 */
final class LogFiles {
    static final String DEFAULT_FILE = "arbor.log";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";

    private LogFiles() {}

    /** The directory to log to: {@code --log-dir} if given, else {@code zookeeper.log.dir}, else none. */
    static Path chosen(Path logDirOption) {
        if (logDirOption != null) {
            return logDirOption;
        }
        String zk = System.getProperty("zookeeper.log.dir");
        return zk == null || zk.isBlank() ? null : Path.of(zk);
    }

    /** Adds the rolling file to the root logger; returns the file. */
    static Path rollTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(System.getProperty("zookeeper.log.file", DEFAULT_FILE));
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(ctx);
        appender.setName("FILE");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(10);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf(System.getProperty("zookeeper.log.maxfilesize", "256MB")));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return file;
    }
}
