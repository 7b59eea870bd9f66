package io.arbor.protocol.request;

import io.arbor.protocol.Record;

/** One operation inside a multi or multiRead: its op code and its request record. */
public record MultiOp(int type, Record request) {
    public String path() {
        if (request instanceof CreateRequest c) return c.path();
        if (request instanceof PathVersionRequest d) return d.path();
        if (request instanceof SetDataRequest s) return s.path();
        if (request instanceof PathRequest p) return p.path();
        if (request instanceof PathWatchRequest p) return p.path();
        return null;
    }
}
