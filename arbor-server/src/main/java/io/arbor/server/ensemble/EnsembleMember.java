package io.arbor.server.ensemble;

import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.Perms;
import io.arbor.protocol.request.ReconfigRequest;
import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.server.ConnectionRegistry;
import io.arbor.server.auth.AclChecker;
import io.arbor.server.pipeline.ConfigChange;
import io.arbor.server.config.ServerConfig;
import io.arbor.server.config.ServerSpec;
import io.arbor.server.pipeline.ApplyStage;
import io.arbor.server.pipeline.PrepareStage;
import io.arbor.server.pipeline.Request;
import io.arbor.server.replication.RaftNode;
import io.arbor.server.replication.ReplicatedLog;
import io.arbor.server.replication.TxnStateMachine;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.tree.DataTree;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server as a member of a replicated ensemble: its Raft member (Ratis, on the quorum port), its role, and
 * what changes when the leader does.
 *
 * <p>The leader prepares every write: its own clients' and those its followers forward over their links (on
 * the election port). A leader change drops every client connection on every server, as ZooKeeper's servers
 * do when they go back to looking for a leader: what they had in flight is answered by no one, their clients
 * reconnect and re-attach their sessions. A new leader serves once it has applied every entry of the terms
 * before its own; it then restarts PREPARE in the epoch of its term (zxid = term &lt;&lt; 32 | counter) and
 * gives every session a fresh timeout before it expires any. A follower serves while its link to the leader
 * is up.
 */
