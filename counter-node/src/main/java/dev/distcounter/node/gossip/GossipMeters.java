package dev.distcounter.node.gossip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a node's gossip did since it started, as counters: rounds, pushes, merges (and merges
 * refused), replies, replica entries refused by the cap. Counted on the scheduler thread, read from any (HTTP threads, a scrape).
 */
public final class GossipMeters {
    private final Counter rounds;
    private final Counter pushes;
    private final Counter merges;
    private final Counter refused;
    private final Counter replies;
    private final Counter entriesRefused;

    public GossipMeters(MeterRegistry registry) {
        rounds = counter(registry, "gossip.rounds", "anti-entropy rounds run");
        pushes = counter(registry, "gossip.pushes", "push rounds: after local updates, or passing news on");
        merges = counter(registry, "gossip.merges", "PULL and PUSH frames that taught this node something");
        refused = counter(
                registry,
                "gossip.merges.refused",
                "PULL and PUSH frames whose state was refused: merging it would overflow the counter");
        replies = counter(registry, "gossip.replies", "PUSH answers to PULLs from peers that knew less");
        entriesRefused = counter(
                registry,
                "gossip.entries.refused",
                "new replica entries left out of PULL and PUSH frames: the state held --max-replicas");
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    void roundRun() {
        rounds.increment();
    }

    void pushed() {
        pushes.increment();
    }

    void merged() {
        merges.increment();
    }

    void mergeRefused() {
        refused.increment();
    }

    void replied() {
        replies.increment();
    }

    void entriesRefused(int count) {
        entriesRefused.increment(count);
    }

    public long rounds() {
        return (long) rounds.count();
    }

    public long pushes() {
        return (long) pushes.count();
    }

    public long merges() {
        return (long) merges.count();
    }

    public long mergesRefused() {
        return (long) refused.count();
    }

    public long replies() {
        return (long) replies.count();
    }

    public long entriesRefused() {
        return (long) entriesRefused.count();
    }
}
