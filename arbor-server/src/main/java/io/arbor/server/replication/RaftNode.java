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
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.netty.NettyFactory;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.apache.ratis.RaftConfigKeys;

/**
 * One member of a Raft group on Ratis: its server (listening on the member's quorum port) and a client into
 * the group, through which the leader's txns enter the log. Observers ({@code :observer}) are Ratis listeners:
 * they receive the log but do not vote.
 */
public final class RaftNode implements AutoCloseable {
    /** Every Arbor ensemble names the same group; membership, not the group id, tells ensembles apart. */
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(
            UUID.nameUUIDFromBytes("arbor-ensemble".getBytes(StandardCharsets.UTF_8)));

    private final RaftPeerId id;
    private final RaftGroup group;
    private final RaftServer server;
    private final RaftClient client;

    private RaftNode(RaftPeerId id, RaftGroup group, RaftServer server, RaftClient client) {
        this.id = id;
        this.group = group;
        this.server = server;
        this.client = client;
    }

    public static RaftPeerId peerId(long serverId) {
        return RaftPeerId.valueOf("s" + serverId);
    }

    /** The group that the {@code server.N} lines describe. */
    public static RaftGroup group(Collection<ServerSpec> servers) {
        List<RaftPeer> peers = new ArrayList<>();
        for (ServerSpec s : servers) {
            peers.add(RaftPeer.newBuilder().setId(peerId(s.id()))
                    .setAddress(new InetSocketAddress(s.host(), s.quorumPort()))
                    .setStartupRole(s.observer() ? RaftPeerRole.LISTENER : RaftPeerRole.FOLLOWER)
                    .build());
        }
        return RaftGroup.valueOf(GROUP_ID, peers);
    }

    /**
     * Starts this server's member of the group.
     *
     * @param storageDir where Ratis keeps its log and metadata (a directory of its own)
     * @param tickTimeMs ZooKeeper's tickTime: the election timeout is drawn from 2 to 4 ticks
     */
    public static RaftNode start(long myId, Map<Long, ServerSpec> servers, Path storageDir,
            TxnStateMachine stateMachine, int tickTimeMs) throws IOException {
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
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(2L * tickTimeMs, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(4L * tickTimeMs, TimeUnit.MILLISECONDS));
        RaftPeerId id = peerId(myId);
        RaftServer server = RaftServer.newBuilder().setServerId(id).setGroup(group).setProperties(props)
                .setStateMachine(stateMachine).setOption(RaftStorage.StartupOption.RECOVER).build();
        server.start();
        RaftClient client = RaftClient.newBuilder().setProperties(props).setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setClientRpc(new NettyFactory(new Parameters()).newRaftClientRpc(ClientId.randomId(), props))
                .build();
        return new RaftNode(id, group, server, client);
    }

    public RaftPeerId id() {
        return id;
    }

    /**
     * Appends one entry through the leader; completes once it is committed (and applied on the leader).
     * Submit the next entry only after this one completed: with several in flight, Ratis's ordered async client
     * does not keep their order when some are retried on another member (seen: 15..63 committed before 1..14
     * after the first went to a follower). The leader's log stage therefore batches txns into one entry per
     * round, as the standalone log groups them into one fsync.
     */
    public CompletableFuture<RaftClientReply> submit(ByteString entry) {
        return client.async().send(Message.valueOf(entry));
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
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
