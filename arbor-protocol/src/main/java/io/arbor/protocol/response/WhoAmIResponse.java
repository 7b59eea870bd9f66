package io.arbor.protocol.response;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

public record WhoAmIResponse(List<ClientInfo> clientInfo) implements Record {
    public static WhoAmIResponse read(ByteBuf in) {
        int n = Jute.readCount(in, 8);
        List<ClientInfo> out = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            out.add(ClientInfo.read(in));
        }
        return new WhoAmIResponse(out);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(clientInfo.size());
        for (ClientInfo c : clientInfo) {
            c.write(out);
        }
    }
}
