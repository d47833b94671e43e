package dev.distcounter.metrics;

import dev.distcounter.common.http.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http.server.requests}: a timer per route template, method and status, fed by the HTTP
 * server's {@link RequestObserver} hook, for the node and the discovery server alike. Each timer is built once, on its first request, and
 * found again without a lock; routes are templates, methods are the standard ones (anything else
 * is {@code OTHER}) and statuses are 100..599, so clients cannot make the set grow without bound.
 */
public final class RequestMeters implements RequestObserver {
    private record Key(String route, String method, int status) {}

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> refusals = new ConcurrentHashMap<>();

    public RequestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(String route, String method, int status, long nanos) {
        Key key = new Key(route, method, status);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, this::register);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code http.server.requests.refused}: requests cut off unanswered, by reason (a fixed set, from the server). */
    @Override
    public void refused(String reason) {
        refusals.computeIfAbsent(
                        reason,
                        r -> Counter.builder("http.server.requests.refused")
                                .description(
                                        "HTTP requests cut off unanswered: headers or body too slow, or every reader busy")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    private Timer register(Key key) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests answered, from arrival to reply sent")
                .tag("route", key.route())
                .tag("method", key.method())
                .tag("status", Integer.toString(key.status()))
                .register(registry);
    }
}
