package io.livechat.load.jmh;

import io.livechat.server.store.BatchInserter;
import io.livechat.server.store.Database;
import io.livechat.server.store.DatabaseConfig;
import io.livechat.server.store.TranscriptEntry;
import io.livechat.server.store.TranscriptStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One transcript batch of {@value #BATCH} new rows committed through {@link TranscriptStore} with each strategy
 * into an embedded PostgreSQL ({@code synchronous_commit=on}); the score is rows per second (one operation is
 * one row). The {@code transcripts} scenario measures the same over batch sizes and checks the stored rows.
 */
@State(Scope.Benchmark)
public class BatchInserterBenchmark {

    static final int BATCH = 500;
    private static final int CONVERSATIONS = 1000;

    @Param({"values", "jdbc", "copy"})
    public String strategy;

    private Path dataDir;
    private Database db;
    private TranscriptStore store;
    private long next;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dataDir = Files.createTempDirectory("livechat-jmh");
        db = new Database(new DatabaseConfig("", "", "", dataDir, 0, 2)).start();
        BatchInserter inserter = switch (strategy) {
            case "values" -> BatchInserter.multiRowValues();
            case "jdbc" -> BatchInserter.jdbcBatch();
            case "copy" -> BatchInserter.copy();
            default -> throw new IllegalArgumentException(strategy);
        };
        store = new TranscriptStore(db.dataSource(), inserter);
    }

    @TearDown(Level.Trial)
    public void stop() {
        db.close();
        io.livechat.load.target.SubprocessServer.deleteQuietly(dataDir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int writeBatch() throws SQLException {
        List<TranscriptEntry> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            long n = next++;
            String conv = String.format("conv-%017d", n % CONVERSATIONS);
            batch.add(new TranscriptEntry("0-" + n, conv, n / CONVERSATIONS + 1, "m" + n, "visitor", conv, "Ada",
                    "Hello, I have a question about my order", 1_795_430_400_000L + n, "demo", conv, null));
        }
        return store.write(batch);
    }
}
