package io.arbor.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.protocol.txn.TxnHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** A Raft entry keeps its term and its items in order; a garbled one is refused. */
class TxnBatchTest {
    private static Txn txn(long zxid) {
        SetDataTxn body = new SetDataTxn("/n", "v".getBytes(StandardCharsets.UTF_8), 1);
        return new Txn(new TxnHeader(7, 3, zxid, 1000, body.type()), body);
    }

    @Test
    void txnsAndAnswersKeepTheirOrder() {
        List<LogItem> items = List.of(new LogItem.Write(txn(10)), new LogItem.Answer(2, 7, 4, -103, null),
                new LogItem.Answer(3, 7, 5, 0, new int[] {0, -101, -2}), new LogItem.Write(2, txn(11)));
        TxnBatch.Batch back = TxnBatch.decode(TxnBatch.encodeItems(5, items));
        assertThat(back.preparedTerm()).isEqualTo(5);
        assertThat(back.items()).hasSize(4);
        assertThat(((LogItem.Write) back.items().get(0)).txn().zxid()).isEqualTo(10);
        assertThat(back.items().get(0).forwardedBy()).isEqualTo(LogItem.NOT_FORWARDED);
        assertThat(back.items().get(3).forwardedBy()).isEqualTo(2);
        LogItem.Answer error = (LogItem.Answer) back.items().get(1);
        assertThat(error.forwardedBy()).isEqualTo(2);
        assertThat(error.sessionId()).isEqualTo(7);
        assertThat(error.xid()).isEqualTo(4);
        assertThat(error.err()).isEqualTo(-103);
        assertThat(error.multiErrors()).isNull();
        assertThat(((LogItem.Answer) back.items().get(2)).multiErrors()).containsExactly(0, -101, -2);
        assertThat(back.txns()).extracting(Txn::zxid).containsExactly(10L, 11L);
    }

    @Test
    void garbledEntriesAreRefused() {
        assertThatThrownBy(() -> TxnBatch.decode(ByteString.copyFrom(new byte[] {0, 0, 1})))
                .isInstanceOf(ProtocolException.class);
        // a count far beyond the bytes that follow
        byte[] huge = java.nio.ByteBuffer.allocate(12).putLong(1).putInt(1 << 20).array();
        assertThatThrownBy(() -> TxnBatch.decode(ByteString.copyFrom(huge))).isInstanceOf(ProtocolException.class);
        // an unknown item kind
        byte[] kind = java.nio.ByteBuffer.allocate(13).putLong(1).putInt(1).put((byte) 9).array();
        // an item cut short
        byte[] shortItem = java.nio.ByteBuffer.allocate(17).putLong(1).putInt(1).put((byte) 2).putInt(0).array();
        assertThatThrownBy(() -> TxnBatch.decode(ByteString.copyFrom(shortItem)))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> TxnBatch.decode(ByteString.copyFrom(kind))).isInstanceOf(ProtocolException.class);
    }
}
