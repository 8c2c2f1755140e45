package io.zkrpc.core.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for tests that must send what no well-behaved client would: any
 * header, a lying length, a truncated or trickling body. Every request asks for
 * {@code Connection: close} and reads the answer to its end.
 */
public final class RawHttp {

    /** A status and the body that came with it. */
    public record Answer(int status, String body) {
    }

    private static final int SLICE = 16 * 1024;

    private RawHttp() {
    }

    /**
     * Sends {@code body} with {@code headers} (a {@code Content-Length} of the body's length unless
     * given), closes the sending side, and reads the answer.
     */
    public static Answer post(int port, String path, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head(path, headers, body.length));
            // In slices, stopping once the server answers: one that refuses a body early closes the connection, and a
            // client still sending then gets a reset that loses the answer.
            try {
                for (int at = 0; at < body.length && in.available() == 0; at += SLICE) {
                    out.write(body, at, Math.min(SLICE, body.length - at));
                    out.flush();
                }
                socket.shutdownOutput();
            } catch (IOException closedByTheServer) {
                // the answer may still be read
            }
            return read(in);
        }
    }

    /**
     * Sends the head, then the body one byte every {@code intervalMillis} until the server answers or
     * the body ends; then closes the sending side, as a client that got its answer does.
     */
    public static Answer trickle(int port, String path, Map<String, String> headers, byte[] body, long intervalMillis)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head(path, headers, body.length));
            out.flush();
            for (int i = 0; i < body.length && in.available() == 0; i++) {
                Thread.sleep(intervalMillis); // the slowness under test, not a wait for a condition
                try {
                    out.write(body[i]);
                    out.flush();
                } catch (IOException closedByTheServer) {
                    break;
                }
            }
            try {
                socket.shutdownOutput();
            } catch (IOException closedByTheServer) {
                // the answer may still be read
            }
            return read(in);
        }
    }

    private static byte[] head(String path, Map<String, String> headers, int length) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (headers.keySet().stream().noneMatch("Content-Length"::equalsIgnoreCase)) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (IOException resetAfterTheAnswer) {
            // A server that answered early may reset the connection while the test still sends; the answer is read already.
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ")) {
            throw new IOException("No HTTP answer: " + text.substring(0, Math.min(80, text.length())));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int bodyStart = text.indexOf("\r\n\r\n");
        String body = bodyStart < 0 ? "" : new String(all.toByteArray(), bodyStart + 4, all.size() - bodyStart - 4, StandardCharsets.UTF_8);
        return new Answer(status, body);
    }
}
