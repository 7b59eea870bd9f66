package io.arbor.cli.shell;

import io.arbor.client.AclStat;
import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.Children;
import io.arbor.client.NodeData;
import io.arbor.client.Watcher;
import io.arbor.protocol.Stat;
import io.arbor.protocol.response.ClientInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** The commands that read: ls, get, stat, getAcl, getAllChildrenNumber, getEphemerals, sync, whoami, config. */
final class ReadCommands {
    private ReadCommands() {}

    static List<Command> all() {
        return List.of(new Ls(), new Get(), new StatCommand(), new GetAcl(), new GetAllChildrenNumber(),
                new GetEphemerals(), new Sync(), new WhoAmI(), new Config());
    }

    /** {@code ls [-s] [-w] [-R] path}: the children, sorted; -R every path below, breadth first. */
    static final class Ls extends Command {
        Ls() {
            super("ls", "[-s] [-w] [-R] path", "swR", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String path = path(args, 0);
            Watcher watcher = args.has('w') ? ctx.watcher() : null;
            if (args.has('R')) {
                recursive(ctx.client(), ctx, path, watcher);
                return 0;
            }
            if (args.has('s')) {
                Children children = Await.result(ctx.client().getChildrenWithStatAsync(path, watcher));
                ctx.out.println(OutputFormat.children(children.names()));
                OutputFormat.stat(children.stat()).forEach(ctx.out::println);
            } else {
                ctx.out.println(OutputFormat.children(ctx.client().getChildren(path, watcher)));
            }
            return 0;
        }

        /** As zkCli: the node must exist (a data watch on it with -w), then level by level, children sorted. */
        private static void recursive(ArborClient client, ShellContext ctx, String root, Watcher watcher)
                throws ArborException, InterruptedException {
            client.getData(root, watcher);
            Deque<String> queue = new ArrayDeque<>(List.of(root));
            while (!queue.isEmpty()) {
                String node = queue.poll();
                ctx.out.println(node);
                List<String> children = new ArrayList<>(client.getChildren(node, watcher));
                children.sort(null);
                for (String child : children) {
                    queue.add(node.equals("/") ? "/" + child : node + "/" + child);
                }
            }
        }
    }

    /** {@code get [-s] [-w] [-b] [-x] path}: the data as text, base64 or a hex dump; -s the Stat after it. */
    static final class Get extends Command {
        Get() {
            super("get", "[-s] [-w] [-b] [-x] path", "swbx", "");
        }

        @Override
        List<String> help() {
            return List.of(usage(),
                    " -b   Output data in base64 format",
                    " -s   Print znode stats additionally",
                    " -w   Watch for changes on the znode",
                    " -x   Output data in hexdump format",
                    "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String path = path(args, 0);
            NodeData node = ctx.client().getData(path, args.has('w') ? ctx.watcher() : null);
            OutputFormat.DataStyle style = args.has('b') ? OutputFormat.DataStyle.BASE64
                    : args.has('x') ? OutputFormat.DataStyle.HEX : OutputFormat.DataStyle.TEXT;
            ctx.out.println(style.render(node.data()));
            if (args.has('s')) {
                OutputFormat.stat(node.stat()).forEach(ctx.out::println);
            }
            return 0;
        }
    }

    /** {@code stat [-w] path}: the Stat; with -w a watch even when the node does not exist yet. */
    static final class StatCommand extends Command {
        StatCommand() {
            super("stat", "[-w] path", "w", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String path = path(args, 0);
            Optional<Stat> stat = ctx.client().exists(path, args.has('w') ? ctx.watcher() : null);
            if (stat.isEmpty()) {
                throw CliFailure.of(CliFailure.message(io.arbor.protocol.ErrorCode.NO_NODE, path));
            }
            OutputFormat.stat(stat.get()).forEach(ctx.out::println);
            return 0;
        }
    }

    /** {@code getAcl [-s] path}. */
    static final class GetAcl extends Command {
        GetAcl() {
            super("getAcl", "[-s] path", "s", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            AclStat acl = ctx.client().getAcl(path(args, 0));
            OutputFormat.acl(acl.acl()).forEach(ctx.out::println);
            if (args.has('s')) {
                OutputFormat.stat(acl.stat()).forEach(ctx.out::println);
            }
            return 0;
        }
    }

    /** {@code getAllChildrenNumber path}: how many nodes lie below, at any depth. */
    static final class GetAllChildrenNumber extends Command {
        GetAllChildrenNumber() {
            super("getAllChildrenNumber", "path", "", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            ctx.out.println(ctx.client().getAllChildrenNumber(path(args, 0)));
            return 0;
        }
    }

    /** {@code getEphemerals [path]}: this session's ephemerals whose path starts with the prefix ("/" by default). */
    static final class GetEphemerals extends Command {
        GetEphemerals() {
            super("getEphemerals", "path", "", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String prefix = args.at(0) == null ? "/" : path(args, 0);
            ctx.out.println(ctx.client().getEphemerals(prefix));
            return 0;
        }
    }

    /** {@code sync path}. */
    static final class Sync extends Command {
        Sync() {
            super("sync", "path", "", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, InterruptedException {
            String path = path(args, 0);
            try {
                ctx.client().sync(path);
            } catch (ArborException e) {
                // zkCli prints this on stdout and goes on; here it is an error, so scripts see it
                throw CliFailure.of("Sync has failed. rc=" + e.code());
            }
            ctx.out.println("Sync is OK");
            return 0;
        }
    }

    /** {@code whoami}: the identities the server knows this session by. */
    static final class WhoAmI extends Command {
        WhoAmI() {
            super("whoami", "", "", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws ArborException, InterruptedException {
            ctx.out.println("Auth scheme: User");
            for (ClientInfo info : ctx.client().whoAmI()) {
                ctx.out.println(info.authScheme() + ": " + info.user());
            }
            return 0;
        }
    }

    /**
     * {@code config [-c] [-w] [-s]}: the ensemble configuration (/zookeeper/config, outside any chroot); -c only the
     * client connect string, as {@code version host:port,...}.
     */
    static final class Config extends Command {
        static final String CONFIG_NODE = "/zookeeper/config";

        Config() {
            super("config", "[-c] [-w] [-s]", "cws", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws ArborException, InterruptedException {
            ShellConnection connection = ctx.connection();
            NodeData node = connection.rootClient().getData(CONFIG_NODE,
                    args.has('w') ? connection.rootWatcher() : null);
            String text = node.data() == null ? "null" : new String(node.data(), StandardCharsets.UTF_8);
            ctx.out.println(args.has('c') ? clientConfig(text) : text);
            if (args.has('s')) {
                OutputFormat.stat(node.stat()).forEach(ctx.out::println);
            }
            return 0;
        }

        /**
         * The client addresses of {@code server.N=host:port:port[:role];[clientHost:]clientPort} lines, after the
         * {@code version=} value and a space. A client port without a host takes the server line's host.
         */
        static String clientConfig(String config) {
            String version = "";
            List<String> addresses = new ArrayList<>();
            for (String line : config.split("\n")) {
                line = line.trim();
                if (line.startsWith("version=")) {
                    version = line.substring("version=".length());
                } else if (line.startsWith("server.") && line.contains("=") && line.contains(";")) {
                    String value = line.substring(line.indexOf('=') + 1);
                    String client = value.substring(value.indexOf(';') + 1).trim();
                    if (!client.contains(":")) {
                        String serverHost = value.substring(0, Math.max(value.indexOf(':'), 0));
                        client = serverHost + ":" + client;
                    }
                    addresses.add(client);
                }
            }
            return version + " " + String.join(",", addresses);
        }
    }
}
