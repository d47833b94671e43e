package dev.distcounter.node.antientropy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What anti-entropy did, on the node's registry: exchanges opened ({@code kv.antientropy.exchanges}),
 * ranges found differing from a peer's ({@code kv.antientropy.ranges.differing}), keys pushed to
 * peers as KV_WRITEs ({@code kv.antientropy.keys.pushed}) and asked of them
 * ({@code kv.antientropy.keys.pulled}), and tombstones dropped here ({@code kv.tombstones.dropped}).
 * Safe from any thread.
 */
final class AntiEntropyMeters {
    private final Counter exchanges;
    private final Counter differing;
    private final Counter pushed;
    private final Counter pulled;
    private final Counter dropped;

    AntiEntropyMeters(MeterRegistry registry) {
        exchanges = counter(
                registry,
                "kv.antientropy.exchanges",
                "anti-entropy exchanges this node opened with a replica it shares ranges with");
        differing = counter(
                registry,
                "kv.antientropy.ranges.differing",
                "ranges whose hash-tree root differed from the one a peer sent when it opened an exchange");
        pushed = counter(
                registry,
                "kv.antientropy.keys.pushed",
                "keys this node sent a peer that lacked them or held them older");
        pulled = counter(
                registry,
                "kv.antientropy.keys.pulled",
                "keys this node asked a peer for: it lacked them or held them older");
        dropped = counter(
                registry,
                "kv.tombstones.dropped",
                "tombstones dropped: past the grace period, and held by every replica");
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    void exchange() {
        exchanges.increment();
    }

    void differing(int ranges) {
        differing.increment(ranges);
    }

    void pushed() {
        pushed.increment();
    }

    void pulled(int keys) {
        pulled.increment(keys);
    }

    void dropped() {
        dropped.increment();
    }

    long keysPushed() {
        return (long) pushed.count();
    }

    long keysPulled() {
        return (long) pulled.count();
    }

    long tombstonesDropped() {
        return (long) dropped.count();
    }
}
