package dev.distcounter.common.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;

/**
 * Counts the requests being handled, so a stopping server can let them finish.
 * {@code HttpServer.stop(delay)} cannot do that on its own: in JDK 17 it waits out the whole
 * delay whenever a client holds an idle keep-alive connection, which is almost always.
 *
 * <p>As a filter it counts each handler call. A server that answers some requests later, from
 * another thread, calls {@link #enter()} and {@link #exit()} itself instead.
 */
public final class InFlightRequests extends Filter {
    private int count;

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
    public synchronized void enter() {
        count++;
    }

    /** A request was answered (each {@link #enter()} is matched by exactly one exit). */
    public synchronized void exit() {
        if (--count == 0) {
            notifyAll();
        }
    }

    /** Waits until no request is being handled or {@code timeout} passed; returns whether it got idle. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public String description() {
        return "counts requests in flight";
    }
}
