package io.arbor.bench;

import java.util.OptionalLong;

/** A server someone else runs (--target host:port): only its address is known. */
public final class ExternalServer implements ServerHandle {
    private final String connectString;

    public ExternalServer(String connectString) {
        this.connectString = connectString;
    }

    @Override
    public String label() {
        return connectString;
    }

    @Override
    public String connectString() {
        return connectString;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public boolean restartable() {
        return false;
    }

    @Override
    public RestartTiming restart(String probePath) {
        throw new UnsupportedOperationException("the bench cannot restart a --target server");
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
