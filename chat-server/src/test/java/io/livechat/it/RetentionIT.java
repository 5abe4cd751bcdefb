package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.livechat.it.PrivacyChecks.redisTraces;
import static io.livechat.it.PrivacyChecks.storedRows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code CHAT_RETENTION_DAYS} set, conversations whose last activity is older are purged from PostgreSQL and
 * Redis by the agent tier's periodic job, and only those; a run that fails is counted and the next run does it.
 * The clock is moved by ageing {@code updated_at}.
 */
class RetentionIT extends ClusterTestBase {

    private static final Pattern PURGED =
            Pattern.compile("(?m)^chat_retention_purged_conversations_total(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern FAILED =
            Pattern.compile("(?m)^chat_timer_failures_total\\{[^}]*timer=\"retention\"[^}]*} (\\S+)$");

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of("CHAT_RETENTION_DAYS", "30", "CHAT_RETENTION_CHECK_SECONDS", "1"));
    }

    @Test
    void onlyConversationsIdleLongerThanTheRetentionPeriodArePurged() throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestVisitor old = track(TestVisitor.create(url(g), "demo"));
        TestVisitor young = track(TestVisitor.create(url(g), "demo"));
        TestVisitor almost = track(TestVisitor.create(url(g), "demo"));
        for (TestVisitor v : List.of(old, young, almost)) {
            assertEquals(200, v.send("m-1", "hello from " + v.sid).status());
            await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).equals(List.of(1L)));
        }
        age(old.conversationId, "31 days");
        age(almost.conversationId, "29 days");

        await().atMost(AWAIT).until(() -> storedRows(cluster, old.conversationId) == 0
                && redisTraces(cluster, old.conversationId, old.sid).isEmpty());
        assertTrue(metric(s, PURGED) >= 1, "purges are counted");
        assertEquals(List.of(1L), cluster.storedSeqs(young.conversationId));
        assertEquals(List.of(1L), cluster.storedSeqs(almost.conversationId));
        assertTrue(redisTraces(cluster, almost.conversationId, almost.sid).size() > 0, "its Redis state stays");
        await().atMost(AWAIT).until(() -> old.send("m-2", "anyone?").status() == 404);
        assertEquals(200, young.send("m-2", "still here").status());
    }

    @Test
    void aFailedRunIsCountedAndTheNextRunPurges() throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestVisitor v = track(TestVisitor.create(url(g), "demo"));
        assertEquals(200, v.send("m-1", "hello").status());
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).equals(List.of(1L)));
        double failedBefore = metric(s, FAILED);
        try (Connection lock = cluster.sqlConnection()) {
            // the purge cannot record what it erases: its lock timeout fails the run
            lock.setAutoCommit(false);
            lock.createStatement().execute("lock table erased_conversations in exclusive mode");
            age(v.conversationId, "31 days");
            await().atMost(AWAIT).until(() -> metric(s, FAILED) > failedBefore);
            assertEquals(2, storedRows(cluster, v.conversationId), "a failed run erased nothing");
            lock.rollback();
        }
        await().atMost(AWAIT).until(() -> storedRows(cluster, v.conversationId) == 0
                && redisTraces(cluster, v.conversationId, v.sid).isEmpty());
    }

    private static void age(String conversationId, String by) throws Exception {
        cluster.sql("update conversations set updated_at = now() - interval '" + by + "' where conversation_id = '"
                + conversationId + "'");
    }

    private static double metric(ServerNode s, Pattern p) {
        Matcher m = p.matcher(Http.get(url(s) + "/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
