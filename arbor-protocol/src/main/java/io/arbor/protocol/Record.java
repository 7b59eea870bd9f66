package io.arbor.protocol;

import io.netty.buffer.ByteBuf;

/** A wire record that can write itself in Jute encoding. */
public interface Record {
    void write(ByteBuf out);
}
