package dev.distcounter.common.http;

import java.util.concurrent.Future;

/**
 * The time a request's headers and body have to arrive, on the thread reading them. The JDK
 * reads headers with a blocking read on a socket channel, which no socket timeout reaches; an
 * interrupt does: it closes the channel and the read fails at once. So at the deadline the
 * reading thread is interrupted, unless it finished first.
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
    private Future<?> timer; // guarded by this
    private Phase phase = Phase.HEADERS; // guarded by this
    private boolean finished; // guarded by this
    private Phase expiredIn; // guarded by this; null while not expired

    ReadDeadline(Thread reader) {
        this.reader = reader;
    }

    synchronized void timer(Future<?> timer) {
        this.timer = timer;
    }

    /** The headers have arrived; the body is next. */
    synchronized void headersArrived() {
        phase = Phase.BODY;
    }

    /** Called by the timer at the deadline: cuts the read if it is still going on. */
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
            if (timer != null) {
                timer.cancel(false);
            }
            cut = expiredIn;
        }
        if (cut != null) {
            // The interrupt has done its work (or was not needed any more): clear it.
            boolean unused = Thread.interrupted();
        }
        return cut;
    }
}
