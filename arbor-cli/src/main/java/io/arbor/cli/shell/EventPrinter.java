package io.arbor.cli.shell;

import io.arbor.client.WatchEvent;
import java.util.function.Consumer;

/**
 * Prints watch and connection events as zkCli's watcher does ({@code WATCHER::} then the event), unless
 * {@code printwatches off}. Where the text goes is set by the shell: above the prompt while a line is being read,
 * or straight to stdout.
 */
final class EventPrinter {
    private final boolean showStateEvents;
    private volatile boolean enabled = true;
    private volatile Consumer<String> sink;

    /**
     * @param showStateEvents whether connection events (Disconnected, Expired, SyncConnected...) print; a one-shot
     *                        command leaves them out so that its output is only its result
     */
    EventPrinter(boolean showStateEvents, Consumer<String> sink) {
        this.showStateEvents = showStateEvents;
        this.sink = sink;
    }

    void print(WatchEvent event) {
        if (enabled && (showStateEvents || event.type() != WatchEvent.Type.NONE)) {
            sink.accept(OutputFormat.watchEvent(event));
        }
    }

    void sink(Consumer<String> sink) {
        this.sink = sink;
    }

    boolean enabled() {
        return enabled;
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }
}
