package dev.distcounter.discovery;

import dev.distcounter.common.NodeAddress;
import java.time.Instant;

/** A registered node and when the discovery server last heard from it. */
public record Peer(NodeAddress addr, Instant lastSeen) {}
