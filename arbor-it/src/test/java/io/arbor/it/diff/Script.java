package io.arbor.it.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.jute.Record;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.admin.ZooKeeperAdmin;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.Create2Response;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.apache.zookeeper.proto.DeleteRequest;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.ExistsResponse;
import org.apache.zookeeper.proto.GetACLRequest;
import org.apache.zookeeper.proto.GetACLResponse;
import org.apache.zookeeper.proto.GetAllChildrenNumberRequest;
import org.apache.zookeeper.proto.GetAllChildrenNumberResponse;
import org.apache.zookeeper.proto.GetChildren2Request;
import org.apache.zookeeper.proto.GetChildren2Response;
import org.apache.zookeeper.proto.GetChildrenRequest;
import org.apache.zookeeper.proto.GetChildrenResponse;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.GetEphemeralsRequest;
import org.apache.zookeeper.proto.GetEphemeralsResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.SetACLRequest;
import org.apache.zookeeper.proto.SetACLResponse;
import org.apache.zookeeper.proto.SetDataRequest;
import org.apache.zookeeper.proto.SetDataResponse;
import org.apache.zookeeper.proto.SyncRequest;
import org.apache.zookeeper.proto.SyncResponse;

/**
 * A sequence of client operations to run unchanged against every target. Each method appends one step for
 * the current session slot ({@link #as}) and says how its result is rendered; errors are rendered by
 * {@link Differ}.
 */
final class Script {
    static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

    private final List<Step> steps = new ArrayList<>();
    private int slot = 1;

    List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** The session slot (from 1) that runs the following steps. */
    Script as(int slot) {
        this.slot = slot;
        return this;
    }

    Script step(String label, Step.Call call) {
        steps.add(new Step(label, slot, call));
        return this;
    }

    /**
     * Marks the last step as one where Arbor differs from ZooKeeper on purpose: Arbor's outcome must be
     * {@code outcome}, whatever ZooKeeper answers.
     */
    Script arborAnswers(String outcome) {
        Step last = steps.remove(steps.size() - 1);
        steps.add(new Step(last.label(), last.slot(), last.call(), outcome));
        return this;
    }

    static byte[] bytes(String data) {
        return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }

    Script create(String path, String data, CreateMode mode) {
        return create(path, data, OPEN, mode);
    }

    /** create without a Stat: opcode create, or createContainer for a container. */
    Script create(String path, String data, List<ACL> acl, CreateMode mode) {
        return step("create " + path + " " + mode + " acl " + Normaliser.acl(acl),
                (zk, t) -> zk.create(path, bytes(data), acl, mode));
    }

    Script create2(String path, String data, CreateMode mode) {
        return create2(path, data, OPEN, mode);
    }

    /** create with a Stat: opcode create2, or createContainer for a container. */
    Script create2(String path, String data, List<ACL> acl, CreateMode mode) {
        return step("create2 " + path + " " + mode + " acl " + Normaliser.acl(acl), (zk, t) -> {
            Stat stat = new Stat();
            String created = zk.create(path, bytes(data), acl, mode, stat);
            return created + " " + t.normaliser().stat(stat);
        });
    }

    /** createTTL, always with a Stat. */
    Script createTtl(String path, String data, CreateMode mode, long ttl) {
        return step("createTTL " + path + " " + mode + " ttl " + ttl, (zk, t) -> {
            Stat stat = new Stat();
            String created = zk.create(path, bytes(data), OPEN, mode, stat, ttl);
            return created + " " + t.normaliser().stat(stat);
        });
    }

    Script delete(String path, int version) {
        return step("delete " + path + " v" + version, (zk, t) -> {
            zk.delete(path, version);
            return "ok";
        });
    }

    Script setData(String path, String data, int version) {
        return step("setData " + path + " " + Normaliser.data(bytes(data)) + " v" + version,
                (zk, t) -> t.normaliser().stat(zk.setData(path, bytes(data), version)));
    }

    Script getData(String path) {
        return step("getData " + path, (zk, t) -> {
            Stat stat = new Stat();
            byte[] data = zk.getData(path, false, stat);
            return Normaliser.data(data) + " " + t.normaliser().stat(stat);
        });
    }

    Script exists(String path) {
        return step("exists " + path, (zk, t) -> t.normaliser().stat(zk.exists(path, false)));
    }

    Script getChildren(String path) {
        return step("getChildren " + path, (zk, t) -> Normaliser.sorted(zk.getChildren(path, false)));
    }

