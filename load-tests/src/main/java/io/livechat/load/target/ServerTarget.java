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

    /** The process whose CPU and memory are the server's. */
    long pid();

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
