package dev.distcounter.node.transport;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link TransportStats}, updated from any thread. */
final class TransportCounters {
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder bytesSent = new LongAdder();

    TransportStats snapshot() {
        return new TransportStats(sent.sum(), received.sum(), dropped.sum(), rejected.sum(), bytesSent.sum());
    }
}