    /** getChildren with a Stat: opcode getChildren2. */
    Script getChildren2(String path) {
        return step("getChildren2 " + path, (zk, t) -> {
            Stat stat = new Stat();
            List<String> children = zk.getChildren(path, false, stat);
            return Normaliser.sorted(children) + " " + t.normaliser().stat(stat);
        });
    }

    Script getAcl(String path) {
        return step("getACL " + path, (zk, t) -> {
            Stat stat = new Stat();
            List<ACL> acl = zk.getACL(path, stat);
            return Normaliser.acl(acl) + " " + t.normaliser().stat(stat);
        });
    }

    Script setAcl(String path, List<ACL> acl, int version) {
        return step("setACL " + path + " " + Normaliser.acl(acl) + " v" + version,
                (zk, t) -> t.normaliser().stat(zk.setACL(path, acl, version)));
    }

    Script allChildrenNumber(String path) {
        return step("getAllChildrenNumber " + path, (zk, t) -> Integer.toString(zk.getAllChildrenNumber(path)));
    }

    Script ephemerals() {
        return step("getEphemerals", (zk, t) -> Normaliser.sorted(zk.getEphemerals()));
    }

    Script ephemerals(String prefix) {
        return step("getEphemerals " + prefix, (zk, t) -> Normaliser.sorted(zk.getEphemerals(prefix)));
    }

    /** multi or multiRead (the client picks by the kind of the ops). */
    Script multi(Op... ops) {
        List<Op> list = List.of(ops);
        return step("multi " + describe(list), (zk, t) -> t.normaliser().results(zk.multi(list)));
    }

    Script sync(String path) {
        return step("sync " + path, (zk, t) -> {
            zk.sync(path);
            return "ok";
        });
    }

    Script whoAmI() {
        // ZooKeeper keeps a connection's ids in a hash set: the order of the list is unspecified
        return step("whoAmI", (zk, t) -> Normaliser.clients(zk.whoAmI()));
    }

    Script addAuth(String scheme, String auth) {
        return step("addAuth " + scheme + " " + auth, (zk, t) -> {
            zk.addAuthInfo(scheme, bytes(auth));
            return "sent";
        });
    }

    Script getConfig() {
        return step("getConfig", (zk, t) -> {
            Stat stat = new Stat();
            byte[] data = zk.getConfig(false, stat);
            return Normaliser.data(data) + " " + t.normaliser().stat(stat);
        });
    }

    /** reconfig through an admin client of its own (adding a made-up server). */
    Script reconfig() {
        return step("reconfig", (zk, t) -> {
            ZooKeeperAdmin admin = t.admin();
            Stat stat = new Stat();
            byte[] data = admin.reconfigure("server.9=127.0.0.1:2888:3888;2181", null, null, -1, stat);
            return Normaliser.data(data) + " " + t.normaliser().stat(stat);
        });
    }

    /**
     * A create sent as given, whatever the client would refuse: any opcode of the create family, any flags,
     * any TTL (createTTL only), any path and ACL.
     */
    Script rawCreate(int opcode, String path, List<ACL> acl, int flags, long ttl) {
        return step("raw " + opName(opcode) + " " + path + " flags " + flags + " ttl " + ttl + " acl "
                + Normaliser.acl(acl), (zk, t) -> {
                    Record request = opcode == ZooDefs.OpCode.createTTL
                            ? new CreateTTLRequest(path, bytes("x"), acl, flags, ttl)
                            : new CreateRequest(path, bytes("x"), acl, flags);
                    if (opcode == ZooDefs.OpCode.create) {
                        CreateResponse response = new CreateResponse();
                        return raw(zk, opcode, request, response, () -> response.getPath());
                    }
                    Create2Response response = new Create2Response();
                    return raw(zk, opcode, request, response,
                            () -> response.getPath() + " " + t.normaliser().stat(response.getStat()));
                });
    }

