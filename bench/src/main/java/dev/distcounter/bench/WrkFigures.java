package dev.distcounter.bench;

import java.util.Objects;

/**
 * wrk's figures of one load, as {@code bench/wrk-report.lua} writes them from wrk's
 * {@code done()} hook. Durations and latencies are microseconds, as wrk keeps them.
 */
record WrkFigures(long requests, long durationUs, long bytes, double requestsPerSec, Errors errors, Latency latencyUs) {

    WrkFigures {
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latencyUs, "latencyUs");
    }

    /** Socket errors of each kind, and {@code status}: answers with a status of 400 or more. */
    record Errors(long connect, long read, long write, long timeout, long status) {
        long total() {
            return connect + read + write + timeout + status;
        }
    }

    record Latency(
            double min, double mean, double stdev, double p50, double p90, double p99, double p999, double max) {}

    /**
     * Answers with a status below 400 per second: what a load achieved, since an error answer
     * (a 503 when a quorum is not reached) can be faster than the real thing.
     */
    double okPerSec() {
        return requests == 0 ? 0 : requestsPerSec * (requests - errors.status()) / requests;
    }

    double p50Ms() {
        return latencyUs.p50() / 1000;
    }

    double p99Ms() {
        return latencyUs.p99() / 1000;
    }
}
