package io.livechat.load.jmh;

import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.MessageJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON of a message event: built as prefix and suffix around the seq for every accepted message (the accept
 * path), its {@code ts} read back for the delivery-latency metric on every write, and a full parse (the REST path).
 */
@State(Scope.Thread)
public class MessageJsonBenchmark {

    private final String conversationId = "k3JqW0x9fQ2rT8uVbN1mZa";
    private final String text = "Hello, I have a question about my order #12345 \"express\" delivery";
    private final String json = MessageJson.of(new ChatMessage(conversationId, 42, "c-0a1b2c3d", "visitor",
            "s1a2b3c4d5e6f7g8h9i0jk", "Ada", text, 1_795_430_400_123L));
    private long seq;

    /** Prefix and suffix, joined around the seq (the accept script's job, done here in Java for comparison). */
    @Benchmark
    public String prefixSeqSuffix() {
        return MessageJson.prefix(conversationId) + (++seq)
                + MessageJson.suffix("c-0a1b2c3d", "visitor", "s1a2b3c4d5e6f7g8h9i0jk", "Ada", text,
                1_795_430_400_123L);
    }

    /**
     * The same string with a hand-written JSON string escaper instead of one Jackson {@code writeValueAsString}
     * per field: what replacing {@code MessageJson.quote} would gain (the output is identical for these inputs).
     */
    @Benchmark
    public String prefixSeqSuffixHandEscaped() {
        StringBuilder sb = new StringBuilder(256).append("{\"type\":\"message\",\"conversationId\":");
        quote(sb, conversationId).append(",\"seq\":").append(++seq).append(",\"clientMsgId\":");
        quote(sb, "c-0a1b2c3d").append(",\"from\":");
        quote(sb, "visitor").append(",\"senderId\":");
        quote(sb, "s1a2b3c4d5e6f7g8h9i0jk").append(",\"senderName\":");
        quote(sb, "Ada").append(",\"text\":");
        return quote(sb, text).append(",\"ts\":").append(1_795_430_400_123L).append('}').toString();
    }

    static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"');
    }

    @Benchmark
    public long tsOf() {
        return MessageJson.tsOf(json);
    }

    @Benchmark
    public ChatMessage parse() {
        return MessageJson.parse(json);
    }
}
