package io.arbor.cli.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * What differs between two runs by nature, replaced by placeholders: times, zxids, session ids. Everything else
 * (versions, counts, lengths, data, ACLs, messages) must be equal.
 */
final class Normalise {
    private Normalise() {}

    static String text(String s) {
        return s.replace("\r\n", "\n")
                .replaceAll("(?m)^(ctime|mtime) = .*$", "$1 = <time>")
                .replaceAll("(?m)^(cZxid|mZxid|pZxid) = 0x[0-9a-f]+$", "$1 = <zxid>")
                .replaceAll("(?m)^ephemeralOwner = 0x(?!0$)[0-9a-f]+$", "ephemeralOwner = <session>")
                // the Arbor client does not pass an event's zxid on (see OutputFormat.watchEvent)
                .replaceAll("zxid: -?\\d+", "zxid: <zxid>");
    }

    /** The WatchedEvent lines of a text, in order. */
    static List<String> events(String s) {
        List<String> events = new ArrayList<>();
        for (String line : text(s).split("\n")) {
            if (line.startsWith("WatchedEvent ")) {
                events.add(line);
            }
        }
        return events;
    }

    /**
     * The text without its event blocks ({@code WATCHER::}, the event line, and the blank lines they bring). An
     * event is printed by another thread than the command's output, so the two may interleave line by line.
     */
    static String withoutEvents(String s) {
        StringBuilder rest = new StringBuilder();
        for (String line : text(s).split("\n")) {
            if (!line.isEmpty() && !line.equals("WATCHER::") && !line.startsWith("WatchedEvent ")) {
                rest.append(line).append('\n');
            }
        }
        return rest.toString();
    }
}
