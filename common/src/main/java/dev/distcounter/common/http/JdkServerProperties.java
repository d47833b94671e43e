package dev.distcounter.common.http;

import java.time.Duration;

/**
 * The JDK server's own settings, which it takes from system properties, read once per process
 * (when its first server is created); set here before that. Each is set only when absent, so an
 * operator's {@code -D} wins.
 *
 * <ul>
 *   <li>{@code sun.net.httpserver.nodelay=true}: without TCP_NODELAY every response waits ~40 ms
 *       for the client's delayed ACK (always set).
 *   <li>{@code sun.net.httpserver.maxReqTime}: seconds a request may spend being read before the
 *       JDK closes its connection; also how long a connection that sent nothing is kept. Set to
 *       twice the read timeout (rounded up): a backstop, since {@link RequestReaders} cuts first
 *       and counts what it cut (the JDK cuts silently).
 *   <li>{@code sun.net.httpserver.clockTick=1000}: how often (ms) the JDK closes connections idle
 *       too long, those that never sent a byte included (default every 10 s).
 *   <li>{@code sun.net.httpserver.maxReqHeaders=100}: headers per request (default 200; a client
 *       of this API sends fewer than 20).
 * </ul>
 *
 * <p>Not set: {@code maxRspTime}, which would also cut a handler that legitimately waits
 * ({@code ?atLeast}, a write waiting for the WAL); {@code jdk.httpserver.maxConnections}, which
 * closes connections beyond the cap silently, uncounted (the reader cap bounds what a connection
 * can hold: one that sends nothing holds no thread).
 */
final class JdkServerProperties {
    private JdkServerProperties() {}

    static void set(ServerSettings settings) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        setIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(backstopSeconds(settings.readTimeout())));
        setIfAbsent("sun.net.httpserver.clockTick", "1000");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "100");
    }

    /** Twice the read timeout, in whole seconds, rounded up (the JDK's unit). */
    static long backstopSeconds(Duration readTimeout) {
        long millis = readTimeout.toMillis() * 2;
        return Math.max(1, (millis + 999) / 1000);
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
