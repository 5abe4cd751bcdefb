package io.livechat.load.jmh;

import io.livechat.routing.Envelope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The node-channel envelope: encoded for every event published to a node, decoded by every receiving node. */
@State(Scope.Thread)
public class EnvelopeBenchmark {

    private final Envelope envelope = new Envelope(Envelope.EVENT, Envelope.VISITOR, "s1a2b3c4d5e6f7g8h9i0jk",
            "k3JqW0x9fQ2rT8uVbN1mZa", 42, 0, "",
            "{\"type\":\"message\",\"conversationId\":\"k3JqW0x9fQ2rT8uVbN1mZa\",\"seq\":42,\"clientMsgId\":\"c-1\","
                    + "\"from\":\"agent\",\"senderId\":\"1\",\"senderName\":\"Demo Agent\",\"text\":\"Hello!\","
                    + "\"ts\":1795430400123}");
    private final String wire = envelope.encode();

    @Benchmark
    public String encode() {
        return envelope.encode();
    }

    @Benchmark
    public Envelope decode() {
        return Envelope.decode(wire);
    }
}
