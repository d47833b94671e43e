package dev.distcounter.bench;

/**
 * What {@link ConvergenceLatency} measured, as it writes it with {@code --json FILE}. Times in
 * milliseconds. A timed-out sample is recorded at the timeout in the percentiles.
 *
 * @param samples samples recorded (warm-up samples excluded)
 * @param p50Ms from the increment's answer to the last waiting read's answer: median
 * @param meanMs the mean of the samples that did not time out
 * @param sendP50Ms from sending the increment instead: median
 * @param early samples whose waiting reads had all been answered before the increment's answer
 * @param rttP50Ms the resolution: round trip of an answered-at-once {@code /counter?atLeast=0}
 */
record ConvergenceResult(
        int samples,
        double p50Ms,
        double p90Ms,
        double p99Ms,
        double maxMs,
        double meanMs,
        double sendP50Ms,
        double sendP99Ms,
        int timeouts,
        int failures,
        double rttP50Ms,
        double rttP99Ms,
        int early) {}
