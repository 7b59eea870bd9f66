package io.arbor.protocol.response;

import io.arbor.protocol.OpCode;
import io.arbor.protocol.Record;

/**
 * One result inside a multi or multiRead response. A failed op has type -1 and an {@link IntResponse} with
 * its error; delete and check have no body.
 */
public record OpResult(int type, int err, Record body) {
    public static OpResult error(int err) {
        return new OpResult(OpCode.ERROR, err, new IntResponse(err));
    }
}
