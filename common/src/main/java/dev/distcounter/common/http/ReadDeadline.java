package dev.distcounter.common.http;

/**
 * The time a request's headers and body have to arrive, on the thread reading them. The JDK
 * reads headers with a blocking read on a socket channel, which no socket timeout reaches; an
 * interrupt does: it closes the channel and the read fails at once. So at the deadline the
 * reading thread is interrupted, unless it finished first.
 *
 * <p>Nothing is scheduled per request: a sweep of the reads under way (RequestReaders) calls
 * {@link #expire()} on those past {@link #due()}. Scheduling and cancelling a timer for every
 * request woke the timer thread once per request (0.7 context switches per request, measured).
 *
 * <p>{@link #finish()} is called by the reading thread itself and clears the interrupt the
 * deadline may have set, so a pool thread never carries it into its next request.
 */
final class ReadDeadline {
    /** What a request was waiting for when its deadline passed. */
    enum Phase {
        HEADERS,
        BODY
    }

    private final Thread reader;
    private final long dueNanos;
    private Phase phase = Phase.HEADERS; // guarded by this
    private boolean finished; // guarded by this
    private Phase expiredIn; // guarded by this; null while not expired

    /** A deadline for {@code reader}, due at {@code dueNanos} ({@link System#nanoTime()}). */
    ReadDeadline(Thread reader, long dueNanos) {
        this.reader = reader;
        this.dueNanos = dueNanos;
    }

    /** When the read is to be cut, in {@link System#nanoTime()}. */
    long due() {
        return dueNanos;
    }

    /** The headers have arrived; the body is next. */
    synchronized void headersArrived() {
        phase = Phase.BODY;
    }

    /** Called by the sweep once the deadline has passed: cuts the read if it is still going on. */
    synchronized void expire() {
        if (!finished) {
            expiredIn = phase;
            reader.interrupt();
        }
    }

    /**
     * The reading is over (done or failed); idempotent. Returns the phase the deadline cut it in,
     * the first time only, or null when it was not cut.
     */
    Phase finish() {
        Phase cut;
        synchronized (this) {
            if (finished) {
                return null;
            }
            finished = true;
            cut = expiredIn;
        }
        if (cut != null) {
            // The interrupt has done its work (or was not needed any more): clear it.
            boolean unused = Thread.interrupted();
        }
        return cut;
    }
}