    /** A request on one path sent as given (the client would refuse an invalid path). */
    Script rawPathRequest(int opcode, String path) {
        return step("raw " + opName(opcode) + " '" + path + "'", (zk, t) -> {
            Normaliser n = t.normaliser();
            switch (opcode) {
                case ZooDefs.OpCode.getData -> {
                    GetDataResponse r = new GetDataResponse();
                    return raw(zk, opcode, new GetDataRequest(path, false), r,
                            () -> Normaliser.data(r.getData()) + " " + n.stat(r.getStat()));
                }
                case ZooDefs.OpCode.exists -> {
                    ExistsResponse r = new ExistsResponse();
                    return raw(zk, opcode, new ExistsRequest(path, false), r, () -> n.stat(r.getStat()));
                }
                case ZooDefs.OpCode.getChildren -> {
                    GetChildrenResponse r = new GetChildrenResponse();
                    return raw(zk, opcode, new GetChildrenRequest(path, false), r,
                            () -> Normaliser.sorted(r.getChildren()));
                }
                case ZooDefs.OpCode.getChildren2 -> {
                    GetChildren2Response r = new GetChildren2Response();
                    return raw(zk, opcode, new GetChildren2Request(path, false), r,
                            () -> Normaliser.sorted(r.getChildren()) + " " + n.stat(r.getStat()));
                }
                case ZooDefs.OpCode.getACL -> {
                    GetACLResponse r = new GetACLResponse();
                    return raw(zk, opcode, new GetACLRequest(path), r,
                            () -> Normaliser.acl(r.getAcl()) + " " + n.stat(r.getStat()));
                }
                case ZooDefs.OpCode.getAllChildrenNumber -> {
                    GetAllChildrenNumberResponse r = new GetAllChildrenNumberResponse();
                    return raw(zk, opcode, new GetAllChildrenNumberRequest(path), r,
                            () -> Integer.toString(r.getTotalNumber()));
                }
                case ZooDefs.OpCode.getEphemerals -> {
                    GetEphemeralsResponse r = new GetEphemeralsResponse();
                    return raw(zk, opcode, new GetEphemeralsRequest(path), r,
                            () -> Normaliser.sorted(r.getEphemerals()));
                }
                case ZooDefs.OpCode.sync -> {
                    SyncResponse r = new SyncResponse();
                    return raw(zk, opcode, new SyncRequest(path), r, r::getPath);
                }
                case ZooDefs.OpCode.delete -> {
                    return raw(zk, opcode, new DeleteRequest(path, -1), null, () -> "ok");
                }
                case ZooDefs.OpCode.setData -> {
                    SetDataResponse r = new SetDataResponse();
                    return raw(zk, opcode, new SetDataRequest(path, bytes("x"), -1), r, () -> n.stat(r.getStat()));
                }
                case ZooDefs.OpCode.setACL -> {
                    SetACLResponse r = new SetACLResponse();
                    return raw(zk, opcode, new SetACLRequest(path, OPEN, -1), r, () -> n.stat(r.getStat()));
                }
                default -> throw new IllegalArgumentException("no raw form for opcode " + opcode);
            }
        });
    }

    private static String raw(ZooKeeper zk, int opcode, Record request, Record response, Supplier<String> render)
            throws InterruptedException {
        ReplyHeader reply = ((ZooKeeperWithUnvalidatedRequests) zk).send(opcode, request, response);
        return reply.getErr() == 0 ? render.get() : "ERR " + KeeperException.Code.get(reply.getErr());
    }

    /** Closes the current slot's session and opens a new one in its place. */
    Script replaceSession() {
        return step("close session and open a new one", (zk, t) -> {
            t.replace(slot(zk, t));
            return "ok";
        });
    }

    private static int slot(ZooKeeper zk, Target t) {
        for (int i = 1; ; i++) {
            if (t.client(i) == zk) {
                return i;
            }
        }
    }

    static String describe(List<Op> ops) {
        return ops.stream().map(op -> opName(op.getType()) + " " + op.getPath()).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String opName(int type) {
        return switch (type) {
            case ZooDefs.OpCode.create -> "create";
            case ZooDefs.OpCode.create2 -> "create2";
            case ZooDefs.OpCode.createContainer -> "createContainer";
            case ZooDefs.OpCode.createTTL -> "createTTL";
            case ZooDefs.OpCode.delete -> "delete";
            case ZooDefs.OpCode.setData -> "setData";
            case ZooDefs.OpCode.check -> "check";
            case ZooDefs.OpCode.getData -> "getData";
            case ZooDefs.OpCode.getChildren -> "getChildren";
            case ZooDefs.OpCode.exists -> "exists";
            case ZooDefs.OpCode.getChildren2 -> "getChildren2";
            case ZooDefs.OpCode.getACL -> "getACL";
            case ZooDefs.OpCode.setACL -> "setACL";
            case ZooDefs.OpCode.getAllChildrenNumber -> "getAllChildrenNumber";
            case ZooDefs.OpCode.getEphemerals -> "getEphemerals";
            case ZooDefs.OpCode.sync -> "sync";
            default -> "op" + type;
        };
    }
}
