package io.arbor.client;

import io.arbor.protocol.Stat;

/** The path a create produced (with its sequence suffix, chroot removed) and the new node's Stat. */
public record Created(String path, Stat stat) {}
