package dev.distcounter.tool.time;

/**
 * Wall-clock time and waiting, injected so the waiting loops and the simulation run in tests
 * against a fake clock that moves only when they sleep.
 */
public interface TimeSource {
    /** Milliseconds since the epoch: the time base of histories and of every deadline. */
    long millis();

    void sleep(long millis) throws InterruptedException;

    /** The real clock. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };
}
