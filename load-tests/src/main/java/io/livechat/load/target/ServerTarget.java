package io.livechat.load.target;

import java.io.IOException;
import java.net.ServerSocket;

/** The chat server under test: where its two listeners are, which process to measure, and how to stop it. */
public interface ServerTarget extends AutoCloseable {

    String host();

    /** The visitor gateway's port. */
    int gatewayPort();

    /** The agent server's port. */
    int serverPort();

    /** The embedded PostgreSQL's port (for creating load-test agent accounts). */
    int postgresPort();

    /** The process whose CPU and memory are the server's (the first one when there are several). */
    long pid();

    /** Every visitor gateway's port; visitors are spread over them in turn. */
    default java.util.List<Integer> gatewayPorts() {
        return java.util.List.of(gatewayPort());
    }

    /** The processes holding visitor connections (what Hold measures): the gateways, or the one all-in-one process. */
    default java.util.List<Long> gatewayPids() {
        return java.util.List.of(pid());
    }

    /** Every server process (gateways and agent server); their CPU is summed. */
    default java.util.List<Long> pids() {
        return java.util.List.of(pid());
    }

    /** CPU seconds used so far by the Redis and the PostgreSQL the server relies on (reported apart). */
    default InfraCpu infraCpu() {
        return InfraCpu.measure(dataDir());
    }

    /** Where the server keeps its embedded PostgreSQL (and Redis); null when not known. */
    default java.nio.file.Path dataDir() {
        return null;
    }

    /** The Redis the server uses, {@code redis://host:port}. */
    String redisUrl();

    /** {@code single} (one process, both roles) or {@code cross-node} (separate processes). */
    default String topology() {
        return "single";
    }

    /** Whether the generator runs in the same process (then CPU and memory figures include the generator). */
    boolean inProcess();

    /** Asks the server's JVM for a full GC so that heap and RSS readings are comparable; best effort. */
    void gc();

    @Override
    void close();

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
