package io.livechat.load.peer.cometd;

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
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CometdChatServer} as a child JVM on a free loopback port, measured on its own like our server; killed on
 * {@link #close} (SIGTERM, then SIGKILL after a timeout) and, should the generator die first, by a shutdown hook.
 */
final class CometdProcess implements PeerServerTarget {

    private static final Logger LOG = LoggerFactory.getLogger(CometdProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String HOST = "127.0.0.1";

    private final Process process;
    private final int port = ServerTarget.freePort();
    private final Thread killer;

    /** Starts the server with {@code classpath} and waits until it accepts a Bayeux handshake. */
    CometdProcess(String classpath, Path work, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath, CometdChatServer.class.getName(), String.valueOf(port)));
        Path log = work.resolve("cometd-server.log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        killer = new Thread(process::destroyForcibly, "cometd-server-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        LOG.info("CometD server pid {} starting on port {}, log in {}", process.pid(), port, log);
        try {
            awaitReady(log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ChildProcess.awaitReady(process, START_TIMEOUT, "CometD server", log, () -> answers(http));
    }

    /** Whether a handshake succeeds (the session it creates expires unused after CometD's maxInterval). */
    private boolean answers(HttpClient http) throws InterruptedException {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + Bayeux.PATH))
                    .timeout(Duration.ofSeconds(2)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Bayeux.handshake("1", Bayeux.LONG_POLLING))).build();
            HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
            return a.statusCode() == 200 && a.body().contains("\"successful\":true");
        } catch (IOException e) {
            return false;
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

    @Override
    public void gc() {
        ChildProcess.jcmdGc(pid());
    }

    @Override
    public void close() {
        ChildProcess.stop(process, 10);
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already; the hook kills it
        }
    }
}
