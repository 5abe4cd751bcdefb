package io.livechat.it;

import io.livechat.testsupport.Http;
import io.livechat.testsupport.RawRedis;
import io.livechat.testsupport.TestCluster;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the privacy tests look at directly: the rows and keys a conversation leaves, and the privacy calls. */
final class PrivacyChecks {

    static final String ADMIN_TOKEN = "privacy-admin-token-0123456789";
    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + ADMIN_TOKEN);

    private PrivacyChecks() {
    }

    static Http.Reply export(String serverBase, String sid, Map<String, String> headers) {
        return Http.get(serverBase + "/api/visitors/" + sid + "/export", headers);
    }

    static Http.Reply erase(String serverBase, String sid, Map<String, String> headers) {
        return Http.delete(serverBase + "/api/visitors/" + sid, headers);
    }

    /** Rows of the conversation in PostgreSQL: its messages plus its conversation row. */
    static long storedRows(TestCluster cluster, String conv) throws SQLException {
        return cluster.sqlLong("select count(*) from messages where conversation_id = '" + conv + "'")
                + cluster.sqlLong("select count(*) from conversations where conversation_id = '" + conv + "'");
    }

    /**
     * Everything Redis holds that names the conversation or the visitor: keys, the visitor's session, assignment
     * and queue entries, and transcript hand-off entries.
     */
    static List<String> redisTraces(TestCluster cluster, String conv, String sid) {
        List<String> out = new ArrayList<>();
        try (RawRedis raw = cluster.rawRedis()) {
            var redis = raw.sync();
            out.addAll(redis.keys("*" + conv + "*"));
            out.addAll(redis.keys("*" + sid + "*"));
            if (redis.hexists("chat:{agents}:assignee", conv)) {
                out.add("assignee");
            }
            if (redis.zscore("chat:{agents}:queue", conv) != null) {
                out.add("queue");
            }
            redis.zrange("chat:{agents}:assigned", 0, -1).stream().filter(m -> m.endsWith(":" + conv))
                    .forEach(out::add);
            for (String stream : redis.keys("chat:*transcripts")) {
                redis.xrange(stream, io.lettuce.core.Range.create("-", "+")).stream()
                        .filter(m -> conv.equals(m.getBody().get("conv"))).forEach(m -> out.add(stream + "/" + m.getId()));
            }
        }
        return out;
    }
}
