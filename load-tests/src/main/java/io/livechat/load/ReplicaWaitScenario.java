package io.livechat.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.config.ChatConfig;
import io.livechat.load.report.Percentiles;
import io.livechat.load.report.ResultFiles;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.Json;
import io.livechat.store.ConversationStore;
import io.livechat.store.NewMessage;
import io.livechat.store.redis.RedisBackend;
import io.livechat.store.redis.RedisStores;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What {@code CHAT_REDIS_WAIT_REPLICAS} costs: accepted messages per second and acceptance latency through the
 * conversation store, against a real redis-server master with one replica (Debian's {@code /usr/bin/redis-server},
 * two child processes on loopback), without and with waiting for the replica. No chat server: the store alone.
 */
@Command(name = "replica-wait", mixinStandardHelpOptions = true,
        description = "Accepts/s and latency with and without WAIT for a replica (store only, master + replica).")
public final class ReplicaWaitScenario implements Callable<Integer> {

    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

    @Option(names = "--messages", description = "accepted messages per setting and round (default: ${DEFAULT-VALUE})")
    int messages = 50_000;

    @Option(names = "--concurrency", description = "accepts in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency = 64;

    @Option(names = "--conversations", description = "conversations the messages are spread over (default: ${DEFAULT-VALUE})")
    int conversations = 1000;

    @Option(names = "--rounds", description = "rounds over both settings, alternating (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--warmup-messages", description = "unmeasured messages per setting first, for the JIT "
            + "(default: ${DEFAULT-VALUE})")
    int warmupMessages = 20_000;

    @Option(names = "--out", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("load-tests/results");

    @Override
    public Integer call() throws Exception {
        if (!Files.isExecutable(REDIS_SERVER)) {
            throw new IllegalStateException(REDIS_SERVER + " is missing: apt-get install redis-server");
        }
        Path dir = Files.createTempDirectory("replica-wait");
        int masterPort = freePort();
        int replicaPort = freePort();
        Process master = redis(dir.resolve("master"), masterPort);
        Process replica = redis(dir.resolve("replica"), replicaPort, "--replicaof", "127.0.0.1",
                String.valueOf(masterPort));
        try (RedisBackend backend = RedisBackend.connect("redis://127.0.0.1:" + masterPort, "")) {
            awaitReplicaLinked(backend);
            for (int replicas : List.of(0, 1)) {
                run(backend, replicas, 0, warmupMessages);
            }
            ArrayNode runs = Json.MAPPER.createArrayNode();
            for (int round = 1; round <= rounds; round++) {
                for (int replicas : round % 2 == 1 ? List.of(0, 1) : List.of(1, 0)) {
                    runs.add(run(backend, replicas, round, messages));
                }
            }
            ObjectNode result = Json.object().put("messages", messages).put("concurrency", concurrency)
                    .put("conversations", conversations);
            result.set("runs", runs);
            Path file = ResultFiles.write(out, "replica-wait", result, List.of());
            System.out.printf("results: %s%n", file);
        } finally {
            master.destroyForcibly();
            replica.destroyForcibly();
        }
        return 0;
    }

    /** One measured pass (round 0: the warm-up, printed but not kept). */
    private ObjectNode run(RedisBackend backend, int replicas, int round, int messages) throws Exception {
        ChatConfig config = ChatConfig.of(Map.of("CHAT_REDIS_WAIT_REPLICAS", String.valueOf(replicas),
                "CHAT_REDIS_WAIT_TIMEOUT_MS", "1000"));
        ChatMetrics metrics = new ChatMetrics();
        ConversationStore store = RedisStores.create(backend, config, metrics).conversations();
        String prefix = "r" + round + "w" + replicas + "-";
        List<CompletableFuture<?>> created = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            created.add(store.create(prefix + c, "demo", "visitor-" + c, System.currentTimeMillis()));
        }
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        Histogram latency = new Histogram(3_600_000_000L, 3);
        Semaphore inFlight = new Semaphore(concurrency);
        long t0 = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            inFlight.acquire();
            long start = System.nanoTime();
            store.accept(new NewMessage(prefix + (i % conversations), "m" + i, ChatMessage.FROM_VISITOR,
                    "visitor", "Ada", "message number " + i + " of the replica-wait benchmark", ""))
                    .whenComplete((a, error) -> {
                        synchronized (latency) {
                            latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(concurrency);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = messages / seconds;
        double shortWaits = metrics.registry().find("chat.redis.errors").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        System.out.printf("round %d  WAIT %d replica(s): %,.0f accepts/s  %s  short waits %.0f%n", round, replicas,
                rate, Percentiles.line(latency), shortWaits);
        ObjectNode r = Json.object().put("round", round).put("waitReplicas", replicas)
                .put("acceptsPerSecond", Math.round(rate)).put("shortWaits", shortWaits);
        r.set("latency", Percentiles.json(latency));
        return r;
    }

    private static void awaitReplicaLinked(RedisBackend backend) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String info = backend.async().info("replication").get(5, TimeUnit.SECONDS);
            if (info.contains("connected_slaves:1") && info.contains("state=online")) {
                return;
            }
            Thread.sleep(100); // a benchmark's set-up, not a test: polling a child process until it is ready
        }
        throw new IllegalStateException("the replica did not link to the master within 30 s");
    }

    private static Process redis(Path dir, int port, String... extra) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(REDIS_SERVER.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--repl-diskless-sync-delay", "0"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile())
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
