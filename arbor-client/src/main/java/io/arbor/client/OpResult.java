package io.arbor.client;

import io.arbor.protocol.Stat;
import java.util.List;

/** What one operation of a transaction came to; an {@link Error} for each op of a failed multi (code 0 for those that would have succeeded). */
public sealed interface OpResult {
    record Create(String path, Stat stat) implements OpResult { }

    record SetData(Stat stat) implements OpResult { }

    record Delete() implements OpResult { }

    record Check() implements OpResult { }

    record GetData(byte[] data, Stat stat) implements OpResult { }

    record GetChildren(List<String> children) implements OpResult { }

    record Error(int code) implements OpResult { }
}
