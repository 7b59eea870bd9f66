package io.arbor.server.session;

/**
 * A client session: its id (server id in the top byte), negotiated timeout, password, and the expiry
 * bucket it sits in. {@code owner} is the connection that holds it now, or null while the client is away.
 */
public final class Session {
    private final long id;
    private final int timeout;
    private final byte[] password;
    volatile long expiryTime;
    private volatile boolean closing;
    private volatile Object owner;
    /** Set by PREPARE's thread alone when it has prepared this session's close. */
    public boolean closePrepared;

    public Session(long id, int timeout, byte[] password) {
        this.id = id;
        this.timeout = timeout;
        this.password = password;
    }

    public long id() {
        return id;
    }

    public int timeout() {
        return timeout;
    }

    public byte[] password() {
        return password;
    }

    public long expiryTime() {
        return expiryTime;
    }

    public boolean isClosing() {
        return closing;
    }

    public void setClosing() {
        closing = true;
    }

    void reopen() {
        closing = false;
    }

    public Object owner() {
        return owner;
    }

    public void setOwner(Object owner) {
        this.owner = owner;
    }

    public String idHex() {
        return "0x" + Long.toHexString(id);
    }
}
