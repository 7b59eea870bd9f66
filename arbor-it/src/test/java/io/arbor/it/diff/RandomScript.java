package io.arbor.it.diff;

import static org.apache.zookeeper.CreateMode.CONTAINER;
import static org.apache.zookeeper.CreateMode.EPHEMERAL;
import static org.apache.zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL;
import static org.apache.zookeeper.CreateMode.PERSISTENT;
import static org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL;
import static org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
import static org.apache.zookeeper.CreateMode.PERSISTENT_WITH_TTL;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.CreateOptions;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * A random script over a small path space under /r, so that creates, deletes and versions collide often:
 * two session slots, every create mode, versions that are sometimes right, multis and multiReads, and the
 * session of slot 2 closed half way (its ephemerals go) and replaced. The script depends only on the seed,
 * never on results, so both servers run the very same steps.
 */
final class RandomScript {
    static final String ROOT = "/r";
    private static final long TTL = 3_600_000L;
    private static final String[] PARENTS = {"/r", "/r/a", "/r/b", "/r/a/x"};
    private static final String[] NODES = {"/r/a", "/r/b", "/r/c", "/r/a/x", "/r/a/y", "/r/b/x", "/r/a/x/z"};
    private static final String[] SEQUENTIAL_PREFIXES = {"/r/q-", "/r/a/q-", "/r/b/"};
    private static final CreateMode[] MODES = {PERSISTENT, PERSISTENT, EPHEMERAL, EPHEMERAL, PERSISTENT_SEQUENTIAL,
        EPHEMERAL_SEQUENTIAL, CONTAINER, PERSISTENT_WITH_TTL, PERSISTENT_SEQUENTIAL_WITH_TTL};
    /** Every ACL keeps READ and DELETE, so that the test can still list and remove what the script made. */
    private static final int[] ACL_PERMS = {Perms.ALL, Perms.READ | Perms.DELETE | Perms.ADMIN,
        Perms.ALL & ~Perms.CREATE, Perms.ALL & ~Perms.WRITE, Perms.READ | Perms.DELETE};

    private final Random random;
    private final Script script = new Script();

    private RandomScript(long seed) {
        this.random = new Random(seed);
    }

    static Script generate(long seed, int operations) {
        return new RandomScript(seed).build(operations);
    }

    private Script build(int operations) {
        script.as(1).create(ROOT, "root", PERSISTENT);
        for (int i = 0; i < operations; i++) {
            if (i == operations / 2) {
                script.as(2).replaceSession().as(1).getChildren2(ROOT);
            }
            script.as(1 + random.nextInt(2));
            randomOperation();
        }
        return script.as(1).getChildren2(ROOT).allChildrenNumber(ROOT);
    }

    private void randomOperation() {
        int dice = random.nextInt(100);
        if (dice < 22) {
            create();
        } else if (dice < 34) {
            script.delete(anyNode(), version());
        } else if (dice < 44) {
            script.setData(anyNode(), data(), version());
        } else if (dice < 52) {
            script.getData(anyNode());
        } else if (dice < 57) {
            script.exists(anyNode());
        } else if (dice < 63) {
            script.getChildren2(anyParent());
        } else if (dice < 65) {
            script.getChildren(anyParent());
        } else if (dice < 68) {
            script.getAcl(anyNode());
        } else if (dice < 72) {
            script.setAcl(anyNode(), acl(), random.nextInt(4) - 1);
        } else if (dice < 75) {
            script.allChildrenNumber(anyParent());
        } else if (dice < 78) {
            if (random.nextBoolean()) {
                script.ephemerals();
            } else {
                script.ephemerals(pick(PARENTS));
            }
        } else if (dice < 92) {
            multi();
        } else if (dice < 97) {
            multiRead();
        } else {
            script.sync(anyParent());
        }
    }

    private void create() {
        CreateMode mode = pick(MODES);
        String path = mode.isSequential() ? pick(SEQUENTIAL_PREFIXES) : pick(NODES);
        if (mode.isTTL()) {
            script.createTtl(path, data(), mode, TTL);
        } else if (random.nextBoolean()) {
            script.create2(path, data(), mode);
        } else {
            script.create(path, data(), mode);
        }
    }

    private void multi() {
        // short multis of likely ops, or most of them would fail on their first op
        int n = 1 + random.nextInt(3);
        Op[] ops = new Op[n];
        for (int i = 0; i < n; i++) {
            int dice = random.nextInt(20);
            if (dice < 7) {
                ops[i] = createOp();
            } else if (dice < 11) {
                ops[i] = Op.delete(anyNode(), random.nextBoolean() ? -1 : version());
            } else if (dice < 16) {
                ops[i] = Op.setData(anyNode(), Script.bytes(data()), random.nextBoolean() ? -1 : version());
            } else {
                ops[i] = Op.check(anyNode(), version());
            }
        }
        script.multi(ops);
    }

    private Op createOp() {
        CreateMode mode = pick(MODES);
        String path = mode.isSequential() ? pick(SEQUENTIAL_PREFIXES) : pick(NODES);
        byte[] data = Script.bytes(data());
        if (mode.isTTL()) {
            return Op.create(path, data, CreateOptions.newBuilder(Script.OPEN, mode).withTtl(TTL).build());
        }
        return random.nextBoolean()
                ? Op.create(path, data, Script.OPEN, mode)
                : Op.create(path, data, CreateOptions.newBuilder(Script.OPEN, mode).build());
    }

    private void multiRead() {
        int n = 1 + random.nextInt(3);
        Op[] ops = new Op[n];
        for (int i = 0; i < n; i++) {
            ops[i] = random.nextBoolean() ? Op.getData(anyNode()) : Op.getChildren(anyParent());
        }
        script.multi(ops);
    }

    /** A fixed node, or one of the first sequential names under a prefix. */
    private String anyNode() {
        if (random.nextInt(5) == 0) {
            return pick(SEQUENTIAL_PREFIXES) + String.format("%010d", random.nextInt(8));
        }
        return pick(NODES);
    }

    private String anyParent() {
        return random.nextInt(4) == 0 ? anyNode() : pick(PARENTS);
    }

    private int version() {
        return random.nextInt(3) == 0 ? -1 : random.nextInt(3);
    }

    private String data() {
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> "";
            default -> "d" + random.nextInt(1000);
        };
    }

    private List<ACL> acl() {
        List<ACL> acl = new ArrayList<>();
        acl.add(new ACL(ACL_PERMS[random.nextInt(ACL_PERMS.length)], new Id("world", "anyone")));
        return acl;
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }
}
