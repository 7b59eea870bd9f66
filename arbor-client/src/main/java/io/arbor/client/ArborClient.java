package io.arbor.client;

import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.PathValidator;
import io.arbor.protocol.Record;
import io.arbor.protocol.Stat;
import io.arbor.protocol.request.AuthPacket;
import io.arbor.protocol.request.CreateRequest;
import io.arbor.protocol.request.MultiOp;
import io.arbor.protocol.request.MultiRequest;
import io.arbor.protocol.request.PathModeRequest;
import io.arbor.protocol.request.PathRequest;
import io.arbor.protocol.request.PathVersionRequest;
import io.arbor.protocol.request.PathWatchRequest;
import io.arbor.protocol.request.SetAclRequest;
import io.arbor.protocol.request.SetDataRequest;
import io.arbor.protocol.response.ChildrenResponse;
import io.arbor.protocol.response.Create2Response;
import io.arbor.protocol.response.GetAclResponse;
import io.arbor.protocol.response.GetDataResponse;
import io.arbor.protocol.response.ClientInfo;
import io.arbor.protocol.response.IntResponse;
import io.arbor.protocol.response.MultiResponse;
import io.arbor.protocol.response.PathResponse;
import io.arbor.protocol.response.StatResponse;
import io.arbor.protocol.response.WhoAmIResponse;
import io.netty.buffer.ByteBuf;
import io.arbor.client.retry.RetryLoop;
import io.arbor.client.retry.RetryPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A client of a ZooKeeper-protocol server (Arbor or Apache ZooKeeper). Every operation comes as a
 * {@code CompletableFuture} ({@code ...Async}) and as a blocking twin that throws {@link ArborException}.
 * Futures complete and watchers run on the client's one event thread, in the order the server answered; a
 * blocking call made from inside a callback would wait for itself, so callbacks should chain instead.
 */
public final class ArborClient implements AutoCloseable {
    private final Chroot chroot;
    private final ConnectionManager connection;
    private final RetryLoop retryLoop;

