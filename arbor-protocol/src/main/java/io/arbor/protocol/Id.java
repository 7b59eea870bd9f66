package io.arbor.protocol;

import io.netty.buffer.ByteBuf;

/** An identity in an ACL scheme: ("world", "anyone"), ("digest", "user:hash"), ("ip", "10.0.0.0/8"). */
public record Id(String scheme, String id) implements Record {
    public static final Id ANYONE = new Id("world", "anyone");
    public static final Id AUTH = new Id("auth", "");

    public static Id read(ByteBuf in) {
        return new Id(Jute.readString(in), Jute.readString(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, scheme);
        Jute.writeString(out, id);
    }
}
