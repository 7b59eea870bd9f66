package io.arbor.it.diff;

import java.io.IOException;
import org.apache.jute.Record;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;

/**
 * The stock client, able also to send a request exactly as given: the requests its API refuses to build
 * (an invalid path, a TTL out of range, flags that do not match the opcode) are the ones other clients may
 * still send, so the servers must answer them too. Unlike {@link io.arbor.it.RawClient} it writes no bytes
 * itself: the request goes through the stock client's own session (xids, pings, reconnects), only the API's
 * checks are skipped.
 */
final class ZooKeeperWithUnvalidatedRequests extends ZooKeeper {
    ZooKeeperWithUnvalidatedRequests(String connectString, int sessionTimeout, Watcher watcher) throws IOException {
        super(connectString, sessionTimeout, watcher);
    }

    /** Sends one request and waits for its reply; {@code response} is filled only when the reply is OK. */
    ReplyHeader send(int opcode, Record request, Record response) throws InterruptedException {
        RequestHeader header = new RequestHeader();
        header.setType(opcode);
        return cnxn.submitRequest(header, request, response, null);
    }
}
