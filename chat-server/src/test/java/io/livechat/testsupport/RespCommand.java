package io.livechat.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command over a fresh loopback connection, in RESP2, for the test harness's own checks: the harness
 * watches the cluster it starts without Lettuce, so that what it reports does not depend on the client under test.
 */
final class RespCommand {

    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int READ_TIMEOUT_MS = 5000;

    private RespCommand() {
    }

    /**
     * Sends {@code args} to {@code 127.0.0.1:port} and returns the reply: a {@code String} (simple or bulk),
     * a {@code Long}, a {@code List<Object>} or {@code null}.
     *
     * @throws IOException when the node cannot be reached or answers with an error
     */
    static Object call(int port, String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()), port);
        }
    }

    /** {@link #call} for commands whose reply is text (INFO, CLUSTER INFO, CLUSTER NODES, ROLE's first element...). */
    static String text(int port, String... args) throws IOException {
        return String.valueOf(call(port, args));
    }

    private static Object read(InputStream in, int port) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("redis 127.0.0.1:" + port + " answered " + line);
            case ':':
                return Long.parseLong(line);
            case '$':
                return bulk(in, Integer.parseInt(line));
            case '*':
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in, port));
                }
                return items;
            default:
                throw new IOException("not a RESP2 reply from 127.0.0.1:" + port + ": " + (char) type + line);
        }
    }

    private static String bulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("bulk reply cut short");
        }
        line(in);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed mid-reply");
            }
            if (b != '\r') {
                buf.write(b);
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
