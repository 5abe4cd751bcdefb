package io.livechat.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.report.Percentiles;
import io.livechat.load.report.ResultFiles;
import io.livechat.load.report.Series;
import io.livechat.load.report.SvgChart;
import io.livechat.protocol.Json;
import io.livechat.server.store.BatchInserter;
import io.livechat.server.store.Database;
import io.livechat.server.store.DatabaseConfig;
import io.livechat.server.store.TranscriptEntry;
import io.livechat.server.store.TranscriptStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Transcripts on their own: rows per second that {@link TranscriptStore} commits into an embedded PostgreSQL (a
 * child process, {@code synchronous_commit=on} as in production) with each {@link BatchInserter} strategy at each
 * batch size, one writer thread like the server's; checks every row landed once and that a retried batch adds none.
 */
@Command(name = "transcripts", mixinStandardHelpOptions = true,
        description = "Transcript rows/s into PostgreSQL per batching strategy and batch size (no chat server).")
public final class TranscriptsScenario implements Callable<Integer> {

    /** The strategies compared; the names are the ones printed and written to the JSON. */
    enum Strategy {
        VALUES(BatchInserter::multiRowValues), JDBC(BatchInserter::jdbcBatch), COPY(BatchInserter::copy);

        final Supplier<BatchInserter> factory;

        Strategy(Supplier<BatchInserter> factory) {
            this.factory = factory;
        }
    }

    @Option(names = "--strategies", split = ",", description = "values, jdbc, copy (default: ${DEFAULT-VALUE})")
    List<Strategy> strategies = List.of(Strategy.VALUES, Strategy.JDBC, Strategy.COPY);

    @Option(names = "--batch-sizes", split = ",", description = "rows per transaction (default: ${DEFAULT-VALUE})")
    List<Integer> batchSizes = List.of(100, 500, 2000);

    @Option(names = "--rows", description = "rows written per strategy and batch size (default: ${DEFAULT-VALUE})")
    int rows = 100_000;

    @Option(names = "--conversations", description = "conversations the rows are spread over (default: ${DEFAULT-VALUE})")
    int conversations = 1000;

    @Option(names = "--text-bytes", description = "message text length (default: ${DEFAULT-VALUE})")
    int textBytes = 60;

    @Option(names = "--warmup-rows", description = "unmeasured rows per strategy first, for the JIT (default: ${DEFAULT-VALUE})")
    int warmupRows = 20_000;

    @Option(names = "--repeats", description = "rounds over every strategy and batch size, the strategies' order rotated each "
            + "round; the median round is reported (default: ${DEFAULT-VALUE})")
    int repeats = 3;

