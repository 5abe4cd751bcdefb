package io.livechat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redis gave seqs that PostgreSQL already holds to other messages (a failover to a replica that lacked the latest
 * writes): against a real PostgreSQL, with every insert strategy, no such message is skipped, each is stored once
 * after the highest seq in acceptance order, a retried batch changes nothing, and the relocation is reported.
 */
class SeqCollisionsIT {

    @TempDir
    static Path dir;
    static Database db;

    @BeforeAll
    static void startDatabase() {
        db = StoreTestSupport.startDatabase(dir);
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    @BeforeEach
    void cleanSlate() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate messages, conversations");
        }
    }

    static Stream<BatchInserter> inserters() {
        return Stream.of(BatchInserter.multiRowValues(), BatchInserter.jdbcBatch(), BatchInserter.copy());
    }

    private static TranscriptEntry entry(String conv, long seq, String clientMsgId) {
        return new TranscriptEntry("0-" + seq, conv, seq, clientMsgId, "visitor", "sid-" + conv, "Ada",
                "text " + clientMsgId, 1_700_000_000_000L + seq, "demo", "sid-" + conv, null);
    }

    @ParameterizedTest
    @MethodSource("inserters")
    void messagesGivenATakenSeqAreStoredAfterTheHighestInOrderAndReported(BatchInserter inserter) throws Exception {
        List<SeqCollisions.Relocated> reported = new ArrayList<>();
        TranscriptStore store = new TranscriptStore(db.dataSource(), inserter, reported::add);
        assertEquals(4, store.write(List.of(entry("conv-1", 1, "a"), entry("conv-1", 2, "b"),
                entry("conv-1", 3, "c"), entry("conv-2", 1, "p"))));
        assertTrue(reported.isEmpty(), "nothing collided yet: " + reported);

        // the promoted replica had seq 1: it gave 2 and 3 again, then 4; conv-2 goes on normally in the same batch
        List<TranscriptEntry> afterFailover = List.of(entry("conv-1", 2, "x"), entry("conv-1", 3, "y"),
                entry("conv-1", 4, "z"), entry("conv-2", 2, "q"));
        int inserted = store.write(afterFailover);
        if (inserter.countsExactly()) {
            assertEquals(4, inserted, "x, y and z are new rows, and q");
        }

        assertEquals(List.of("1 a", "2 b", "3 c", "4 x", "5 y", "6 z"), rows("conv-1"));
        assertEquals(List.of("1 p", "2 q"), rows("conv-2"));
        assertEquals(6, lastSeq("conv-1"));
        assertEquals(List.of(new SeqCollisions.Relocated("conv-1", 4, 6, 3, 2)), reported);

        reported.clear();
        inserted = store.write(afterFailover);
        if (inserter.countsExactly()) {
            assertEquals(0, inserted, "the batch retried (its ack was lost) adds nothing");
        }
        assertEquals(List.of("1 a", "2 b", "3 c", "4 x", "5 y", "6 z"), rows("conv-1"));
        assertTrue(reported.isEmpty(), "a retry is no collision: " + reported);
    }

    @ParameterizedTest
    @MethodSource("inserters")
    void collisionsSpreadOverSeveralBatchesKeepTheAcceptanceOrder(BatchInserter inserter) throws Exception {
        List<SeqCollisions.Relocated> reported = new ArrayList<>();
        TranscriptStore store = new TranscriptStore(db.dataSource(), inserter, reported::add);
        store.write(List.of(entry("conv-1", 1, "a"), entry("conv-1", 2, "b"), entry("conv-1", 3, "c")));
        store.write(List.of(entry("conv-1", 2, "x")));
        store.write(List.of(entry("conv-1", 3, "y"), entry("conv-1", 4, "z")));
        store.write(List.of(entry("conv-1", 5, "w")));
        assertEquals(List.of("1 a", "2 b", "3 c", "4 x", "5 y", "6 z", "7 w"), rows("conv-1"));
        assertEquals(7, lastSeq("conv-1"));
        assertEquals(List.of(2L, 4L, 5L), reported.stream().map(SeqCollisions.Relocated::redisSeq).toList());
    }

    private static List<String> rows(String conv) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select seq, client_msg_id from messages where conversation_id = '"
                     + conv + "' order by seq")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }

    private static long lastSeq(String conv) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select last_seq from conversations where conversation_id = '" + conv
                     + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
