package io.arbor.client;

/**
 * What a removeWatches call asks: the watches of {@code type} on a node that {@code watcher} holds (every
 * watcher's when null, for removeAllWatches), and whether they may be taken out here even when the server cannot
 * be asked ({@code local}).
 */
record WatchRemoval(String clientPath, String serverPath, Watcher watcher, WatcherType type, boolean local) {}
