package io.arbor.client;

/** Told of a watched change or a state change; called on the client's event thread, one event at a time. */
@FunctionalInterface
public interface Watcher {
    void process(WatchEvent event);
}
