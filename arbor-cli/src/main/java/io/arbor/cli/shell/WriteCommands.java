package io.arbor.cli.shell;

import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.Transaction;
import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import io.arbor.protocol.Stat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;

/** The commands that write: create, set, delete, deleteall, setAcl. */
final class WriteCommands {
    private WriteCommands() {}

    static List<Command> all() {
        return List.of(new Create(), new SetData(), new Delete(), new DeleteAll(), new SetAcl());
    }

    /** {@code create [-s] [-e] [-c] [-t ttl] path [data] [acl]}; prints {@code Created <path>} on stderr, as zkCli. */
    static final class Create extends Command {
        Create() {
            super("create", "[-s] [-e] [-c] [-t ttl] path [data] [acl]", "sec", "t");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            boolean sequential = args.has('s');
            boolean ephemeral = args.has('e');
            boolean container = args.has('c');
            if (container && (sequential || ephemeral)) {
                throw CliFailure.of("-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.");
            }
            long ttl = -1;
            if (args.has('t')) {
                try {
                    ttl = Long.parseLong(args.value('t'));
                } catch (NumberFormatException e) {
                    throw CliFailure.of("-t argument must be a long value");
                }
                if (ephemeral) {
                    throw CliFailure.of("TTLs cannot be used with Ephemeral znodes");
                }
                if (container) {
                    throw CliFailure.of("TTLs cannot be used with Container znodes");
                }
            }
            String path = checkPath(required(args, 0), sequential);
            CreateMode mode = mode(sequential, ephemeral, container, args.has('t'));
            byte[] data = DataArgument.resolve(ctx, args.at(1), true);
            List<Acl> acl = Acl.OPEN_ACL_UNSAFE;
            if (args.at(2) != null) {
                acl = AclParser.parse(args.at(2), ctx.err);
                if (acl.isEmpty()) {
                    // the ZooKeeper client refuses an empty ACL before sending; zkCli prints both lines
                    throw CliFailure.of("KeeperErrorCode = InvalidACL", "Acl is not valid : null");
                }
            }
            ArborClient client = ctx.client();
            String created = mode.ttl ? client.create2(path, data, acl, mode, ttl).path()
                    : client.create(path, data, acl, mode);
            ctx.err.println("Created " + created);
            return 0;
        }

        private static CreateMode mode(boolean sequential, boolean ephemeral, boolean container, boolean ttl) {
            if (ephemeral) {
                return sequential ? CreateMode.EPHEMERAL_SEQUENTIAL : CreateMode.EPHEMERAL;
            }
            if (ttl) {
                return sequential ? CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateMode.PERSISTENT_WITH_TTL;
            }
            if (container) {
                return CreateMode.CONTAINER;
            }
            return sequential ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT;
        }
    }

    /** {@code set path data [-s] [-v version] [-b]}: -b takes the data as base64. */
    static final class SetData extends Command {
        SetData() {
            super("set", "path data [-s] [-v version] [-b]", "sb", "v");
        }

        @Override
        List<String> help() {
            return List.of(usage(),
                    " -b         Supply data in base64 format",
                    " -s         Print znode stats additionally",
                    " -v <arg>   Set with an expected version",
                    "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String path = path(args, 0);
            byte[] data = DataArgument.resolve(ctx, args.at(1), false);
            if (data == null) {
                throw usageFailure();
            }
            if (args.has('b')) {
                try {
                    data = Base64.getMimeDecoder().decode(data);
                } catch (IllegalArgumentException e) {
                    throw CliFailure.of("Data is not valid base64: " + e.getMessage());
                }
            }
            int version = args.has('v') ? parseInt(args.value('v'), "-v") : -1;
            Stat stat = ctx.client().setData(path, data, version);
            if (args.has('s')) {
                OutputFormat.stat(stat).forEach(ctx.out::println);
            }
            return 0;
        }
    }

    /** {@code delete [-v version] path}. */
    static final class Delete extends Command {
        Delete() {
            super("delete", "[-v version] path", "", "v");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String path = path(args, 0);
            int version = args.has('v') ? parseInt(args.value('v'), "-v") : -1;
            ctx.client().delete(path, version);
            return 0;
        }
    }

    /**
     * {@code deleteall path [-b batch size]}: the node and everything below, deepest first, in multis of at most
     * the batch size (1000 by default).
     */
    static final class DeleteAll extends Command {
        DeleteAll() {
            super("deleteall", "path [-b batch size]", "", "b");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String path = path(args, 0);
            int batchSize = args.has('b') ? parseInt(args.value('b'), "-b") : 1000;
            if (batchSize <= 0) {
                throw CliFailure.of("-b argument must be a positive int value");
            }
            ArborClient client = ctx.client();
            List<String> tree = breadthFirst(client, path);
            boolean allDeleted = true;
            for (int end = tree.size(); end > 0; end -= batchSize) {
                Transaction batch = client.transaction();
                for (int i = end - 1; i >= Math.max(0, end - batchSize); i--) {
                    batch.delete(tree.get(i), -1);
                }
                try {
                    batch.commit();
                } catch (ArborException e) {
                    allDeleted = false;
                }
            }
            if (!allDeleted) {
                throw CliFailure.of("Failed to delete some node(s) in the subtree!");
            }
            return 0;
        }

        private static List<String> breadthFirst(ArborClient client, String root)
                throws ArborException, InterruptedException {
            List<String> tree = new ArrayList<>();
            Deque<String> queue = new ArrayDeque<>(List.of(root));
            while (!queue.isEmpty()) {
                String node = queue.poll();
                tree.add(node);
                for (String child : client.getChildren(node)) {
                    queue.add(node.equals("/") ? "/" + child : node + "/" + child);
                }
            }
            return tree;
        }
    }

    /** {@code setAcl [-s] [-v version] [-R] path acl}: -R on the node and every node below it. */
    static final class SetAcl extends Command {
        SetAcl() {
            super("setAcl", "[-s] [-v version] [-R] path acl", "sR", "v");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String path = path(args, 0);
            List<Acl> acl = AclParser.parse(required(args, 1), ctx.err);
            int version = args.has('v') ? parseInt(args.value('v'), "-v") : -1;
            ArborClient client = ctx.client();
            if (args.has('R')) {
                // as zkCli: the node must be readable, then each node is set on its own; refusals are reported
                client.getData(path);
                boolean allSet = setDepthFirst(ctx, client, path, acl, version);
                return allSet ? 0 : CliFailure.FAILED;
            }
            Stat stat = client.setAcl(path, acl, version);
            if (args.has('s')) {
                OutputFormat.stat(stat).forEach(ctx.out::println);
            }
            return 0;
        }

        private static boolean setDepthFirst(ShellContext ctx, ArborClient client, String path, List<Acl> acl,
                                             int version) throws InterruptedException {
            boolean ok = true;
            try {
                client.setAcl(path, acl, version);
            } catch (ArborException e) {
                ctx.err.println(CliFailure.message(e.code(), e.path()));
                ok = false;
            }
            List<String> children;
            try {
                children = new ArrayList<>(client.getChildren(path));
            } catch (ArborException e) {
                ctx.err.println(CliFailure.message(e.code(), e.path()));
                return false;
            }
            children.sort(null);
            for (String child : children) {
                ok &= setDepthFirst(ctx, client, path.equals("/") ? "/" + child : path + "/" + child, acl, version);
            }
            return ok;
        }
    }
}