    @Option(names = "--out", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("load-tests/results");

    Path resultFile;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1 || repeats > 9 || rows < 1 || rows > 5_000_000 || conversations < 1 || warmupRows < 0 || warmupRows > 1_000_000
                || batchSizes.stream().anyMatch(b -> b < 1 || b > 20_000)) {
            throw new IllegalArgumentException("bounded runs only: 1..5M rows, batches of 1..20000");
        }
        Path dataDir = Files.createTempDirectory("livechat-transcripts");
        try (Database db = new Database(new DatabaseConfig("", "", "", dataDir, 0, 2)).start()) {
            return run(db);
        } finally {
            io.livechat.load.target.SubprocessServer.deleteQuietly(dataDir);
        }
    }

    private int run(Database db) throws Exception {
        // what COPY's text format must escape, and non-ASCII, then padding: the read-back check covers them all
        String special = "tab\t nl\n cr\r bs\\ N\\N é € ";
        String text = special + "x".repeat(Math.max(0, textBytes - special.length()));
        ArrayNode runs = Json.MAPPER.createArrayNode();
        Map<Strategy, Timed> inserters = new EnumMap<>(Strategy.class);
        Map<Strategy, TranscriptStore> stores = new EnumMap<>(Strategy.class);
        for (Strategy s : strategies) {
            Timed inserter = new Timed(s.factory.get());
            inserters.put(s, inserter);
            stores.put(s, new TranscriptStore(db.dataSource(), inserter));
            if (warmupRows > 0) {
                clear(db);
                write(stores.get(s), warmupRows, Math.min(500, warmupRows), text);
            }
        }
        boolean ok = true;
        Map<String, List<ObjectNode>> byConfig = new LinkedHashMap<>();
        for (int round = 0; round < repeats; round++) {
            for (int batch : batchSizes) {
                for (int k = 0; k < strategies.size(); k++) {
                    // rotated, so that no strategy always runs right after another's checkpoint-heavy writes
                    Strategy s = strategies.get((k + round) % strategies.size());
                    ObjectNode r = measure(db, stores.get(s), inserters.get(s), s, batch, text);
                    r.put("round", round + 1);
                    runs.add(r);
                    byConfig.computeIfAbsent(s.name() + "/" + batch, x -> new ArrayList<>()).add(r);
                    ok &= r.get("ok").asBoolean();
                }
            }
        }
        ArrayNode medians = Json.MAPPER.createArrayNode();
        List<Series> series = new ArrayList<>();
        for (Strategy s : strategies) {
            Series line = new Series(s.name().toLowerCase() + " rows/s (median)", color(s));
            series.add(line);
            for (int batch : batchSizes) {
                ObjectNode m = median(byConfig.get(s.name() + "/" + batch));
                medians.add(m);
                line.add(batch, m.get("rowsPerSecond").asDouble());
            }
        }
        ObjectNode result = Json.object().put("scenario", "transcripts").put("rows", rows)
                .put("conversations", conversations).put("textBytes", textBytes).put("writerThreads", 1)
                .put("synchronousCommit", "on");
        result.put("repeats", repeats);
        result.set("medians", medians);
        result.set("runs", runs);
        ObjectNode best = best(medians);
        result.set("fastest", best);
        resultFile = ResultFiles.write(out, "transcripts", result, List.of(SvgChart.render(
                "Transcripts: rows/s committed by batch size", "rows per batch", "rows/s", false, series)));
        System.out.println();
        for (var m : medians) {
            System.out.printf("median of %d: %-6s batch %5d: %,9.0f rows/s (message insert alone %,9.0f rows/s)%n",
                    repeats, m.get("strategy").asText(), m.get("batchSize").asInt(),
                    m.get("rowsPerSecond").asDouble(), m.get("rowsPerSecondInsertOnly").asDouble());
        }
        System.out.printf("fastest (median): %s at %d rows per batch, %,.0f rows/s%n  results: %s%n",
                best.get("strategy").asText(), best.get("batchSize").asInt(), best.get("rowsPerSecond").asDouble(),
                resultFile);
        return ok ? 0 : 1;
    }

    private ObjectNode measure(Database db, TranscriptStore store, Timed inserter, Strategy s, int batch,
                               String text) throws SQLException {
        clear(db);
        inserter.nanos = 0;
        long t0 = System.nanoTime();
        long inserted = write(store, rows, batch, text);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double insertSeconds = inserter.nanos / 1e9;
        long stored = count(db, "select count(*) from messages");
        // a retried batch (the writer's recovery path) must add nothing
        int again = store.write(entries(0, Math.min(batch, rows), text));
        long storedAfter = count(db, "select count(*) from messages");
        long convs = count(db, "select count(*) from conversations");
        boolean textIntact = text.equals(firstBody(db));
        // the JDBC batch reports SUCCESS_NO_INFO per row once rewritten, so its retry count cannot tell duplicates
        boolean ok = (inserted == rows || s == Strategy.JDBC) && stored == rows
                && (again == 0 || s == Strategy.JDBC) && storedAfter == rows
                && convs == Math.min(conversations, rows) && textIntact;
        ObjectNode r = Json.object().put("strategy", s.name().toLowerCase()).put("batchSize", batch)
                .put("rows", rows).put("seconds", Percentiles.round(seconds))
                .put("rowsPerSecond", Math.round(rows / seconds)).put("transactions", (rows + batch - 1) / batch)
                .put("insertSeconds", Percentiles.round(insertSeconds))
                .put("rowsPerSecondInsertOnly", Math.round(rows / insertSeconds))
                .put("insertedReported", inserted).put("rowsStored", stored).put("insertedOnRetry", again)
                .put("conversationsStored", convs).put("textIntact", textIntact).put("ok", ok);
        System.out.printf("%-6s batch %5d: %,9.0f rows/s (%,d rows in %.2f s; the message insert alone %,.0f rows/s); "
                        + "stored %,d, retry added %d -> %s%n", s.name().toLowerCase(), batch, rows / seconds, rows,
                seconds, rows / insertSeconds, stored, again, ok ? "ok" : "FAILED");
        return r;
    }

    /** Writes rows {@code 0..n-1} in batches of {@code batch}; returns the rows the store reported inserted. */
    private long write(TranscriptStore store, int n, int batch, String text) throws SQLException {
        long inserted = 0;
        for (int from = 0; from < n; from += batch) {
            inserted += store.write(entries(from, Math.min(n, from + batch), text));
        }
        return inserted;
    }

    /** Rows {@code from..to-1}: consecutive rows belong to different conversations, as under real chat load. */
    List<TranscriptEntry> entries(int from, int to, String text) {
        List<TranscriptEntry> list = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            int c = i % conversations;
            long seq = i / conversations + 1;
            String conv = String.format("conv-%017d", c);
            boolean agent = seq % 2 == 0;
            list.add(new TranscriptEntry("0-" + i, conv, seq, "m" + i, agent ? "agent" : "visitor",
                    agent ? "1" : conv, agent ? "Demo Agent" : "Visitor", text, 1_795_430_400_000L + i, "demo",
                    "sid-" + c, agent ? 1L : null));
        }
        return list;
    }

    /** Empties the tables and checkpoints, so that each run starts from the same state and owes no old WAL. */
    private static void clear(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate messages, conversations");
            s.execute("checkpoint");
        }
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String firstBody(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select body from messages limit 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The run with the median rows/s (the lower middle one for an even count), marked with the spread. */
    private static ObjectNode median(List<ObjectNode> runs) {
        List<ObjectNode> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingLong(r -> r.get("rowsPerSecond").asLong()));
        ObjectNode m = sorted.get((sorted.size() - 1) / 2).deepCopy();
        m.put("minRowsPerSecond", sorted.get(0).get("rowsPerSecond").asLong())
                .put("maxRowsPerSecond", sorted.get(sorted.size() - 1).get("rowsPerSecond").asLong());
        return m;
    }

    private static ObjectNode best(ArrayNode runs) {
        ObjectNode best = null;
        for (var n : runs) {
            if (best == null || n.get("rowsPerSecond").asLong() > best.get("rowsPerSecond").asLong()) {
                best = (ObjectNode) n;
            }
        }
        return best == null ? Json.object() : best.deepCopy();
    }

    /**
     * Measures the time spent in the strategy itself, apart from the conversations upsert and the commit that
     * {@link TranscriptStore} wraps around it; called on the scenario's one writer thread.
     */
    static final class Timed implements BatchInserter {
        private final BatchInserter inner;
        long nanos;

        Timed(BatchInserter inner) {
            this.inner = inner;
        }

        @Override
        public int insert(Connection connection, List<TranscriptEntry> entries) throws SQLException {
            long t0 = System.nanoTime();
            try {
                return inner.insert(connection, entries);
            } finally {
                nanos += System.nanoTime() - t0;
            }
        }
    }

    private static String color(Strategy s) {
        return switch (s) {
            case VALUES -> "#1f77b4";
            case JDBC -> "#ff7f0e";
            case COPY -> "#2ca02c";
        };
    }
}
