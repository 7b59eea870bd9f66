package io.arbor.server;

import io.arbor.protocol.OpCode;
import io.arbor.protocol.txn.CloseSessionTxn;
import io.arbor.protocol.txn.CreateSessionTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.server.admin.AdminCommands;
import io.arbor.server.admin.AdminServer;
import io.arbor.server.admin.AdminSettings;
import io.arbor.server.auth.AclChecker;
import io.arbor.server.auth.AuthProviders;
import io.arbor.server.config.ServerConfig;
import io.arbor.server.ensemble.EnsembleMember;
import io.arbor.server.ensemble.Membership;
import io.arbor.server.metrics.ServerMetrics;
import io.arbor.server.network.ClientServer;
import io.arbor.server.network.RequestThrottle;
import io.arbor.server.network.ServerStats;
import io.arbor.server.pipeline.ApplyStage;
import io.arbor.server.pipeline.PrepareStage;
import io.arbor.server.pipeline.ReadProcessor;
import io.arbor.server.pipeline.Request;
import io.arbor.server.reaper.ContainerReaper;
import io.arbor.server.session.Session;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.storage.LogReader;
import io.arbor.server.storage.Purger;
import io.arbor.server.storage.Recovery;
import io.arbor.server.storage.SnapshotSession;
import io.arbor.server.storage.SnapshotWriter;
import io.arbor.server.storage.Snapshotter;
import io.arbor.server.storage.TxnLog;
import io.arbor.server.tree.DataTree;
import io.arbor.server.watch.WatchManager;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A standalone Arbor server: the tree, sessions, the PREPARE -> LOG -> APPLY pipeline and the client port. */
public final class ArborServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArborServer.class);

    private final ServerConfig config;
    private final ServerContext context;
    private final PrepareStage prepare;
    private final ApplyStage apply;
    private final TxnLog log;
    private final Snapshotter snapshotter;
    private final Purger purger;
    private final DataTree tree;
    private final SessionTracker sessions;
    private final ContainerReaper reaper;
    private final ClientServer clientServer;
    private final ServerMetrics metrics;
    private final AdminServer adminServer;
    /** Null for a standalone server. */
    private final EnsembleMember ensemble;
    private InetSocketAddress clientAddress;
    /** The zxid of the snapshot recovery started from (-1: none); a clean shutdown snapshots if the tree is newer. */
    private long recoveredSnapshotZxid = -1;
    private volatile boolean started;

    /**
     * A standalone server, or a member of the ensemble that the configuration's {@code server.N} lines describe
     * (this one being {@code myid}'s).
     */
    public ArborServer(ServerConfig config) {
        this.config = config;
        DataTree tree = new DataTree(new WatchManager());
        this.tree = tree;
        AuthProviders providers = new AuthProviders(config.authProviders(), config.superDigest(),
                config.digestAuthEnabled());
        AclChecker acls = new AclChecker(providers, config.skipAcl());
        this.sessions = new SessionTracker(config.serverId(), config.tickTime(), ArborServer::monotonicMillis,
                this::expire);
        this.prepare = new PrepareStage(tree, sessions, acls,
                new PrepareStage.Settings(config.extendedTypesEnabled(), config.reconfigEnabled()));
        ServerStats stats = new ServerStats();
        // an ensemble member learns of membership changes as it applies them
        this.apply = new ApplyStage(tree, sessions, prepare, this::afterApply);
        ConnectionRegistry connections = new ConnectionRegistry(config.maxCnxns());
        this.ensemble = config.standalone() ? null
                : new EnsembleMember(config, tree, sessions, prepare, apply, connections, acls);
        this.log = new TxnLog(config.dataLogDir(), config.preAllocSizeKb() * 1024, config.forceSync(),
                LogReader.maxRecordBytes(config.juteMaxBuffer()), apply::submit);
        this.snapshotter = new Snapshotter(tree, this::sessionsForSnapshot, config.dataDir(), config.snapCount(),
                log::roll, new Random());
        log.onLogged(snapshotter::txnsLogged);
        // a refused write: once APPLY has answered everything before it, PREPARE forgets what it had in flight
        log.onWriteFailure(() -> apply.runAfterQueued(prepare::rollBackUnlogged));
        this.purger = new Purger(config.dataDir(), config.dataLogDir(), config.autopurgeSnapRetainCount(),
                LogReader.maxRecordBytes(config.juteMaxBuffer()));
        this.context = new ServerContext(config, tree, sessions, prepare, new ReadProcessor(tree, acls), providers,
                acls, stats, connections, new RequestThrottle(config.globalOutstandingLimit()),
                ensemble == null ? Membership.standalone(prepare) : ensemble);
        this.reaper = new ContainerReaper(tree, prepare, config.containerCheckIntervalMs(),
                config.containerMaxPerMinute(), config.containerMaxNeverUsedIntervalMs());
        if (ensemble != null) {
            reaper.activeWhen(ensemble::leadingAndReady);
        }
        this.clientServer = new ClientServer(context);
        this.metrics = new ServerMetrics(context);
        stats.onLatency(metrics::answered);
        long slowFsyncMs = Long.parseLong(config.properties().getOrDefault("fsync.warningthresholdms",
                System.getProperty("zookeeper.fsync.warningthresholdms", "1000")).trim());
        log.onFsync(nanos -> {
            metrics.fsync(nanos);
            if (nanos > slowFsyncMs * 1_000_000) {
                stats.slowFsync();
            }
        }, slowFsyncMs);
        snapshotter.onSnapshot(metrics::snapshot);
        AdminSettings admin = AdminSettings.from(config);
        this.adminServer = new AdminServer(admin, new AdminCommands(context, new AdminCommands.Snapshots() {
            @Override
            public CompletableFuture<SnapshotWriter.Written> takeNow() {
                if (ensemble != null) {
                    return CompletableFuture.failedFuture(new UnsupportedOperationException(
                            "an ensemble member's state is in its Raft log; it takes no snapshot of its own yet"));
                }
                return snapshotNow();
            }

            @Override
            public java.util.Optional<SnapshotWriter.Written> last() {
                return snapshotter.lastWritten();
            }
        }, admin, () -> clientAddress == null ? config.clientAddress().getPort() : clientAddress.getPort()), metrics);
    }

    /** An ensemble member learns of membership changes as it applies them. */
    private void afterApply(Request r) {
        if (ensemble != null) {
            ensemble.applied(r);
        }
    }

    /** Session expiry runs on a clock that wall-clock steps (NTP, an operator) cannot move. */
    private static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    private void expire(Session s) {
        prepare.submit(new Request(null, s.id(), 0, OpCode.CLOSE_SESSION, null, List.of()));
    }

    public ArborServer start() throws java.io.IOException {
        // As ZooKeeper (zookeeper.datadir.autocreate): the data directories are made if missing.
        java.nio.file.Files.createDirectories(config.dataDir());
        java.nio.file.Files.createDirectories(config.dataLogDir());
        if (ensemble != null) {
            return startInEnsemble();
        }
        long recoveryStart = System.nanoTime();
        recover();
        metrics.startup((System.nanoTime() - recoveryStart) / 1_000_000);
        snapshotter.start();
        prepare.start(log.start());
        apply.start();
        sessions.start();
        reaper.start();
        purger.start(config.autopurgePurgeInterval());
        clientAddress = clientServer.start(config.clientAddress());
        adminServer.start();
        started = true;
        LOG.info("Arbor serving standalone, server id {}, tickTime {}ms, session timeouts {}..{}ms",
                config.serverId(), config.tickTime(), config.minSessionTimeout(), config.maxSessionTimeout());
        return this;
    }

    /**
     * An ensemble member: its state is the Raft log (Ratis replays it into APPLY at start), kept under
     * {@code dataDir/raft}; it takes clients once it knows a leader (see {@link EnsembleMember}).
     */
    private ArborServer startInEnsemble() throws java.io.IOException {
        apply.start();
        prepare.start(ensemble.log());
        sessions.start();
        reaper.start();
        ensemble.start(config.dataDir().resolve("raft"));
        clientAddress = clientServer.start(config.clientAddress());
        adminServer.start();
        LOG.info("Arbor ensemble member {} of {}, tickTime {}ms, session timeouts {}..{}ms", config.serverId(),
                config.servers().size(), config.tickTime(), config.minSessionTimeout(), config.maxSessionTimeout());
        return this;
    }

    /** This server's ensemble membership, or null when it runs standalone. */
    public EnsembleMember ensemble() {
        return ensemble;
    }

    /**
     * Rebuilds the tree and the sessions from the newest snapshot that verifies and the txn log after it.
     * Recovered sessions get a fresh timeout from now: their clients may re-attach, or they expire as usual
     * and their ephemerals go.
     */
    private void recover() throws java.io.IOException {
        Recovery.Result r = Recovery.recover(config.dataDir(), config.dataLogDir(),
                LogReader.maxRecordBytes(config.juteMaxBuffer()), tree,
                s -> sessions.add(s.toSession()), this::replayTxn);
        recoveredSnapshotZxid = r.snapshot() == null ? -1 : r.snapshotZxid();
        if (r.lastZxid() > 0) {
            LOG.info("Recovered up to zxid 0x{} ({} and the txn log after it): {} nodes, {} sessions",
                    Long.toHexString(r.lastZxid()), r.snapshot() == null ? "no snapshot" : r.snapshot(),
                    tree.nodeCount(), sessions.count());
        }
    }

    private List<SnapshotSession> sessionsForSnapshot() {
        return SnapshotSession.of(sessions.all());
    }

    /** Takes a snapshot now (the log rolls first); tests and operators. */
    public CompletableFuture<SnapshotWriter.Written> snapshotNow() {
        return snapshotter.snapshotNow();
    }

    /** Purges old snapshots and log segments now, as autopurge does; tests and operators. */
    public Purger.Result purgeNow() throws java.io.IOException {
        return purger.purge();
    }

    private void replayTxn(Txn txn) {
        tree.apply(txn);
        long sessionId = txn.header().sessionId();
        if (txn.body() instanceof CreateSessionTxn c) {
            sessions.add(new Session(sessionId, c.timeout(), c.password()));
        } else if (txn.body() instanceof CloseSessionTxn) {
            sessions.remove(sessionId);
        }
    }

    /** The address the client port is bound to (the real port when the configuration asked for 0). */
    public InetSocketAddress clientAddress() {
        return clientAddress;
    }

    public ServerContext context() {
        return context;
    }

    public ServerConfig config() {
        return config;
    }

    /** Where the admin HTTP server listens, or null when it is off or its port could not be bound. */
    public InetSocketAddress adminAddress() {
        return adminServer.adminAddress();
    }

    /** Where the metrics-only port ({@code metricsProvider.httpPort}) listens, or null. */
    public InetSocketAddress metricsAddress() {
        return adminServer.metricsAddress();
    }

    @Override
    public void close() {
        adminServer.close();
        clientServer.close();
        reaper.close();
        sessions.close();
        if (ensemble != null) {
            ensemble.close();
        }
        prepare.close();
        log.close();
        if (started) {
            // once APPLY has applied what the log handed it, a snapshot of the final tree makes the next start
            // load it rather than replay the log since the last snapshot
            try {
                apply.callAfterQueued(() -> null).get(30, java.util.concurrent.TimeUnit.SECONDS);
                snapshotter.snapshotAtShutdown(recoveredSnapshotZxid);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("APPLY did not drain at shutdown ({}); no shutdown snapshot", e.toString());
            }
        }
        apply.close();
        purger.close();
        snapshotter.close();
        metrics.close();
        LOG.info("Arbor stopped");
    }
}
