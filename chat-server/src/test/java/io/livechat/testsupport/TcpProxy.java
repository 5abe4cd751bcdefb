package io.livechat.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small TCP proxy on loopback in front of a Redis, for fault tests: it forwards every connection, recognises the
 * ones that subscribe (their client sends {@code SUBSCRIBE}/{@code SSUBSCRIBE}), and can make those go silent (the
 * connection stays open, nothing more is forwarded either way, as behind a stalled network path or middlebox) or
 * cut them. New connections are forwarded normally throughout.
 */
public final class TcpProxy implements AutoCloseable {

    private static final byte[] SUBSCRIBE = "SUBSCRIBE".getBytes(StandardCharsets.US_ASCII);

    private final int targetPort;
    private final ServerSocket server;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** {@code redis://127.0.0.1:<port>} of the proxy. */
    public String redisUrl() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** Subscribing connections open now. */
    public long subscribers() {
        return links.stream().filter(l -> l.subscriber && !l.done).count();
    }

    /** Makes every subscribing connection silent: open, forwarding nothing. */
    public void stallSubscribers() {
        links.stream().filter(l -> l.subscriber).forEach(l -> l.stalled = true);
    }

    /** Closes every subscribing connection on both sides. */
    public void cutSubscribers() {
        links.stream().filter(l -> l.subscriber).forEach(Link::close);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Link link = new Link(client, upstream);
                links.add(link);
                pump(link, client.getInputStream(), upstream.getOutputStream(), true);
                pump(link, upstream.getInputStream(), client.getOutputStream(), false);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Link link, InputStream in, OutputStream out, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (fromClient && !link.subscriber && contains(buf, n, SUBSCRIBE)) {
                        link.subscriber = true;
                    }
                    link.awaitFlowing(); // a stalled link holds what it read, for as long as it lives
                    if (link.done) {
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side closed or the link was cut
            } finally {
                link.close();
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static boolean contains(byte[] buf, int n, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= n; i++) {
            for (int j = 0; j < what.length; j++) {
                if (buf[i + j] != what[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        links.forEach(Link::close);
    }

    /** One proxied connection. */
    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean subscriber;
        volatile boolean stalled;
        volatile boolean done;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        synchronized void awaitFlowing() throws InterruptedException {
            while (stalled && !done) {
                wait();
            }
        }

        void close() {
            synchronized (this) {
                done = true;
                notifyAll();
            }
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
            try {
                upstream.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
