package dev.distcounter.discovery;

import dev.distcounter.common.NodeAddress;
import java.time.Duration;

/** A peer that {@link PeerRegistry#expire()} removed, and how long it had been silent. */
public record DroppedPeer(NodeAddress addr, Duration silentFor) {}
