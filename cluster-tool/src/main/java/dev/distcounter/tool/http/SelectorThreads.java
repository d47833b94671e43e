package dev.distcounter.tool.http;

/**
 * Lets the JVM exit at once after using {@code java.net.http}. JDK 17's HttpClient has no
 * {@code close()}; its selector thread waits in native code (epoll), and a JVM exiting with a
 * thread in native code waits up to 300 ms for it (HotSpot's VM_Exit), a third of a short
 * command's run. The selector loop stops when its thread is interrupted.
 */
public final class SelectorThreads {
    private static final String SELECTOR = "jdk.internal.net.http.HttpClientImpl$SelectorManager";
    private static final long JOIN_MILLIS = 100;

    private SelectorThreads() {}

    /** Stops every HttpClient's selector thread; only for the end of the program. */
    public static void stop() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getClass().getName().equals(SELECTOR)) {
                thread.interrupt();
                try {
                    thread.join(JOIN_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
