package io.arbor.cli.shell;

import io.arbor.client.WatchEvent;
import io.arbor.protocol.Acl;
import io.arbor.protocol.Perms;
import io.arbor.protocol.Stat;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * How zkCli (ZooKeeper 3.9) renders what the server returns: the Stat block, ACL entries, node data in its three
 * forms and watch events. Kept in one place so that every command prints them alike and scripts written for
 * zkCli's output keep working.
 */
final class OutputFormat {
    private OutputFormat() {}

    /** The eleven {@code name = value} lines of a Stat; zxids and the owner in hex, times as java.util.Date prints them. */
    static List<String> stat(Stat s) {
        return List.of(
                "cZxid = 0x" + Long.toHexString(s.czxid()),
                "ctime = " + new Date(s.ctime()),
                "mZxid = 0x" + Long.toHexString(s.mzxid()),
                "mtime = " + new Date(s.mtime()),
                "pZxid = 0x" + Long.toHexString(s.pzxid()),
                "cversion = " + s.cversion(),
                "dataVersion = " + s.version(),
                "aclVersion = " + s.aversion(),
                "ephemeralOwner = 0x" + Long.toHexString(s.ephemeralOwner()),
                "dataLength = " + s.dataLength(),
                "numChildren = " + s.numChildren());
    }

    /** Two lines per entry: {@code 'scheme,'id} then {@code : perms} (letters in cdrwa order). */
    static List<String> acl(List<Acl> acl) {
        List<String> lines = new ArrayList<>(acl.size() * 2);
        for (Acl a : acl) {
            lines.add("'" + a.id().scheme() + ",'" + a.id().id());
            lines.add(": " + Perms.toLetters(a.perms()));
        }
        return lines;
    }

    /** Children sorted by name, as {@code [a, b]}. */
    static String children(List<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        return sorted.toString();
    }

    /** How get shows data: text (null data as "null"), base64 (-b) or a hex dump (-x). */
    enum DataStyle {
        TEXT, BASE64, HEX;

        String render(byte[] data) {
            // zkCli renders absent data as the word null in every style
            byte[] shown = data == null ? "null".getBytes(StandardCharsets.UTF_8) : data;
            return switch (this) {
                case TEXT -> new String(shown, StandardCharsets.UTF_8);
                case BASE64 -> Base64.getEncoder().encodeToString(shown);
                // Netty's pretty dump is the very layout zkCli's -x prints (16 bytes a row, offsets, ASCII column)
                case HEX -> ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(shown));
            };
        }
    }

    /**
     * A watch event as zkCli prints it: {@code WATCHER::}, then {@code WatchedEvent state:.. type:.. path:.. zxid: N}
     * after blank lines; the zxid of the change that fired it, -1 for state changes (as zkCli).
     */
    static String watchEvent(WatchEvent event) {
        return "\nWATCHER::\n\nWatchedEvent state:" + keeperState(event.state()) + " type:" + eventType(event.type())
                + " path:" + event.path() + " zxid: " + event.zxid();
    }

    static String keeperState(WatchEvent.State state) {
        return switch (state) {
            case DISCONNECTED -> "Disconnected";
            case SYNC_CONNECTED -> "SyncConnected";
            case AUTH_FAILED -> "AuthFailed";
            case CONNECTED_READ_ONLY -> "ConnectedReadOnly";
            case SASL_AUTHENTICATED -> "SaslAuthenticated";
            case CLOSED -> "Closed";
            case EXPIRED -> "Expired";
        };
    }

    static String eventType(WatchEvent.Type type) {
        return switch (type) {
            case NONE -> "None";
            case NODE_CREATED -> "NodeCreated";
            case NODE_DELETED -> "NodeDeleted";
            case NODE_DATA_CHANGED -> "NodeDataChanged";
            case NODE_CHILDREN_CHANGED -> "NodeChildrenChanged";
            case DATA_WATCH_REMOVED -> "DataWatchRemoved";
            case CHILD_WATCH_REMOVED -> "ChildWatchRemoved";
            case PERSISTENT_WATCH_REMOVED -> "PersistentWatchRemoved";
        };
    }
}
