package dev.distcounter.common.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests being handled, so a stopping server can let them finish.
 * {@code HttpServer.stop(delay)} cannot do that on its own: in JDK 17 it waits out the whole
 * delay whenever a client holds an idle keep-alive connection, which is almost always.
 *
 * <p>As a filter it counts each handler call. A server that answers some requests later, from
 * another thread, calls {@link #enter()} and {@link #exit()} itself instead.
 */
public final class InFlightRequests extends Filter {
    /** How often {@link #awaitIdle} looks again; it only runs while a server stops. */
    private static final long IDLE_CHECK_MILLIS = 5;

    // A counter, not a lock: every request passes here twice, on every pool thread.
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        enter();
        try {
            chain.doFilter(exchange);
        } finally {
            exit();
        }
    }

    /** A request started. */
    public void enter() {
        count.incrementAndGet();
    }

    /** A request was answered (each {@link #enter()} is matched by exactly one exit). */
    public void exit() {
        count.decrementAndGet();
    }

    /** Waits until no request is being handled or {@code timeout} passed; returns whether it got idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(IDLE_CHECK_MILLIS);
        }
        return true;
    }

    @Override
    public String description() {
        return "counts requests in flight";
    }
}