    private ArborClient(Builder b) {
        ConnectString cs = ConnectString.parse(b.connectString);
        this.chroot = cs.chroot();
        HostProvider hosts = new HostProvider(cs.addresses(), b.random, b.zone);
        Duration requestTimeout = b.requestTimeout != null ? b.requestTimeout : b.sessionTimeout.multipliedBy(2);
        this.connection = new ConnectionManager(hosts, chroot, new SessionState(b.sessionTimeout, b.canBeReadOnly),
                b.watcher, b.maxBuffer, b.random, new RequestDeadlines(System::nanoTime, requestTimeout),
                b.restoreWatchesOnExpiry, b.expiryEndsClient);
        connection.states().client(this);
        b.listeners.forEach(connection.states()::add);
        this.retryLoop = new RetryLoop(connection::schedule, System::nanoTime, connection::whenConnected,
                b.sessionTimeout);
        connection.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The session id the server gave (0 until the first connection). */
    public long sessionId() {
        return connection.session().sessionId();
    }

    /** Whether the client is connected to a server that serves reads only (see {@link Builder#canBeReadOnly}). */
    public boolean isConnectedReadOnly() {
        return connection.connectedReadOnly();
    }

    public Duration negotiatedSessionTimeout() {
        return connection.session().negotiatedTimeout();
    }

    // ---- connection states and retries ----

    /** Adds a listener of CONNECTED, SUSPENDED, RECONNECTED, LOST, READ_ONLY; it hears only what happens later. */
    public void addConnectionStateListener(ConnectionStateListener listener) {
        connection.states().add(listener);
    }

    public void removeConnectionStateListener(ConnectionStateListener listener) {
        connection.states().remove(listener);
    }

    /**
     * Runs {@code operation} (say {@code c -> c.createAsync(...)}) until it succeeds, waiting for a connection
     * before each attempt and retrying, as {@code policy} allows, only ConnectionLoss, OperationTimeout,
     * RequestTimeout, and SessionExpired (then in the rebuilt session). Other errors surface at once. A retried
     * write may have happened already: ConnectionLoss says nothing about that.
     */
    public <T> CompletableFuture<T> retryingAsync(RetryPolicy policy,
                                                  Function<ArborClient, CompletableFuture<T>> operation) {
        return retryLoop.run(policy, () -> operation.apply(this));
    }

    public <T> T retrying(RetryPolicy policy, Function<ArborClient, CompletableFuture<T>> operation)
            throws ArborException, InterruptedException {
        return await(retryingAsync(policy, operation));
    }

    /**
     * Takes a changed list of servers ({@code host:port,...}, the chroot, if given, must be the one in use), as
     * ZooKeeper 3.5+ clients do after an ensemble is reconfigured: this client moves to another server when its
     * own left the list, or, when servers were added, with the probability that spreads the clients evenly over
     * the new list. Returns whether it moved. On a real ensemble the session follows; on unrelated servers the
     * new one does not know it and the session is rebuilt (LOST, then RECONNECTED).
     */
    public boolean updateServerList(String connectString) {
        ConnectString cs = ConnectString.parse(connectString);
        if (!cs.chroot().isNone() && !cs.chroot().equals(chroot)) {
            throw new IllegalArgumentException("the chroot cannot change: " + cs.chroot().root());
        }
        return connection.updateServerList(cs.addresses());
    }

    /** The address of the server this client is connected to, empty while it is not. */
    public Optional<java.net.InetSocketAddress> connectedServer() {
        return connection.connectedServer();
    }

    /** How many times the session was rebuilt after expiry (0 while the first session lives). */
    public long sessionGeneration() {
        return connection.generation();
    }

    // ---- create ----

    public CompletableFuture<String> createAsync(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        return create2Async(path, data, acl, mode).thenApply(Created::path);
    }

    public String create(String path, byte[] data, List<Acl> acl, CreateMode mode)
            throws ArborException, InterruptedException {
        return await(createAsync(path, data, acl, mode));
    }

    /** Creates with create2, which also returns the new node's Stat. */
    public CompletableFuture<Created> create2Async(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        if (mode.ttl) {
            throw new IllegalArgumentException(mode + " needs a ttl: use create2Async(path, data, acl, mode, ttl)");
        }
        validate(mode.sequential ? path + "0" : path);
        if (acl == null || acl.isEmpty()) {
            throw new IllegalArgumentException("an ACL is required");
        }
        int op = mode.container ? OpCode.CREATE_CONTAINER : OpCode.CREATE2;
        return send(op, path, server -> new CreateRequest(server, data, acl, mode.flag, -1), in -> {
            Create2Response r = Create2Response.read(in);
            return new Created(chroot.strip(r.path()), r.stat());
        }, null, null, null);
    }

    public Created create2(String path, byte[] data, List<Acl> acl, CreateMode mode)
            throws ArborException, InterruptedException {
        return await(create2Async(path, data, acl, mode));
    }

    /** Creates with an option; {@link CreateOption#RECREATE_ON_EXPIRY} takes a plain EPHEMERAL node only. */
    public CompletableFuture<String> createAsync(String path, byte[] data, List<Acl> acl, CreateMode mode,
                                                 CreateOption option) {
        if (option == CreateOption.RECREATE_ON_EXPIRY && mode != CreateMode.EPHEMERAL) {
            // a sequential name could not be had again, and other nodes do not go with the session
            throw new IllegalArgumentException("RECREATE_ON_EXPIRY is for EPHEMERAL nodes, not " + mode);
        }
        byte[] kept = data == null ? null : data.clone();
        List<Acl> keptAcl = acl == null ? null : List.copyOf(acl);
        return createAsync(path, data, acl, mode).thenApply(created -> {
            connection.recreateOnExpiry(created, chroot.prepend(created), kept, keptAcl);
            return created;
        });
    }

    /**
     * Creates a node whose name carries a unique prefix ({@code _c_<uuid>-}), retrying as {@code policy} allows
     * (see {@link #retryingAsync}). Before each retry it looks among the parent's children for a node with that
     * prefix: when the create did happen but its answer was lost with the connection, that node is returned and
     * none is created twice (a sequential one included). Returns the created path.
     */
    public CompletableFuture<String> createProtectedAsync(String path, byte[] data, List<Acl> acl, CreateMode mode,
                                                          RetryPolicy policy) {
        validate(mode.sequential ? path + "0" : path);
        int slash = path.lastIndexOf('/');
        String parent = slash == 0 ? "/" : path.substring(0, slash);
        String prefix = "_c_" + java.util.UUID.randomUUID() + "-";
        String protectedPath = (parent.equals("/") ? "" : parent) + "/" + prefix + path.substring(slash + 1);
        java.util.concurrent.atomic.AtomicBoolean tried = new java.util.concurrent.atomic.AtomicBoolean();
        return retryingAsync(policy, c -> {
            if (!tried.getAndSet(true)) {
                return createAsync(protectedPath, data, acl, mode);
            }
            return getChildrenAsync(parent).thenCompose(children -> children.stream()
                    .filter(child -> child.startsWith(prefix)).findFirst()
                    .map(child -> CompletableFuture.completedFuture((parent.equals("/") ? "" : parent) + "/" + child))
                    .orElseGet(() -> createAsync(protectedPath, data, acl, mode)));
        });
    }

    public String createProtected(String path, byte[] data, List<Acl> acl, CreateMode mode, RetryPolicy policy)
            throws ArborException, InterruptedException {
        return await(createProtectedAsync(path, data, acl, mode, policy));
    }

    public String create(String path, byte[] data, List<Acl> acl, CreateMode mode, CreateOption option)
            throws ArborException, InterruptedException {
        return await(createAsync(path, data, acl, mode, option));
    }

    /**
     * Creates a TTL node (createTTL): one the server deletes once it has had no children and no change for
     * {@code ttlMillis}. Servers refuse it unless extended types are enabled.
     */
    public CompletableFuture<Created> create2Async(String path, byte[] data, List<Acl> acl, CreateMode mode,
                                                   long ttlMillis) {
        if (!mode.ttl) {
            throw new IllegalArgumentException(mode + " takes no ttl");
        }
        validate(mode.sequential ? path + "0" : path);
        if (acl == null || acl.isEmpty()) {
            throw new IllegalArgumentException("an ACL is required");
        }
        return send(OpCode.CREATE_TTL, path, server -> new CreateRequest(server, data, acl, mode.flag, ttlMillis),
                in -> {
                    Create2Response r = Create2Response.read(in);
                    return new Created(chroot.strip(r.path()), r.stat());
                }, null, null, null);
    }

    public Created create2(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMillis)
            throws ArborException, InterruptedException {
        return await(create2Async(path, data, acl, mode, ttlMillis));
    }

    // ---- delete ----

    public CompletableFuture<Void> deleteAsync(String path, int version) {
        validate(path);
        return this.<Void>send(OpCode.DELETE, path, server -> new PathVersionRequest(server, version), in -> null,
                null, null, null).thenApply(v -> {
                    connection.forgetRecreate(chroot.prepend(path));
                    return v;
                });
    }

    public void delete(String path, int version) throws ArborException, InterruptedException {
        await(deleteAsync(path, version));
    }

    // ---- exists ----

    public CompletableFuture<Optional<Stat>> existsAsync(String path) {
        return existsAsync(path, null);
    }

    /** The node's Stat, or empty when it does not exist; the watcher (if any) is told when it is created, changed or deleted. */
    public CompletableFuture<Optional<Stat>> existsAsync(String path, Watcher watcher) {
        validate(path);
        return send(OpCode.EXISTS, path, server -> new PathWatchRequest(server, watcher != null),
                in -> Optional.of(Stat.read(in)), Optional.empty(), watcher == null ? null : WatchRegistry.Kind.DATA,
                watcher);
    }

    public Optional<Stat> exists(String path) throws ArborException, InterruptedException {
        return await(existsAsync(path));
    }

    public Optional<Stat> exists(String path, Watcher watcher) throws ArborException, InterruptedException {
        return await(existsAsync(path, watcher));
    }

    // ---- getData / setData ----

    public CompletableFuture<NodeData> getDataAsync(String path) {
        return getDataAsync(path, null);
    }

    public CompletableFuture<NodeData> getDataAsync(String path, Watcher watcher) {
        validate(path);
        return send(OpCode.GET_DATA, path, server -> new PathWatchRequest(server, watcher != null), in -> {
            GetDataResponse r = GetDataResponse.read(in);
            return new NodeData(r.data(), r.stat());
        }, null, watcher == null ? null : WatchRegistry.Kind.DATA, watcher);
    }

    public NodeData getData(String path) throws ArborException, InterruptedException {
        return await(getDataAsync(path));
    }

    public NodeData getData(String path, Watcher watcher) throws ArborException, InterruptedException {
        return await(getDataAsync(path, watcher));
    }

    public CompletableFuture<Stat> setDataAsync(String path, byte[] data, int version) {
        validate(path);
        return send(OpCode.SET_DATA, path, server -> new SetDataRequest(server, data, version), Stat::read, null,
                null, null);
    }

    public Stat setData(String path, byte[] data, int version) throws ArborException, InterruptedException {
        return await(setDataAsync(path, data, version));
    }

    // ---- children ----

    public CompletableFuture<List<String>> getChildrenAsync(String path) {
        return getChildrenAsync(path, null);
    }

    public CompletableFuture<List<String>> getChildrenAsync(String path, Watcher watcher) {
        validate(path);
        return send(OpCode.GET_CHILDREN, path, server -> new PathWatchRequest(server, watcher != null),
                in -> List.copyOf(Jute.nullToEmpty(ChildrenResponse.read(in, false).children())), null,
                watcher == null ? null : WatchRegistry.Kind.CHILD, watcher);
    }

    public List<String> getChildren(String path) throws ArborException, InterruptedException {
        return await(getChildrenAsync(path));
    }

    public List<String> getChildren(String path, Watcher watcher) throws ArborException, InterruptedException {
        return await(getChildrenAsync(path, watcher));
    }

    public CompletableFuture<Children> getChildrenWithStatAsync(String path, Watcher watcher) {
        validate(path);
        return send(OpCode.GET_CHILDREN2, path, server -> new PathWatchRequest(server, watcher != null), in -> {
            ChildrenResponse r = ChildrenResponse.read(in, true);
            return new Children(List.copyOf(Jute.nullToEmpty(r.children())), r.stat());
        }, null, watcher == null ? null : WatchRegistry.Kind.CHILD, watcher);
    }

    public Children getChildrenWithStat(String path) throws ArborException, InterruptedException {
        return await(getChildrenWithStatAsync(path, null));
    }

    // ---- ACL ----

    public CompletableFuture<AclStat> getAclAsync(String path) {
        validate(path);
        return send(OpCode.GET_ACL, path, PathRequest::new, in -> {
            GetAclResponse r = GetAclResponse.read(in);
            return new AclStat(List.copyOf(r.acl()), r.stat());
        }, null, null, null);
    }

    public AclStat getAcl(String path) throws ArborException, InterruptedException {
        return await(getAclAsync(path));
    }

    public CompletableFuture<Stat> setAclAsync(String path, List<Acl> acl, int version) {
        validate(path);
        return send(OpCode.SET_ACL, path, server -> new SetAclRequest(server, acl, version), Stat::read, null, null,
                null);
    }

    public Stat setAcl(String path, List<Acl> acl, int version) throws ArborException, InterruptedException {
        return await(setAclAsync(path, acl, version));
    }

    // ---- sync ----

    /** Brings the connected server up to the leader's latest for {@code path}; returns the path. */
    public CompletableFuture<String> syncAsync(String path) {
        validate(path);
        return send(OpCode.SYNC, path, PathRequest::new, in -> chroot.strip(PathResponse.read(in).path()), null,
                null, null);
    }

    public String sync(String path) throws ArborException, InterruptedException {
        return await(syncAsync(path));
    }

    // ---- counts, ephemerals, identity ----

    /** How many nodes lie below {@code path}, at any depth (the node itself not counted). */
    public CompletableFuture<Integer> getAllChildrenNumberAsync(String path) {
        validate(path);
        return send(OpCode.GET_ALL_CHILDREN_NUMBER, path, PathRequest::new, in -> IntResponse.read(in).value(), null,
                null, null);
    }

    public int getAllChildrenNumber(String path) throws ArborException, InterruptedException {
        return await(getAllChildrenNumberAsync(path));
    }

    /** The paths of this session's ephemerals that start with {@code prefix} ("/" for all). */
    public CompletableFuture<List<String>> getEphemeralsAsync(String prefix) {
        validate(prefix);
        return send(OpCode.GET_EPHEMERALS, prefix, PathRequest::new,
                in -> Jute.nullToEmpty(Jute.readStringList(in)).stream().map(chroot::strip).toList(), null, null,
                null);
    }

    public List<String> getEphemerals(String prefix) throws ArborException, InterruptedException {
        return await(getEphemeralsAsync(prefix));
    }

    /** The identities the server knows this connection by (ip, digest, ...). */
    public CompletableFuture<List<ClientInfo>> whoAmIAsync() {
        return sendWithoutPath(OpCode.WHO_AM_I, null, in -> List.copyOf(WhoAmIResponse.read(in).clientInfo()));
    }

    public List<ClientInfo> whoAmI() throws ArborException, InterruptedException {
        return await(whoAmIAsync());
    }

    // ---- auth ----

    /**
     * Adds credentials to the session (digest: {@code "user:password"} bytes). They are sent again first on every
     * later connection; a refusal fails the future with AuthFailed, tells the watcher AuthFailed and the server
     * closes the connection.
     */
    public CompletableFuture<Void> addAuthAsync(String scheme, byte[] auth) {
        return sendWithoutPath(OpCode.AUTH, new AuthPacket(0, scheme, auth), in -> null);
    }

    public void addAuth(String scheme, byte[] auth) throws ArborException, InterruptedException {
        await(addAuthAsync(scheme, auth));
    }

    // ---- persistent watches ----

    /**
     * Adds a watch that stays after it fires: {@link AddWatchMode#PERSISTENT} hears every event on the node,
     * {@link AddWatchMode#PERSISTENT_RECURSIVE} created, deleted and data-changed on it and every node below.
     */
    public CompletableFuture<Void> addWatchAsync(String path, AddWatchMode mode, Watcher watcher) {
        validate(path);
        WatchRegistry.Kind kind = mode == AddWatchMode.PERSISTENT ? WatchRegistry.Kind.PERSISTENT
                : WatchRegistry.Kind.PERSISTENT_RECURSIVE;
        return send(OpCode.ADD_WATCH, path, server -> new PathModeRequest(server, mode.code), in -> null, null, kind,
                watcher);
    }

    public void addWatch(String path, AddWatchMode mode, Watcher watcher) throws ArborException, InterruptedException {
        await(addWatchAsync(path, mode, watcher));
    }

    /**
     * Removes the watches of {@code type} that {@code watcher} holds on the node, as ZooKeeper's
     * {@code removeWatches}: other watchers' watches on the node keep firing. The watcher is told of each kind
     * taken away (DataWatchRemoved for data and exist watches, ChildWatchRemoved, PersistentWatchRemoved). Fails
     * with NoWatcher when the watcher holds no such watch here (checked before anything is sent). The server is
     * asked with checkWatches, which leaves the session's watch on the server: a later event on it finds no
     * watcher here and is dropped. With {@code local}, the watches are taken out here even when the server cannot
     * be asked: at once while disconnected (the watcher is told with state Disconnected), or after the server
     * failed to answer.
     */
    public CompletableFuture<Void> removeWatchesAsync(String path, Watcher watcher, WatcherType type, boolean local) {
        if (watcher == null) {
            throw new IllegalArgumentException("a watcher is required: removeAllWatches removes every watcher's");
        }
        return removeWatches(OpCode.CHECK_WATCHES, path, watcher, type, local);
    }

    public void removeWatches(String path, Watcher watcher, WatcherType type, boolean local)
            throws ArborException, InterruptedException {
        await(removeWatchesAsync(path, watcher, type, local));
    }

    /**
     * Removes every watcher's watches of {@code type} on the node, on the server (removeWatches) and here; each
     * watcher is told as with {@link #removeWatchesAsync}. Fails with NoWatcher when this client holds none.
     */
    public CompletableFuture<Void> removeAllWatchesAsync(String path, WatcherType type, boolean local) {
        return removeWatches(OpCode.REMOVE_WATCHES, path, null, type, local);
    }

    public void removeAllWatches(String path, WatcherType type, boolean local)
            throws ArborException, InterruptedException {
        await(removeAllWatchesAsync(path, type, local));
    }

    private CompletableFuture<Void> removeWatches(int op, String path, Watcher watcher, WatcherType type,
                                                  boolean local) {
        validate(path);
        if (type == null) {
            throw new IllegalArgumentException("a watcher type is required");
        }
        String serverPath = chroot.prepend(path);
        Packet<Void> packet = new Packet<>(op, new PathModeRequest(serverPath, type.code), path, serverPath,
                in -> null, null, null, null);
        packet.removal = new WatchRemoval(path, serverPath, watcher, type, local);
        return connection.removeWatches(packet).future;
    }

    // ---- multi ----

    /** A multi to build and commit: all of its writes happen, or none. */
    public Transaction transaction() {
        return new Transaction(this, chroot);
    }

    /** A multiRead to build and commit: reads answered together, each succeeding or failing alone. */
    public ReadTransaction readTransaction() {
        return new ReadTransaction(this, chroot);
    }

    CompletableFuture<List<OpResult>> multiAsync(int op, List<MultiOp> ops, List<String> clientPaths) {
        CompletableFuture<List<OpResult>> results = sendWithoutPath(op, new MultiRequest(ops),
                in -> MultiResponse.read(in).results().stream().map(this::toResult).toList());
        if (op == OpCode.MULTI_READ) {
            return results;
        }
        return results.thenCompose(list -> {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof OpResult.Error e && e.code() != 0) {
                    return CompletableFuture.failedFuture(
                            ArborException.of(e.code(), i < clientPaths.size() ? clientPaths.get(i) : null)
                                    .withResults(list));
                }
            }
            return CompletableFuture.completedFuture(list);
        });
    }

    private OpResult toResult(io.arbor.protocol.response.OpResult r) {
        return switch (r.type()) {
            case OpCode.CREATE -> new OpResult.Create(chroot.strip(((PathResponse) r.body()).path()), null);
            case OpCode.CREATE2, OpCode.CREATE_TTL, OpCode.CREATE_CONTAINER -> {
                Create2Response c = (Create2Response) r.body();
                yield new OpResult.Create(chroot.strip(c.path()), c.stat());
            }
            case OpCode.SET_DATA -> new OpResult.SetData(((StatResponse) r.body()).stat());
            case OpCode.DELETE -> new OpResult.Delete();
            case OpCode.CHECK -> new OpResult.Check();
            case OpCode.GET_DATA -> {
                GetDataResponse d = (GetDataResponse) r.body();
                yield new OpResult.GetData(d.data(), d.stat());
            }
            case OpCode.GET_CHILDREN -> new OpResult.GetChildren(
                    List.copyOf(Jute.nullToEmpty(((ChildrenResponse) r.body()).children())));
            default -> new OpResult.Error(r.err());
        };
    }

    /** Ends the session (its ephemerals go at once) and stops the client's threads. */
    @Override
    public void close() {
        connection.close(connection.session().negotiatedTimeout());
    }

    // ---- plumbing ----

    private <T> CompletableFuture<T> send(int op, String path, Function<String, Record> body,
                                          Function<ByteBuf, T> decoder, T onNoNode, WatchRegistry.Kind watchKind,
                                          Watcher watcher) {
        String serverPath = chroot.prepend(path);
        Packet<T> packet = new Packet<>(op, body.apply(serverPath), path, serverPath, decoder, onNoNode, watchKind,
                watcher);
        return connection.submit(packet).future;
    }

    private <T> CompletableFuture<T> sendWithoutPath(int op, Record body, Function<ByteBuf, T> decoder) {
        return connection.submit(new Packet<>(op, body, null, null, decoder, null, null, null)).future;
    }

    private static void validate(String path) {
        String problem = PathValidator.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + problem);
        }
    }

    static <T> T await(CompletableFuture<T> future) throws ArborException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ArborException ae) {
                // the same exception may be seen by other callers of the future: add this caller's stack
                ae.addSuppressed(new Exception("awaited here"));
                throw ae;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Settings for a client; {@link #connectString} is required. */
    public static final class Builder {
        private String connectString;
        private Duration sessionTimeout = Duration.ofSeconds(30);
        private Watcher watcher = e -> { };
        private int maxBuffer = Integer.getInteger("jute.maxbuffer", Frames.DEFAULT_MAX_BUFFER);
        private Random random = new SecureRandom();
        private ZonePreference zone;
        private Duration requestTimeout;
        private boolean restoreWatchesOnExpiry;
        private boolean expiryEndsClient;
        private boolean canBeReadOnly;
        private final List<ConnectionStateListener> listeners = new java.util.ArrayList<>();

        private Builder() {}

        /** A connection-state listener from the start, so it hears CONNECTED too. */
        public Builder connectionStateListener(ConnectionStateListener listener) {
            listeners.add(listener);
            return this;
        }

        /**
         * After the session expires, set the persistent and recursive watches again in the new session (one-shot
         * watches are dropped either way, as their watchers were told Expired). Off by default.
         */
        public Builder restoreWatchesOnExpiry(boolean restore) {
            this.restoreWatchesOnExpiry = restore;
            return this;
        }

        /**
         * Keeps ZooKeeper's semantics for an expired session: the client is not rebuilt with a new session but
         * ends, closed. Every watcher and the default watcher hear Expired, listeners LOST; from then on every
         * call fails with SessionExpired and {@link ArborClient#close()} does nothing. Off by default (rebuild).
         */
        public Builder expiryEndsClient(boolean ends) {
            this.expiryEndsClient = ends;
            return this;
        }

        /**
         * Lets the client use a server that has lost its quorum and serves reads only (ZooKeeper's
         * {@code canBeReadOnly}; the servers need {@code readonlymode.enabled}). There, reads work and writes fail
         * with NotReadOnly; the default watcher hears ConnectedReadOnly and listeners READ_ONLY. Meanwhile the
         * client keeps asking the other servers ({@code isro}) and moves to the first that serves writes. A
         * session started on a read-only server is only that server's: the client asks for a new session on
         * every connection until it has reached a read-write server once. Off by default.
         */
        public Builder canBeReadOnly(boolean canBeReadOnly) {
            this.canBeReadOnly = canBeReadOnly;
            return this;
        }

        /** {@code host:port,host:port/chroot}; IPv6 as {@code [addr]:port}; port 2181 by default. */
        public Builder connectString(String connectString) {
            this.connectString = connectString;
            return this;
        }

        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        /** Told of connection state changes (SyncConnected, Disconnected, Expired, Closed). */
        public Builder watcher(Watcher watcher) {
            this.watcher = watcher;
            return this;
        }

        /** The largest frame accepted from the server (jute.maxbuffer, 0xfffff by default). */
        public Builder maxBuffer(int maxBuffer) {
            this.maxBuffer = maxBuffer;
            return this;
        }

        /**
         * How long a request may wait, queued while disconnected or sent and unanswered, before it fails (twice the
         * session timeout by default). A queued one fails with ConnectionLoss (it was never sent); a sent one with
         * RequestTimeout, and the connection is dropped and made again.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** The randomness for the host order and back-off; seed it in tests for a repeatable order. */
        public Builder random(Random random) {
            this.random = random;
            return this;
        }

        /**
         * Tries the servers of {@code zone} first ({@code zoneOf} names the zone of a host as written in the
         * connect string, null when unknown); the others remain as fallbacks, after them in the ring.
         */
        public Builder preferZone(String zone, java.util.function.Function<java.net.InetSocketAddress, String> zoneOf) {
            this.zone = new ZonePreference(zone, zoneOf);
            return this;
        }

        /** Starts connecting; requests made before the session is up wait for it. */
        public ArborClient build() {
            if (connectString == null) {
                throw new IllegalStateException("connectString is required");
            }
            return new ArborClient(this);
        }
    }
}
