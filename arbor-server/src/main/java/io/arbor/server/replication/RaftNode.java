package io.arbor.server.replication;

import io.arbor.server.config.ServerSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.apache.ratis.RaftConfigKeys;

/**
 * One member of a Raft group on Ratis: its server, listening on the member's quorum port. The leader's txns
 * enter the log through it ({@link #submitLocal}). Observers ({@code :observer}) are Ratis listeners:
 * they receive the log but do not vote.
 */
public final class RaftNode implements AutoCloseable {
    /** Every Arbor ensemble names the same group; membership, not the group id, tells ensembles apart. */
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(
            UUID.nameUUIDFromBytes("arbor-ensemble".getBytes(StandardCharsets.UTF_8)));

    private final RaftPeerId id;
    private final RaftGroup group;
    private final RaftServer server;
    private final ClientId localClientId = ClientId.randomId();
    private final java.util.concurrent.atomic.AtomicLong nextCallId = new java.util.concurrent.atomic.AtomicLong();

    private RaftNode(RaftPeerId id, RaftGroup group, RaftServer server) {
        this.id = id;
        this.group = group;
        this.server = server;
    }

    public static RaftPeerId peerId(long serverId) {
        return RaftPeerId.valueOf("s" + serverId);
    }

    /** The group that the {@code server.N} lines describe. */
    public static RaftGroup group(Collection<ServerSpec> servers) {
        List<RaftPeer> peers = new ArrayList<>();
        for (ServerSpec s : servers) {
            peers.add(peer(s));
        }
        return RaftGroup.valueOf(GROUP_ID, peers);
    }

    private static RaftPeer peer(ServerSpec s) {
        return RaftPeer.newBuilder().setId(peerId(s.id()))
                .setAddress(new InetSocketAddress(s.host(), s.quorumPort()))
                .setStartupRole(s.observer() ? RaftPeerRole.LISTENER : RaftPeerRole.FOLLOWER)
                .build();
    }

    /**
     * Changes the group's membership to {@code members} (observers as listeners) through Raft's membership
     * change; completes once the new configuration is committed. Only the leader can.
     */
    public CompletableFuture<RaftClientReply> setConfiguration(Collection<ServerSpec> members) {
        List<RaftPeer> voters = new ArrayList<>();
        List<RaftPeer> listeners = new ArrayList<>();
        for (ServerSpec s : members) {
            (s.observer() ? listeners : voters).add(peer(s));
        }
        try {
            return server.setConfigurationAsync(new SetConfigurationRequest(localClientId, id, group.getGroupId(),
                    nextCallId.incrementAndGet(), voters, listeners));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Starts this server's member of the group.
     *
     * @param storageDir where Ratis keeps its log and metadata (a directory of its own)
     * @param tickTimeMs ZooKeeper's tickTime: the election timeout is drawn from 2 to 4 ticks
     */
    public static RaftNode start(long myId, Map<Long, ServerSpec> servers, Path storageDir,
            TxnStateMachine stateMachine, int tickTimeMs) throws IOException {
        return start(myId, servers, storageDir, stateMachine, tickTimeMs, 0, 0);
    }

    /**
     * @param snapshotEvery take a snapshot after this many log entries (0: never) and drop the log it covers; a
     *     member behind the dropped part is sent the snapshot
     * @param segmentBytes the size at which a log segment is closed and a new one begun (0: Ratis's default);
     *     only closed segments can be dropped
     */
    public static RaftNode start(long myId, Map<Long, ServerSpec> servers, Path storageDir,
            TxnStateMachine stateMachine, int tickTimeMs, long snapshotEvery, long segmentBytes) throws IOException {
        ServerSpec me = servers.get(myId);
        if (me == null) {
            throw new IllegalArgumentException("server id " + myId + " has no server." + myId + " line");
        }
        RaftGroup group = group(servers.values());
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
        NettyConfigKeys.Server.setHost(props, me.host());
        NettyConfigKeys.Server.setPort(props, me.quorumPort());
        RaftServerConfigKeys.setStorageDir(props, List.of(storageDir.toFile()));
        // an entry counts towards the commit only once it is fsynced on that member: an acknowledged write
        // survives a crash of any minority (Ratis's default, stated here because the guarantee rests on it)
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(props, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(props, false);
        if (segmentBytes > 0) {
            RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf(segmentBytes));
        }
        if (snapshotEvery > 0) {
            RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
            RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, snapshotEvery);
            // the log goes up to the newest snapshot: a member further behind is sent that snapshot instead
            RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
            RaftServerConfigKeys.Log.setPurgeGap(props, (int) Math.max(1, Math.min(1024, snapshotEvery / 2)));
        }
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(2L * tickTimeMs, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(4L * tickTimeMs, TimeUnit.MILLISECONDS));
        RaftPeerId id = peerId(myId);
        RaftServer server = RaftServer.newBuilder().setServerId(id).setGroup(group).setProperties(props)
                .setStateMachine(stateMachine).setOption(RaftStorage.StartupOption.RECOVER).build();
        server.start();
        return new RaftNode(id, group, server);
    }

    public RaftPeerId id() {
        return id;
    }

    /**
     * Appends one entry to this member's log if it leads, without retrying elsewhere: the leader's PREPARE made
     * the txns against its own state, so they must enter the log through this member or not at all. Completes
     * once the entry is committed, or exceptionally (NotLeaderException when this member no longer leads).
     */
    public CompletableFuture<RaftClientReply> submitLocal(ByteString entry) {
        RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(localClientId).setServerId(id)
                .setGroupId(group.getGroupId()).setCallId(nextCallId.incrementAndGet())
                .setMessage(Message.valueOf(entry)).setType(RaftClientRequest.writeRequestType()).build();
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Gives up the leadership (a new election follows; this member may win it again, in a new term). The
     * leader does so when it cannot tell whether txns it prepared entered the log: a new term makes PREPARE
     * start over from what is committed.
     */
    public CompletableFuture<RaftClientReply> stepDown() {
        try {
            return server.transferLeadershipAsync(new TransferLeadershipRequest(localClientId, id,
                    group.getGroupId(), nextCallId.incrementAndGet(), null, 3_000));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** This member's current Raft term (0 before it has joined one). */
    public long term() {
        try {
            return server.getDivision(group.getGroupId()).getInfo().getCurrentTerm();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The index of the last entry this member knows to be committed. */
    public long commitIndex() {
        try {
            return server.getDivision(group.getGroupId()).getRaftLog().getLastCommittedIndex();
        } catch (IOException e) {
            return 0;
        }
    }

    /** This member leads and has committed an entry of its own term (it may append). */
    public boolean isLeaderReady() {
        try {
            return server.getDivision(group.getGroupId()).getInfo().isLeaderReady();
        } catch (IOException e) {
            return false;
        }
    }

    public boolean isLeader() {
        try {
            return server.getDivision(group.getGroupId()).getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    /** The leader this member knows of, if any. */
    public Optional<RaftPeerId> leader() {
        try {
            return Optional.ofNullable(server.getDivision(group.getGroupId()).getInfo().getLeaderId());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
