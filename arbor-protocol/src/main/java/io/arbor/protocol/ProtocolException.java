package io.arbor.protocol;

/** A record off the wire that does not parse: truncated, a negative or oversized length, a bad value. */
public final class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
