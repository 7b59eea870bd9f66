package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.zookeeper.ClientCnxn;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The listener hears the stock client's complaint about an answer out of order, as the client words it. */
class OutOfOrderAnswersTest {
    @Test
    void itHearsTheClientsXidComplaintAndNothingElse() {
        try (OutOfOrderAnswers listener = new OutOfOrderAnswers()) {
            org.slf4j.Logger clientLog = LoggerFactory.getLogger(ClientCnxn.class);
            clientLog.warn("Session 0x1 for server localhost/127.0.0.1:2181, Closing socket connection.",
                    new IOException("Xid out of order. Got Xid 51 with err 0 expected Xid 50"));
            clientLog.warn("Session 0x1 for server localhost/127.0.0.1:2181, Closing socket connection.",
                    new IOException("Connection reset by peer"));
            assertThat(listener.seen()).singleElement().asString().contains("Got Xid 51 with err 0 expected Xid 50");
        }
    }
}
