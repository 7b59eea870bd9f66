package io.arbor.client;

import io.arbor.protocol.Stat;

/** A node's data with its Stat, as getData returns them. */
public record NodeData(byte[] data, Stat stat) {}
