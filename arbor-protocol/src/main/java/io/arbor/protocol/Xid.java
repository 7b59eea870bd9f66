package io.arbor.protocol;

/** The xids with a meaning of their own; every other xid is the client's to choose. */
public final class Xid {
    public static final int NOTIFICATION = -1;
    public static final int PING = -2;
    public static final int AUTH = -4;
    public static final int SET_WATCHES = -8;

    private Xid() {}
}
