package dev.distcounter.node.metrics;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.election.BullyElection;
import dev.distcounter.node.membership.MemberState;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.storage.CounterStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Gauges of a member's state, read when the registry is scraped: the counter's value and
 * version, the replica entries it holds, the members in each state, the leader's term and whether this node leads. Each reads
 * something that is safe from any thread (the store's volatile state, the synchronized peer
 * table, the election's published view), so a scrape needs nothing from the scheduler thread.
 * Values beyond 2^53 lose precision as gauges (doubles); {@code /counter} has them exactly.
 */
public final class MemberGauges {
    private MemberGauges() {}

    /**
     * Registers the gauges on {@code registry}, which must be this member's alone: a registry keeps
     * the first gauge of a name, so a second member on it would be shown the first one's state.
     */
    public static void register(
            MeterRegistry registry, NodeAddress self, CounterStore store, PeerTable peers, BullyElection election) {
        Gauge.builder("counter.value", store, s -> s.current().value())
                .description("the counter's value on this node")
                .strongReference(true)
                .register(registry);
        Gauge.builder("counter.version", store, s -> s.current().version())
                .description("unit operations this node knows (converged nodes show the same version)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("counter.replicas", store, s -> s.current().entries().size())
                .description("replica entries in the counter state (new ones from peers stop at --max-replicas)")
                .strongReference(true)
                .register(registry);
        for (MemberState state : MemberState.values()) {
            Gauge.builder("membership.members", peers, p -> p.count(state))
                    .description("peers in the membership table, by state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder("election.term", election, e -> e.view().term())
                .description("term of the leader this node follows (0 before the first election)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("election.leading", election, e -> leads(e, self) ? 1 : 0)
                .description("1 while this node is the leader it follows, else 0")
                .strongReference(true)
                .register(registry);
    }

    private static boolean leads(BullyElection election, NodeAddress self) {
        return election.view().leader().map(self::equals).orElse(false);
    }
}
