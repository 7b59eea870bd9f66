package io.arbor.it.ensemble;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.zookeeper.ClientCnxn;
import org.slf4j.LoggerFactory;

/**
 * What the stock client says when a server answers a session's requests out of order: it compares each answer's
 * xid with the oldest call waiting, and on a mismatch drops the connection ("Xid out of order") and fails the
 * calls with a connection loss, so the history alone shows nothing but indeterminate calls. This listens to the
 * client's log for it while open.
 */
final class OutOfOrderAnswers implements AutoCloseable {
    private static final String MARK = "Xid out of order";

    private final Logger logger = (Logger) LoggerFactory.getLogger(ClientCnxn.class);
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().contains(MARK)) {
                    seen.add(event.getThreadName() + ": " + event.getFormattedMessage() + ": " + t.getMessage());
                    return;
                }
            }
            if (event.getFormattedMessage().contains(MARK)) {
                seen.add(event.getThreadName() + ": " + event.getFormattedMessage());
            }
        }
    };

    OutOfOrderAnswers() {
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** Every out-of-order answer the clients reported. */
    List<String> seen() {
        return seen;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
