package io.arbor.server.watch;

/** The kinds of watch one watcher can hold on one path, as bits so a path keeps one entry per watcher. */
public final class WatchKind {
    /** One-shot data watch: getData and exists. */
    public static final int DATA = 1;
    /** One-shot child watch: getChildren. */
    public static final int CHILD = 2;
    /** addWatch PERSISTENT: data and child events on the path, until removed. */
    public static final int PERSISTENT = 4;
    /** addWatch PERSISTENT_RECURSIVE: data events on the path and every descendant, until removed. */
    public static final int RECURSIVE = 8;

    private WatchKind() {}
}
