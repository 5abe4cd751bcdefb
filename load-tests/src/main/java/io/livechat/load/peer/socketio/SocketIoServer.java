package io.livechat.load.peer.socketio;

import io.livechat.load.peer.PeerServerTarget;
import io.livechat.load.target.ChildProcess;
import io.livechat.load.target.ServerTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Socket.IO peer server, {@code node --expose-gc server.js <port>}, as a child process on a free loopback
 * port: one process, one listener for visitors and agents alike, no Redis or PostgreSQL. Its stdin stays a pipe
 * to this JVM, so it exits on its own should the generator die without closing it.
 */
public final class SocketIoServer implements PeerServerTarget {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final int port = ServerTarget.freePort();
    /** HTTP/1.1: the JDK's default h2c upgrade attempt would be taken as a WebSocket upgrade by Node and dropped. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** Installs the fixture's packages when missing, starts it and waits until {@code /healthz} answers. */
    public SocketIoServer(Path work) throws IOException, InterruptedException {
        Path dir = NodeFixture.locate("socketio");
        NodeFixture.install(dir, "socket.io", work);
        log = work.resolve("socketio.log");
        process = new ProcessBuilder(List.of("node", "--expose-gc", "server.js", String.valueOf(port)))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LOG.info("Socket.IO peer pid {} starting on port {}, log in {}", process.pid(), port, log);
        try {
            awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        ChildProcess.awaitReady(process, START_TIMEOUT, "Socket.IO peer", log, () -> get("/healthz") == 200);
    }

    private int get(String path) throws InterruptedException {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build();
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** A full V8 collection ({@code global.gc()} behind {@code GET /gc}), as {@code jcmd GC.run} for ours. */
    @Override
    public void gc() {
        try {
            get("/gc");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ChildProcess.stop(process, 10);
    }
}
