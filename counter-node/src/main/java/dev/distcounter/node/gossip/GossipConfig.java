package dev.distcounter.node.gossip;

import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.ReplicaCap;
import java.time.Duration;

/**
 * How a node spreads state.
 *
 * @param syncInterval  {@code --sync}: period of anti-entropy rounds
 * @param maxPeers      {@code --max-peers}: peers PULLed from in each round
 * @param pushFanout    {@code --push-fanout}: peers a local update is PUSHed to at once; when the
 *                      cluster is larger, nodes that learn something new pass it on (epidemic)
 * @param pushInterval  {@code --push-interval}: least time between two pushes; updates arriving
 *                      meanwhile are coalesced into the next push
 * @param maxReplicas   {@code --max-replicas}: replica entries the state takes from peers ({@link ReplicaCap})
 * @param maxStateBytes largest counter state in one frame: the frame payload limit; a larger state
 *                      goes in several frames
 */
public record GossipConfig(
        Duration syncInterval,
        int maxPeers,
        int pushFanout,
        Duration pushInterval,
        int maxReplicas,
        int maxStateBytes) {
    public GossipConfig {
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("--sync must be positive");
        }
        if (maxPeers < 1) {
            throw new IllegalArgumentException("--max-peers must be at least 1, not " + maxPeers);
        }
        if (pushFanout < 0) {
            throw new IllegalArgumentException("--push-fanout must not be negative");
        }
        if (pushInterval.isNegative()) {
            throw new IllegalArgumentException("--push-interval must not be negative");
        }
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("--max-replicas must be at least 1, not " + maxReplicas);
        }
        if (maxStateBytes < 4 + CounterCodec.MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("a frame must hold a state of one entry, "
                    + (4 + CounterCodec.MAX_ENTRY_BYTES) + " bytes, not " + maxStateBytes);
        }
    }

    /** The default cap on replicas ({@link ReplicaCap#DEFAULT}) and the default frame payload limit. */
    public GossipConfig(Duration syncInterval, int maxPeers, int pushFanout, Duration pushInterval) {
        this(syncInterval, maxPeers, pushFanout, pushInterval, ReplicaCap.DEFAULT, FrameCodec.DEFAULT_MAX_PAYLOAD);
    }

    public GossipConfig withMaxReplicas(int value) {
        return new GossipConfig(syncInterval, maxPeers, pushFanout, pushInterval, value, maxStateBytes);
    }

    public GossipConfig withMaxStateBytes(int value) {
        return new GossipConfig(syncInterval, maxPeers, pushFanout, pushInterval, maxReplicas, value);
    }
}
