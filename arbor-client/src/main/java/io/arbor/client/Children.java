package io.arbor.client;

import io.arbor.protocol.Stat;
import java.util.List;

/** A node's children (names, not paths) with the node's own Stat. */
public record Children(List<String> names, Stat stat) {}
