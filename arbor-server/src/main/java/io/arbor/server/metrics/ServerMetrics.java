package io.arbor.server.metrics;

import io.arbor.server.ServerContext;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The server's metrics in a Micrometer Prometheus registry, under the names ZooKeeper's Prometheus provider
 * uses where a metric means the same thing (znode_count, watch_count, readlatency, fsynctime, ...), so that
 * dashboards built for ZooKeeper keep working; plus the JVM's own (jvm_*, process_*, system_*).
 *
 * <p>Latencies and times are in milliseconds, as ZooKeeper reports them, as summaries with the quantiles
 * its provider publishes (0.5, 0.9, 0.99).
 */
public final class ServerMetrics implements AutoCloseable {
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final DistributionSummary readLatency;
    private final DistributionSummary updateLatency;
    private final DistributionSummary fsyncTime;
    private final DistributionSummary snapshotTime;
    private final DistributionSummary startupTime;

    public ServerMetrics(ServerContext server) {
        gauge("znode_count", server, s -> s.tree().nodeCount(), "znodes in the tree");
        gauge("watch_count", server, s -> s.tree().watches().watchCount(), "watches set by clients");
        gauge("ephemerals_count", server, s -> s.tree().ephemeralCount(), "ephemeral znodes");
        gauge("approximate_data_size", server, s -> s.tree().approximateDataSize(),
                "bytes of znode data and paths");
        gauge("num_alive_connections", server, s -> s.connections().count(), "open client connections");
        gauge("outstanding_requests", server, s -> s.throttle().outstanding(), "requests read but not answered");
        gauge("global_sessions", server, s -> s.sessions().count(), "live sessions");
        gauge("packets_received", server, s -> s.stats().packetsReceived(), "client packets read");
        gauge("packets_sent", server, s -> s.stats().packetsSent(), "client packets written");
        gauge("avg_latency", server, s -> s.stats().avgLatency(), "mean request latency (ms) since start/srst");
        gauge("max_latency", server, s -> s.stats().maxLatency(), "largest request latency (ms)");
        gauge("min_latency", server, s -> s.stats().minLatency(), "smallest request latency (ms)");
        gauge("auth_failed_count", server, s -> s.stats().authFailures(), "failed authentications");
        gauge("uptime", server, s -> s.stats().uptimeMillis(), "ms since the server started");
        gauge("last_processed_zxid", server, s -> s.tree().lastProcessedZxid(), "zxid of the last applied txn");
        readLatency = summary("readlatency", "read request latency (ms), from read to answer");
        updateLatency = summary("updatelatency", "write request latency (ms), from read to answer, fsync included");
        fsyncTime = summary("fsynctime", "time of each txn log fsync (ms)");
        snapshotTime = summary("snapshottime", "time to write a snapshot (ms)");
        startupTime = summary("dbinittime", "time to load the snapshot and replay the log at start (ms)");
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void gauge(String name, ServerContext server, ToDoubleFunction<ServerContext> value, String help) {
        Gauge.builder(name, server, value).description(help).register(registry);
    }

    private DistributionSummary summary(String name, String help) {
        return DistributionSummary.builder(name).description(help).publishPercentiles(QUANTILES)
                .register(registry);
    }

    public void answered(boolean write, long nanos) {
        (write ? updateLatency : readLatency).record(nanos / 1e6);
    }

    public void fsync(long nanos) {
        fsyncTime.record(nanos / 1e6);
    }

    public void snapshot(long millis) {
        snapshotTime.record(millis);
    }

    public void startup(long millis) {
        startupTime.record(millis);
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
