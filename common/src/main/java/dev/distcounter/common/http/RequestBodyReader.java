package dev.distcounter.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads a request body of at most {@link #MAX_BODY_BYTES}. A larger one is still read and thrown
 * away, up to {@link #MAX_DISCARDED_BYTES}, before the 413: closing a socket with unread bytes
 * makes the kernel send a reset, which can destroy the 413 before the client reads it. Beyond
 * that much the client is abusive: it gets the 413 with {@code Connection: close}, and maybe the
 * reset.
 */
public final class RequestBodyReader {
    /** Largest body accepted; every request of both servers is a few dozen bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** How much of an oversized body is read and discarded before answering 413. */
    public static final int MAX_DISCARDED_BYTES = 1024 * 1024;

    private RequestBodyReader() {}

    /**
     * The whole body.
     *
     * @throws RequestRefusedException 413 when it is larger than {@link #MAX_BODY_BYTES}
     * @throws IOException             the client hung up or stalled
     */
    public static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) != -1) {
            total += n;
            if (total <= MAX_BODY_BYTES) {
                kept.write(chunk, 0, n);
            } else if (total > MAX_DISCARDED_BYTES) {
                break;
            }
        }
        if (total > MAX_BODY_BYTES) {
            throw new RequestRefusedException(
                    413,
                    "request body larger than " + MAX_BODY_BYTES + " bytes",
                    total > MAX_DISCARDED_BYTES ? Map.of("Connection", "close") : Map.of());
        }
        return kept.toByteArray();
    }
}
