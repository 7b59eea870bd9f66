package io.arbor.cli;

import io.arbor.server.ArborServer;
import io.arbor.server.config.ConfigException;
import io.arbor.server.config.ConfigParser;
import io.arbor.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arbor server [zoo.cfg]}: runs a server in the foreground until SIGTERM or SIGINT. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run an Arbor server in the foreground (standalone without server.N lines).")
final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Parameters(arity = "0..1", paramLabel = "zoo.cfg",
            description = "A ZooKeeper configuration file; without one, the embedded default "
                    + "(client port 2181, data under ./data).")
    Path configFile;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Also log to a rolling file (arbor.log, 256 MB x 10) in DIR; -Dzookeeper.log.dir does the"
                    + " same.")
    Path logDir;

    @Override
    public Integer call() throws Exception {
        Path logs = LogFiles.chosen(logDir);
        if (logs != null) {
            try {
                LOG.info("Logging to {}", LogFiles.rollTo(logs));
            } catch (java.io.IOException e) {
                System.err.println("arbor: cannot log to " + logs + ": " + e);
                return 2;
            }
        }
        ServerConfig config;
        try {
            config = configFile == null ? ConfigParser.defaults() : ConfigParser.parse(configFile);
        } catch (ConfigException e) {
            System.err.println("arbor: " + e.getMessage());
            return 2;
        }
        LOG.info("Starting Arbor with {}", configFile == null ? "the embedded default configuration" : configFile);
        ArborServer server;
        try {
            server = new ArborServer(config);
        } catch (IllegalArgumentException e) {
            System.err.println("arbor: " + e.getMessage());
            return 2;
        }
        try {
            server.start();
        } catch (Exception e) {
            LOG.error("Arbor could not start: {}", e.getMessage());
            server.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down on signal");
            server.close();
            stopped.countDown();
        }, "arbor-shutdown"));
        stopped.await();
        return 0;
    }
}