public final class EnsembleMember implements Membership, TxnStateMachine.LeadershipListener, LeaderLink.Listener,
        AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnsembleMember.class);

    /** ZooKeeper's names for a server's state, as srvr and mntr print them. */
    public enum Role {
        LOOKING("looking"), LEADING("leader"), FOLLOWING("follower"), OBSERVING("observer");

        private final String mode;

        Role(String mode) {
            this.mode = mode;
        }
    }

    private final ServerConfig config;
    private final ServerSpec me;
    private final DataTree tree;
    private final SessionTracker sessions;
    private final PrepareStage prepare;
    private final ApplyStage apply;
    private final ConnectionRegistry connections;
    private final AclChecker acls;
    private final ReplicatedLog log;
    private final TxnStateMachine stateMachine;
    private final EventLoopGroup peerLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /** Leadership changes, one at a time and in the order Ratis reports them. */
    private final ExecutorService transitions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arbor-ensemble");
        t.setDaemon(true);
        return t;
    });
    private final FollowerLinks followerLinks;
    private final int maxFrame;
    private RaftNode node;
    private volatile Role role = Role.LOOKING;
    private volatile boolean serving;
    private volatile LeaderLink link;
    /** The ensemble's members as of the last applied /zookeeper/config (at first the configuration's). */
    private volatile Map<Long, ServerSpec> members;
    /** The version of that configuration: the zxid of the reconfig that made it (0: the static one). */
    private volatile long configVersion;
    /** A reconfig is under way (transitions thread). */
    private boolean reconfiguring;
    /** A reconfig left this server out of the ensemble. */
    private volatile boolean removed;
    /** The leader this server acted on last (null: none); compared with Ratis's view every half tick. */
    private volatile RaftPeerId actedOn;
    /** Bumped by every leader change: a step of an earlier one that completes late does nothing. */
    private volatile long generation;

    public EnsembleMember(ServerConfig config, DataTree tree, SessionTracker sessions, PrepareStage prepare,
            ApplyStage apply, ConnectionRegistry connections, AclChecker acls) {
        this.config = config;
        this.acls = acls;
        this.members = new java.util.TreeMap<>(config.servers());
        this.me = config.servers().get(config.serverId());
        if (me == null) {
            throw new IllegalArgumentException("myid is " + config.serverId() + " but there is no server."
                    + config.serverId() + " line");
        }
        this.tree = tree;
        this.sessions = sessions;
        this.prepare = prepare;
        this.apply = apply;
        this.connections = connections;
        this.log = new ReplicatedLog(apply, tree.lastProcessedZxid(), config.serverId());
        this.stateMachine = new TxnStateMachine(log::applied, log::answeredInLog, log::skipped);
        stateMachine.onLeadership(this);
        stateMachine.snapshotsThrough(new EnsembleSnapshots(tree, sessions, apply, log,
                io.arbor.server.storage.LogReader.maxRecordBytes(config.juteMaxBuffer()),
                () -> dropAllClients("this server's state is replaced by a snapshot")), config.autopurgeSnapRetainCount(),
                config.snapCount());
        this.maxFrame = config.juteMaxBuffer() + 64 * 1024;
        this.followerLinks = new FollowerLinks(this::prepareOnLeader, prepare, sessions, tree,
                () -> role == Role.LEADING, this::leadingAndReady, peerLoop, maxFrame);
    }

    /** PREPARE's log stage: the Raft log. */
    public ReplicatedLog log() {
        return log;
    }

    /** Starts the follower-link listener and the Raft member; the client port opens after this. */
    public void start(Path raftDir) throws IOException {
        sessions.setExpiring(false);
        // what /zookeeper/config shows until a reconfig changes it: the static configuration, version 0
        tree.setConfigData((MembershipChange.text(members) + "version=0").getBytes(StandardCharsets.UTF_8));
        followerLinks.start(new InetSocketAddress(me.host(), me.electionPort()));
        // snapCount counts Raft entries here: each carries every txn that queued during one replication round;
        // log segments are closed at preAllocSize, as ZooKeeper's txn log files grow by it
        node = RaftNode.start(config.serverId(), config.servers(), raftDir, stateMachine, config.tickTime(),
                config.snapCount(), config.preAllocSizeKb() * 1024L);
        log.attach(node);
        // Ratis does not tell the state machine of every change (a leader that lost its majority steps down without
        // a notification): its view is also checked every half tick
        long every = Math.max(1, config.tickTime() / 2);
        peerLoop.scheduleAtFixedRate(() -> onTransitions(this::checkLeadership), every, every, TimeUnit.MILLISECONDS);
        LOG.info("Ensemble member {} of {}: Raft on {}:{}, follower links on {}:{}{}", config.serverId(),
                config.servers().size(), me.host(), me.quorumPort(), me.host(), me.electionPort(),
                me.observer() ? " (observer)" : "");
    }

    public Role role() {
        return role;
    }

    @Override
    public String mode() {
        return role.mode;
    }

    @Override
    public String notServing() {
        if (removed) {
            return "a reconfig removed this server from the ensemble";
        }
        if (serving) {
            return null;
        }
        return switch (role) {
            case LOOKING -> "the ensemble has no leader this server knows of";
            case LEADING -> "this server was elected leader and is catching up";
            default -> "this server has no link to the leader yet";
        };
    }

    @Override
    public java.util.Optional<Leader> leader() {
        RaftPeerId l = actedOn;
        ServerSpec spec = l == null ? null : spec(l);
        if (spec == null || notServing() != null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Leader(spec.id() == config.serverId(), spec.id(), spec.host()));
    }

    @Override
    public Map<String, Object> monitorValues() {
        if (!leadingAndReady()) {
            return Map.of();
        }
        long followers = 0;
        long observers = 0;
        for (long id : followerLinks.linkedServers()) {
            ServerSpec s = members.get(id);
            if (s != null && s.observer()) {
                observers++;
            } else {
                followers++;
            }
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("learners", followers + observers);
        out.put("synced_followers", followers);
        out.put("synced_non_voting_followers", 0L);
        out.put("synced_observers", observers);
        out.put("pending_syncs", 0L);
        return out;
    }

    @Override
    public Map<Long, String> votingMembers() {
        Map<Long, String> out = new java.util.TreeMap<>();
        for (ServerSpec s : members.values()) {
            if (!s.observer()) {
                out.put(s.id(), s.toConfigValue());
            }
        }
        return out;
    }

    /** Whether this server leads and prepares writes now (the container reaper runs only then). */
    public boolean leadingAndReady() {
        return role == Role.LEADING && serving;
    }

    @Override
    public void submitWrite(Request r) {
        if (role == Role.LEADING && serving) {
            prepareOnLeader(r);
            return;
        }
        LeaderLink l = link;
        if (l == null || !serving || !l.forward(r)) {
            // nowhere to send it: its client reconnects, to this server or another, and sends it again
            if (r.origin != null) {
                r.origin.disconnect();
            }
        }
    }

    /**
     * Completes with whether the leader knows the session as open, once this server has applied what the leader
     * had prepared then (its createSession too); exceptionally when this server cannot ask (no leader, no link).
     */
    @Override
    public CompletableFuture<Boolean> reattach(long sessionId) {
        if (role == Role.LEADING && serving) {
            return CompletableFuture.completedFuture(true); // this server's sessions are the ensemble's
        }
        LeaderLink l = link;
        if (l == null || !serving) {
            return CompletableFuture.failedFuture(new IllegalStateException(notServing()));
        }
        return l.reattach(sessionId);
    }

    /** A write this leader prepares: its own client's or a follower's. A reconfig first changes the Raft membership. */
    private void prepareOnLeader(Request r) {
        if (r.op == OpCode.RECONFIG && config.reconfigEnabled() && r.err == ErrorCode.OK) {
            onTransitions(() -> reconfig(r));
        } else {
            prepare.submit(r);
        }
    }

    // ---- reconfig (transitions thread) ----

    /**
     * Checks a reconfig as ZooKeeper does (session, WRITE on /zookeeper/config, the expected version, a voter
     * count a quorum can be made of), changes the Raft membership, and once that is committed has PREPARE write
     * the new membership to /zookeeper/config, which answers the client. One at a time.
     */
    private void reconfig(Request r) {
        if (!leadingAndReady()) {
            if (r.origin != null) {
                r.origin.disconnect(); // its client asks again, of the new leader
            }
            return;
        }
        int refused = reconfigRefusal(r);
        Map<Long, ServerSpec> next = null;
        if (refused == ErrorCode.OK) {
            try {
                next = MembershipChange.apply(members, (ReconfigRequest) r.body);
                long voters = next.values().stream().filter(s -> !s.observer()).count();
                if (voters < (config.standaloneEnabled() ? 2 : 1)) {
                    refused = ErrorCode.BAD_ARGUMENTS;
                }
            } catch (IllegalArgumentException e) {
                LOG.info("Refusing reconfig of session 0x{}: {}", Long.toHexString(r.sessionId), e.getMessage());
                refused = ErrorCode.BAD_ARGUMENTS;
            }
        }
        if (refused != ErrorCode.OK) {
            prepare.submit(reconfigRequest(r, ConfigChange.refused(refused)));
            return;
        }
        Map<Long, ServerSpec> wanted = next;
        reconfiguring = true;
        LOG.info("Reconfig of session 0x{}: members {} -> {}", Long.toHexString(r.sessionId), members.keySet(),
                wanted.keySet());
        node.setConfiguration(wanted.values()).whenComplete((reply, failure) -> onTransitions(() -> {
            reconfiguring = false;
            if (failure != null || !reply.isSuccess()) {
                LOG.warn("Reconfig to members {} failed: {}", wanted.keySet(),
                        failure != null ? failure.toString() : reply.getException());
                prepare.submit(reconfigRequest(r, ConfigChange.refused(ErrorCode.NEW_CONFIG_NO_QUORUM)));
                return;
            }
            prepare.submit(reconfigRequest(r, ConfigChange.to(MembershipChange.text(wanted))));
        }));
    }

    private int reconfigRefusal(Request r) {
        if (reconfiguring) {
            return ErrorCode.RECONFIG_IN_PROGRESS;
        }
        var session = sessions.get(r.sessionId);
        if (session == null || session.isClosing()) {
            return ErrorCode.SESSION_EXPIRED;
        }
        if (!acls.check(tree.get(DataTree.CONFIG).acl(), Perms.WRITE, r.authIds)) {
            return ErrorCode.NO_AUTH;
        }
        long expected = ((ReconfigRequest) r.body).curConfigId();
        if (expected != -1 && expected != configVersion) {
            return ErrorCode.BAD_VERSION;
        }
        return ErrorCode.OK;
    }

    private static Request reconfigRequest(Request asked, ConfigChange change) {
        return new Request(asked.origin, asked.sessionId, asked.xid, OpCode.RECONFIG, change, asked.authIds);
    }

    /**
     * Every member, as it applies a txn: a new /zookeeper/config is the ensemble's membership from now on; a
     * member it leaves out stops serving.
     */
    public void applied(Request r) {
        if (r.txn == null || !(r.txn.body() instanceof SetDataTxn set) || !set.path().equals(DataTree.CONFIG)) {
            return;
        }
        MembershipChange.Parsed parsed;
        try {
            parsed = MembershipChange.parse(new String(set.data(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.error("/zookeeper/config at zxid 0x{} does not parse; keeping the membership {}",
                    Long.toHexString(r.txn.zxid()), members.keySet(), e);
            return;
        }
        members = parsed.members();
        configVersion = parsed.version();
        LOG.info("Ensemble membership is now {} (version 0x{})", members.keySet(), Long.toHexString(configVersion));
        Role now = role;
        if ((now == Role.FOLLOWING || now == Role.OBSERVING) && members.containsKey(config.serverId())) {
            role = votes() ? Role.FOLLOWING : Role.OBSERVING; // a reconfig may have changed this server's role
        }
        if (!members.containsKey(config.serverId()) && !removed) {
            removed = true;
            serving = false;
            onTransitions(() -> dropAllClients("a reconfig removed this server from the ensemble"));
        }
    }

    // ---- leadership (Ratis's notifications, on the transitions thread) ----

    /** Runs a step of a leadership change on the transitions thread; nothing once this server is closing. */
    private void onTransitions(Runnable step) {
        if (!transitions.isShutdown()) {
            try {
                transitions.execute(step);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    @Override
    public void leaderChanged(RaftPeerId leader) {
        onTransitions(() -> onLeaderChanged(leader));
    }

    @Override
    public void leaderReady() {
        onTransitions(this::onLeaderReady);
    }

    private void checkLeadership() {
        RaftPeerId leader = node.isLeader() ? node.id() : node.leader().filter(l -> !l.equals(node.id())).orElse(null);
        if (!java.util.Objects.equals(leader, actedOn)) {
            LOG.info("Raft's leader is now {} (was {})", leader == null ? "none" : "server " + name(leader),
                    actedOn == null ? "none" : "server " + name(actedOn));
            onLeaderChanged(leader);
        }
    }

    private void onLeaderChanged(RaftPeerId leader) {
        if (java.util.Objects.equals(leader, actedOn) && (leader == null || role != Role.LOOKING)) {
            return; // already acted on (Ratis's notification and the check can both report one change)
        }
        actedOn = leader;
        ++generation;
        serving = false;
        sessions.setExpiring(false);
        sessions.recordTouches(false);
        LeaderLink old = link;
        link = null;
        if (old != null) {
            old.close();
        }
        followerLinks.dropAll();
        dropClients(leader == null ? "the ensemble lost its leader" : "the leader is now server " + name(leader));
        log.forgetPending();
        if (leader == null) {
            role = Role.LOOKING;
            LOG.info("No leader; not serving clients until there is one");
        } else if (leader.equals(node.id())) {
            role = Role.LEADING;
            LOG.info("Elected leader in term {}; serving once every earlier entry is applied", node.term());
        } else {
            role = votes() ? Role.FOLLOWING : Role.OBSERVING;
            linkTo(leader);
        }
    }

    private void linkTo(RaftPeerId leader) {
        ServerSpec spec = spec(leader);
        if (spec == null) {
            LOG.warn("The leader {} is not in this server's configuration; not serving clients", leader);
            return;
        }
        LeaderLink l = new LeaderLink(config.serverId(), spec.id(), log, sessions, this);
        link = l;
        l.connect(peerLoop, new InetSocketAddress(spec.host(), spec.electionPort()), maxFrame, config.tickTime());
    }

    @Override
    public void linked(LeaderLink l) {
        onTransitions(() -> {
            if (link == l && !removed) {
                dropReadOnlyClients();
                serving = true;
                LOG.info("Serving clients as {}; linked to the leader, server {}", role.mode, l.leaderId());
            }
        });
    }

    @Override
    public void lost(LeaderLink l, String why) {
        onTransitions(() -> {
            if (link != l) {
                return;
            }
            long gen = generation;
            serving = false;
            link = null;
            sessions.recordTouches(false);
            log.forgetPending();
            dropClients(why);
            LOG.warn("Not serving clients: {}; linking again in {}ms", why, config.tickTime());
            // the same leader, unless Ratis reports another meanwhile (which bumps the generation)
            CompletableFuture.delayedExecutor(config.tickTime(), TimeUnit.MILLISECONDS, this::onTransitions).execute(() -> {
                if (generation == gen && link == null && (role == Role.FOLLOWING || role == Role.OBSERVING)) {
                    node.leader().ifPresent(this::linkTo);
                }
            });
        });
    }

    private void onLeaderReady() {
        long gen = generation;
        if (role != Role.LEADING || !node.isLeader()) {
            return;
        }
        long term = node.term();
        long committed = node.commitIndex();
        // every entry up to the commit index must be in APPLY's queue, then applied, before PREPARE starts over
        stateMachine.whenApplied(committed).thenRun(() -> apply.runAfterQueued(() -> {
            if (generation != gen) {
                return;
            }
            log.lead(term);
            prepare.startEpoch(term << 32, () -> onTransitions(() -> {
                if (generation != gen || removed) {
                    return;
                }
                sessions.touchAll(); // no session expires for the time the election took
                sessions.setExpiring(true);
                dropReadOnlyClients();
                serving = true;
                followerLinks.welcomeWaiting();
                LOG.info("Serving clients as leader in term {}, from zxid 0x{}", term,
                        Long.toHexString(tree.lastProcessedZxid()));
            }));
        }));
    }

    /**
     * The leader changed or was lost: the clients of what this server served are dropped. Read-only clients
     * stay: they were taken while it served no writes, and go once it serves again (dropReadOnlyClients).
     */
    private void dropClients(String why) {
        dropClients(c -> !c.readOnly(), "client connections", why);
    }

    /** Every client, read-only ones too. */
    private void dropAllClients(String why) {
        dropClients(c -> true, "client connections", why);
    }

    /** Back in the quorum: read-only clients reconnect and find a read-write server (this one, perhaps). */
    private void dropReadOnlyClients() {
        dropClients(ConnectionRegistry.Info::readOnly, "read-only client connections",
                "this server is back in the quorum");
    }

    private void dropClients(java.util.function.Predicate<ConnectionRegistry.Info> which, String what, String why) {
        int n = 0;
        for (ConnectionRegistry.Info c : connections.all()) {
            if (which.test(c)) {
                c.drop();
                n++;
            }
        }
        if (n > 0) {
            LOG.info("Closed {} {}: {}", n, what, why);
        }
    }

    /** Whether this server is a voting member, as the current membership (at first its configuration) says. */
    private boolean votes() {
        ServerSpec self = members.get(config.serverId());
        return !(self == null ? me : self).observer();
    }

    private ServerSpec spec(RaftPeerId peer) {
        for (ServerSpec s : members.values()) {
            if (RaftNode.peerId(s.id()).equals(peer)) {
                return s;
            }
        }
        return null;
    }

    private static String name(RaftPeerId peer) {
        String s = peer.toString();
        return s.startsWith("s") ? s.substring(1) : s;
    }

    /** How many Raft snapshots this server has loaded since it started (at start, or sent by the leader). */
    public long snapshotsLoaded() {
        return stateMachine.snapshotsLoaded();
    }

    /** The Raft index of this server's newest complete snapshot, -1 if none. */
    public long snapshotIndex() {
        return stateMachine.snapshotIndex();
    }

    @Override
    public void close() {
        serving = false;
        transitions.shutdownNow();
        LeaderLink l = link;
        if (l != null) {
            l.close();
        }
        followerLinks.close();
        try {
            if (node != null) {
                node.close();
            }
        } catch (IOException e) {
            LOG.warn("Closing the Raft member failed: {}", e.toString());
        }
        log.close();
        peerLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
