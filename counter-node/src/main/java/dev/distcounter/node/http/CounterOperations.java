package dev.distcounter.node.http;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.replication.HandoverReport;
import dev.distcounter.node.ring.RingState;
import dev.distcounter.node.storage.LocalUpdate;
import dev.distcounter.node.transport.ChaosSettings;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP API may ask of a node. Every method is called on HTTP threads, while the node's
 * cluster logic runs on its scheduler thread: an implementation reads only what is safe there
 * (immutable snapshots, synchronized structures, meters), never a plain field another thread writes.
 */
public interface CounterOperations {
    NodeAddress address();

    /**
     * Adds {@code delta} (negative subtracts) and starts spreading it.
     *
     * @throws dev.distcounter.node.crdt.CounterOverflowException the result would leave the 64-bit range
     */
    LocalUpdate add(long delta);

    PNCounter current();

    /** Completes with the state once its version is at least {@code version} (at once if it is). */
    CompletableFuture<PNCounter> awaitVersion(long version);

    /** Peers this node gossips with, sorted. */
    List<NodeAddress> peers();

    /** Details for {@code /health}. */
    HealthView health();

    /** The membership table and leadership, for {@code /cluster}. */
    ClusterView cluster();

    /** The faults this node injects into its outbound frames, and what they have done so far, for {@code /admin/chaos}. */
    ChaosView chaos();

    /** The faults this node currently injects, as last set. */
    ChaosSettings chaosSettings();

    /** Replaces the injected faults. */
    void applyChaos(ChaosSettings chaos);

    /** The keys this node signs and checks frames with, for {@code /admin/keys}. */
    LiveKeyring keyring();

    /**
     * Leaves the ring ({@code POST /admin/leave}): completes once this node's keys are handed
     * over (or the wait ran out); then the node stops. Only a node with a keyspace has a ring.
     */
    default CompletableFuture<HandoverReport> leave() {
        throw new UnsupportedOperationException("this node has no ring");
    }

    /** Takes a dead member off the ring ({@code POST /admin/remove}). */
    default RingState.Removal remove(NodeAddress member) {
        throw new UnsupportedOperationException("this node has no ring");
    }
}
