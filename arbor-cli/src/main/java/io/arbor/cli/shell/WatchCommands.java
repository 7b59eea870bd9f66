package io.arbor.cli.shell;

import io.arbor.client.AddWatchMode;
import io.arbor.client.ArborException;
import io.arbor.client.WatcherType;
import java.util.List;
import java.util.Locale;

/** addWatch and removewatches. */
final class WatchCommands {
    private WatchCommands() {}

    static List<Command> all() {
        return List.of(new AddWatch(), new RemoveWatches());
    }

    /** {@code addWatch [-m mode] path}: a watch that stays after it fires, recursive by default. */
    static final class AddWatch extends Command {
        AddWatch() {
            super("addWatch", "[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE]"
                    + " - default is PERSISTENT_RECURSIVE", "", "m");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String path = path(args, 0);
            AddWatchMode mode = AddWatchMode.PERSISTENT_RECURSIVE;
            if (args.has('m')) {
                try {
                    mode = AddWatchMode.valueOf(args.value('m').toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw usageFailure();
                }
            }
            ctx.client().addWatch(path, mode, ctx.watcher());
            return 0;
        }
    }

    /**
     * {@code removewatches path [-c|-d|-a] [-l]} (also -p, -r for persistent and recursive watches): removes this
     * session's watches of that kind on the node, any kind by default; with -l also while disconnected, on the
     * client alone, as zkCli.
     */
    static final class RemoveWatches extends Command {
        RemoveWatches() {
            super("removewatches", "path [-c|-d|-a] [-l]", "cdaprl", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String path = path(args, 0);
            WatcherType type = args.has('c') ? WatcherType.CHILDREN
                    : args.has('d') ? WatcherType.DATA
                    : args.has('p') ? WatcherType.PERSISTENT
                    : args.has('r') ? WatcherType.PERSISTENT_RECURSIVE
                    : WatcherType.ANY;
            ctx.client().removeAllWatches(path, type, args.has('l'));
            return 0;
        }
    }
}
