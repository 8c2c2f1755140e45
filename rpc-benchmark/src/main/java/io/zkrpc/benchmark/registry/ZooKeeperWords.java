package io.zkrpc.benchmark.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ZooKeeper's own figures, from its four-letter words {@code wchs} (watch count) and {@code mntr}
 * (znodes, ephemerals, data size, connections): the server must allow both
 * ({@code 4lw.commands.whitelist}). Answers are read up to 64 KiB.
 */
final class ZooKeeperWords {

    private static final int MAX_ANSWER = 64 * 1024;
    private static final Pattern TOTAL_WATCHES = Pattern.compile("Total watches:(\\d+)");

    private final String host;
    private final int port;

    ZooKeeperWords(String connectString) {
        int colon = connectString.lastIndexOf(':');
        this.host = connectString.substring(0, colon);
        this.port = Integer.parseInt(connectString.substring(colon + 1));
    }

    /** The server's total watch count ({@code wchs}). */
    long watches() {
        String answer = ask("wchs");
        Matcher total = TOTAL_WATCHES.matcher(answer);
        if (!total.find()) {
            throw new IllegalStateException("Unexpected answer to wchs: " + answer.trim());
        }
        return Long.parseLong(total.group(1));
    }

    /** The numeric figures of {@code mntr}, by name ({@code zk_znode_count}, …). */
    Map<String, Long> monitor() {
        String answer = ask("mntr");
        Map<String, Long> figures = new HashMap<>();
        for (String line : answer.split("\n")) {
            String[] parts = line.split("\t");
            if (parts.length == 2 && parts[1].trim().matches("-?[0-9]{1,18}")) {
                figures.put(parts[0].trim(), Long.parseLong(parts[1].trim()));
            }
        }
        if (!figures.containsKey("zk_znode_count")) {
            throw new IllegalStateException("Unexpected answer to mntr: " + answer.trim());
        }
        return figures;
    }

    /** Whether the server answers {@code mntr} now (false while it is down or starting). */
    boolean serves() {
        try {
            return monitor().containsKey("zk_znode_count");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String ask(String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(MAX_ANSWER), StandardCharsets.US_ASCII);
            if (answer.contains("is not executed because it is not in the whitelist")) {
                throw new IllegalStateException("ZooKeeper at " + host + ":" + port + " does not allow " + word
                        + " (4lw.commands.whitelist): " + answer.trim());
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot ask ZooKeeper at " + host + ":" + port + " " + word, e);
        }
    }
}
