package dev.distcounter.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a request body of at most its route's limit: {@link #MAX_BODY_BYTES}, unless the route
 * sets another ({@link Route#withMaxBody}). A larger one is still read and thrown away, up to
 * {@link #drainLimit} bytes in all, before the 413: closing a socket with unread bytes makes the
 * kernel send a reset, which can destroy the 413 before the client reads it. Beyond that much the
 * client is abusive: it gets the 413 with {@code Connection: close}, and maybe the reset.
 *
 * <p>What bodies hold stays bounded: the first {@link #MAX_BODY_BYTES} of each are free (one body
 * per reader thread), the rest comes from the server's {@link BodyBudget} as the buffer grows. A
 * body the budget cannot take now is drained the same way and answered 503 with
 * {@code Retry-After}. A body whose length is declared gets a buffer of exactly that length.
 */
public final class RequestBodyReader {
    /** The default limit; every request of both servers but a key-value put is a few dozen bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** How much of an oversized body is read in all, and discarded, before the 413, for the default limit. */
    public static final int MAX_DISCARDED_BYTES = 1024 * 1024;

    private static final int FIRST_BUFFER = 8192;

    private RequestBodyReader() {}

    /** A body read: {@code length} bytes at the start of {@code buffer}, holding {@code taken} of the budget. */
    static final class Body {
        final byte[] buffer;
        final int length;
        final BodyBudget.Taken taken;

        private Body(byte[] buffer, int length, BodyBudget.Taken taken) {
            this.buffer = buffer;
            this.length = length;
            this.taken = taken;
        }
    }

    /**
     * How much of a body over {@code limit} is read in all before the 413: {@link
     * #MAX_DISCARDED_BYTES} for the default limit, twice the limit for a larger one, so that a
     * client that overshoots a large limit by a little still reads its 413.
     */
    static long drainLimit(int limit) {
        return Math.max(MAX_DISCARDED_BYTES, 2L * limit);
    }

    /**
     * The whole body.
     *
     * @param declared the declared length ({@code Content-Length}), or -1 when unknown (chunked)
     * @throws RequestRefusedException 413 when it is larger than {@code limit}; 503 when the budget
     *                                 cannot hold it now
     * @throws IOException             the client hung up or stalled
     */
    static Body read(InputStream in, long declared, int limit, BodyBudget budget) throws IOException {
        if (declared > limit) {
            throw refusal(in, 0, limit, tooLarge(limit));
        }
        BodyBudget.Taken taken = new BodyBudget.Taken(budget);
        boolean kept = false;
        try {
            byte[] buffer = new byte[0];
            int length = 0;
            if (declared > 0) {
                buffer = grow(buffer, (int) declared, taken, budget);
                if (buffer == null) {
                    throw refusal(in, 0, limit, busy(budget));
                }
            }
            while (true) {
                if (length == buffer.length) {
                    // Full (or nothing yet): one byte tells whether there is more, before any growth.
                    int next = in.read();
                    if (next == -1) {
                        break;
                    }
                    if (length == limit) {
                        throw refusal(in, length + 1L, limit, tooLarge(limit));
                    }
                    byte[] larger = grow(buffer, Math.min(limit, Math.max(FIRST_BUFFER, 2 * length)), taken, budget);
                    if (larger == null) {
                        throw refusal(in, length + 1L, limit, busy(budget));
                    }
                    buffer = larger;
                    buffer[length++] = (byte) next;
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n == -1) {
                    break;
                }
                length += n;
            }
            kept = true;
            return new Body(buffer, length, taken);
        } finally {
            if (!kept) {
                taken.giveBack();
            }
        }
    }

    /** {@code buffer} copied into one of {@code capacity} bytes, or null when the budget cannot take them. */
    private static byte[] grow(byte[] buffer, int capacity, BodyBudget.Taken taken, BodyBudget budget) {
        long more =
                Math.max(0L, (long) capacity - MAX_BODY_BYTES) - Math.max(0L, (long) buffer.length - MAX_BODY_BYTES);
        if (more > 0) {
            if (!budget.tryTake(more)) {
                return null;
            }
            taken.add(more);
        }
        return Arrays.copyOf(buffer, capacity);
    }

    /** Reads and discards the rest of the body, up to {@link #drainLimit} in all, and returns the refusal. */
    private static RequestRefusedException refusal(InputStream in, long alreadyRead, int limit, Refusal refusal)
            throws IOException {
        long bound = drainLimit(limit);
        long total = alreadyRead;
        byte[] chunk = new byte[FIRST_BUFFER];
        int n;
        while (total <= bound && (n = in.read(chunk)) != -1) {
            total += n;
        }
        Map<String, String> headers = refusal.headers();
        if (total > bound) {
            headers = new TreeMap<>(headers);
            headers.put("Connection", "close");
        }
        return new RequestRefusedException(refusal.status(), refusal.reason(), headers);
    }

    private record Refusal(int status, String reason, Map<String, String> headers) {}

    private static Refusal tooLarge(int limit) {
        return new Refusal(413, "request body larger than " + limit + " bytes", Map.of());
    }

    private static Refusal busy(BodyBudget budget) {
        return new Refusal(
                503,
                "too busy: large request bodies already hold the " + budget.total() + " bytes this server gives"
                        + " them; retry shortly",
                Map.of("Retry-After", "1"));
    }
}
