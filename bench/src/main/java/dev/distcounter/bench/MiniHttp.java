package dev.distcounter.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal HTTP/1.1 client over one keep-alive socket with TCP_NODELAY, for the measurement
 * tools: a {@code GET} costs one write and the reads of one response, nothing else, so a poll's
 * round trip (the resolution of the convergence figures) is as short as the server allows. Not
 * thread-safe: one instance per thread. Understands Content-Length bodies only (all the node and
 * the JDK HttpServer send for these paths). Also POSTs JSON, for the keyspace's loader
 * ({@link KvLoad}).
 */
final class MiniHttp implements AutoCloseable {
    private static final Pattern VERSION = Pattern.compile("\\(version (\\d+)\\)");
    private static final byte[] EMPTY = new byte[0];
    private static final Pattern VALUE = Pattern.compile("(?:Counter: |to )(-?\\d+) \\(version");

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] line = new byte[8192];

    MiniHttp(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    int port() {
        return port;
    }

    /** A response: status and body text. */
    record Response(int status, String body) {
        /** The version in a node's reply ("... (version V)"), or -1. */
        long version() {
            Matcher m = VERSION.matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }

        /** The value in a node's reply ("Counter: X (version V)" or "... to X (version V)"), or null. */
        Long value() {
            Matcher m = VALUE.matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : null;
        }
    }

    /** GET path on the kept-alive connection; reconnects once if the kept connection was closed. */
    Response get(String path) throws IOException {
        return get(path, "");
    }

    /** As {@link #get(String)}, asking for the JSON form: what only it has, such as a state's digest. */
    Response getJson(String path) throws IOException {
        return get(path, "Accept: application/json\r\n");
    }

    private Response get(String path, String headers) throws IOException {
        boolean fresh = socket == null;
        try {
            return exchange(path, headers);
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            return exchange(path, headers);
        }
    }

    private Response exchange(String path, String headers) throws IOException {
        send("GET", path, headers, EMPTY);
        return read();
    }

    /**
     * POST {@code body} (JSON) to path on the kept-alive connection and read the answer. Never
     * sent twice: a write must not be repeated behind its client's back, so a dropped connection
     * is the caller's to handle (the next call reconnects).
     */
    Response postJson(String path, byte[] body) throws IOException {
        try {
            send("POST", path, "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n", body);
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Sends a GET without waiting for its answer (read it with {@link #read()}): how a tool
     * leaves a waiting read ({@code /counter?atLeast=V}) open while it does something else.
     */
    void send(String path) throws IOException {
        send("GET", path, "", EMPTY);
    }

    /** {@code headers}: whole header lines, each ending in CRLF. */
    private void send(String method, String path, String headers, byte[] body) throws IOException {
        if (socket == null) {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            socket = s;
            in = new BufferedInputStream(s.getInputStream(), 8192);
            out = s.getOutputStream();
        }
        out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Reads the answer to the request {@link #send} sent last. */
    Response read() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.")) {
            throw new IOException("bad status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new IOException("chunked responses are not supported");
            }
        }
        byte[] body = length > 0 ? in.readNBytes(length) : new byte[0];
        if (length > 0 && body.length < length) {
            throw new EOFException("connection closed in the body");
        }
        if (close || length < 0) {
            close();
        }
        return new Response(code, new String(body, StandardCharsets.UTF_8));
    }

    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                break;
            }
            if (n < line.length) {
                line[n++] = (byte) b;
            }
        }
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
