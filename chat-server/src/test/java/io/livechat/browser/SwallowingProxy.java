package io.livechat.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on {@code 127.0.0.1:port} in front of a local port that passes plain requests through but
 * swallows every WebSocket upgrade: it accepts the connection, reads the handshake and never answers, as some
 * corporate proxies do.
 */
final class SwallowingProxy implements AutoCloseable {

    private final ServerSocket server = new ServerSocket();
    private final int target;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** How many upgrades were swallowed. */
    final AtomicInteger swallowed = new AtomicInteger();

    SwallowingProxy(int port, int target) throws IOException {
        this.target = target;
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        threads.execute(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try {
            byte[] head = readHead(client.getInputStream());
            if (new String(head, StandardCharsets.ISO_8859_1).toLowerCase().contains("\nupgrade: websocket")) {
                swallowed.incrementAndGet();
                return; // the connection stays open and unanswered until close()
            }
            Socket upstream = new Socket("127.0.0.1", target);
            sockets.add(upstream);
            upstream.getOutputStream().write(head);
            threads.execute(() -> pipe(upstream, client));
            pipe(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** The request line and headers, up to and including the blank line, read byte by byte (no body). */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4 && head.size() < 65536) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the head");
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        return head.toByteArray();
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(SwallowingProxy::closeQuietly);
        threads.shutdownNow();
    }
}
