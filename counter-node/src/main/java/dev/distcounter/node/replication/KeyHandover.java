package dev.distcounter.node.replication;

import java.util.concurrent.CompletableFuture;

/** Streaming keys to their new replicas on ring changes ({@link RangeHandover}), as leaving the ring needs it. */
public interface KeyHandover {
    /**
     * Completes, on the scheduler thread, once every ring change seen so far is streamed (at the
     * next tick at the earliest); call on the scheduler thread.
     */
    CompletableFuture<HandoverReport> whenSettled();

    /** What it has done so far ({@link HandoverReport#settled()} false); safe from any thread. */
    HandoverReport progress();
}
