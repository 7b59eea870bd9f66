package io.arbor.cli;

import io.arbor.protocol.Acl;
import io.arbor.protocol.EphemeralOwner;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.Perms;
import io.arbor.protocol.txn.CheckTxn;
import io.arbor.protocol.txn.CloseSessionTxn;
import io.arbor.protocol.txn.CreateSessionTxn;
import io.arbor.protocol.txn.CreateTxn;
import io.arbor.protocol.txn.DeleteTxn;
import io.arbor.protocol.txn.ErrorTxn;
import io.arbor.protocol.txn.MultiTxn;
import io.arbor.protocol.txn.SetAclTxn;
import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.protocol.txn.TxnBody;
import io.arbor.protocol.txn.TxnHeader;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One txn as an operator reads it: {@code zxid time session 0x.. cxid n type path summary}, e.g.
 * {@code 0x1f 2025-05-01T12:00:00.123Z session 0x10000000a cxid 4 setData /app data=2B "v2" version=2}.
 * The ops of a multi follow on indented lines.
 */
final class TxnFormatter {
    /** Data up to this many printable ASCII bytes is shown in quotes, longer printable data is cut. */
    private static final int PREVIEW_BYTES = 32;
    static final String OP_INDENT = "    ";

    private TxnFormatter() {
    }

    static List<String> lines(Txn txn) {
        TxnHeader h = txn.header();
        String head = "0x" + Long.toHexString(h.zxid()) + " " + Instant.ofEpochMilli(h.time()) + " session 0x"
                + Long.toHexString(h.sessionId()) + " cxid " + h.cxid() + " ";
        if (txn.body() instanceof MultiTxn multi) {
            List<String> out = new java.util.ArrayList<>();
            out.add(head + "multi " + multi.ops().size() + " ops");
            for (TxnBody op : multi.ops()) {
                out.add(OP_INDENT + op(op));
            }
            return out;
        }
        return List.of(head + op(txn.body()));
    }

    /** The type name, path(s) and summary of one change. */
    static String op(TxnBody body) {
        String name = OpCode.name(body.type());
        if (body instanceof CreateTxn c) {
            return name + " " + c.path() + " " + data(c.data()) + " acl=" + acl(c.acl()) + " "
                    + owner(c.ephemeralOwner()) + " parentCversion=" + c.parentCVersion();
        } else if (body instanceof SetDataTxn s) {
            return name + " " + s.path() + " " + data(s.data()) + " version=" + s.version();
        } else if (body instanceof DeleteTxn d) {
            return name + " " + d.path();
        } else if (body instanceof SetAclTxn a) {
            return name + " " + a.path() + " acl=" + acl(a.acl()) + " aversion=" + a.version();
        } else if (body instanceof CheckTxn c) {
            return name + " " + c.path() + " version=" + c.version();
        } else if (body instanceof CreateSessionTxn s) {
            return name + " timeout=" + s.timeout() + "ms";
        } else if (body instanceof CloseSessionTxn c) {
            return name + " ephemerals=" + c.paths().size()
                    + (c.paths().isEmpty() ? "" : " " + String.join(" ", c.paths()));
        } else if (body instanceof ErrorTxn e) {
            return name + " err=" + e.err() + " (" + ErrorCode.message(e.err()) + ")";
        } else if (body instanceof MultiTxn m) {
            // a multi inside a multi does not occur; shown on one line if it ever does
            return name + " " + m.ops().size() + " ops: "
                    + m.ops().stream().map(TxnFormatter::op).collect(Collectors.joining("; "));
        }
        return name;
    }

    static String data(byte[] data) {
        if (data == null) {
            return "data=null";
        }
        StringBuilder sb = new StringBuilder("data=").append(data.length).append('B');
        int shown = Math.min(data.length, PREVIEW_BYTES);
        for (int i = 0; i < shown; i++) {
            if (data[i] < 0x20 || data[i] > 0x7e) {
                return sb.toString(); // binary: the length says enough
            }
        }
        if (shown > 0) {
            sb.append(" \"");
            for (int i = 0; i < shown; i++) {
                char c = (char) data[i];
                sb.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
            }
            sb.append(data.length > shown ? "\"..." : "\"");
        }
        return sb.toString();
    }

    static String acl(List<Acl> acl) {
        if (acl == null) {
            return "null";
        }
        return acl.stream().map(a -> a.id().scheme() + ":" + a.id().id() + ":" + Perms.toLetters(a.perms()))
                .collect(Collectors.joining(",", "[", "]"));
    }

    static String owner(long owner) {
        if (owner == 0) {
            return "persistent";
        }
        if (EphemeralOwner.isContainer(owner)) {
            return "container";
        }
        if (EphemeralOwner.isTtl(owner)) {
            return "ttl=" + EphemeralOwner.ttlMillis(owner) + "ms";
        }
        return "ephemeralOwner=0x" + Long.toHexString(owner);
    }
}
