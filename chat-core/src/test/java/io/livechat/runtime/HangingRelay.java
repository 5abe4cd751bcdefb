package io.livechat.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 (ephemeral port) in front of a local server that can stop answering: after
 * {@link #hang()} what clients send on their open connections is swallowed, so the server never replies and
 * nothing tells the client, as with a Redis stuck in a long command or behind a path that drops packets.
 */
final class HangingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Client sockets whose requests are swallowed; connections opened later relay normally. */
    private final Set<Socket> hung = ConcurrentHashMap.newKeySet();

    HangingRelay(int target) throws IOException {
        this.target = target;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("relay-accept", this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The server goes silent on every open connection. */
    void hang() {
        for (Socket s : sockets) {
            hung.add(s);
        }
    }

    /**
     * Ends the hang as a client would notice it: the silent connections are reset (their replies never come),
     * and the client's reconnection is relayed normally.
     */
    void recover() {
        for (Socket s : hung) {
            reset(s);
        }
        hung.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                daemon("relay-up", () -> pump(client, upstream, true));
                daemon("relay-down", () -> pump(upstream, client, false));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection drop
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        byte[] buf = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (!(request && hung.contains(from))) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side closed: close the other below
        }
        reset(from);
        reset(to);
    }

    private void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.remove(s);
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(this::reset);
    }
}
