package dev.distcounter.node.storage;

import dev.distcounter.node.crdt.PNCounter;
import java.util.concurrent.CompletableFuture;

/**
 * The result of an increment or decrement: the state right after it, and a future that
 * completes when the change is durable under the node's policy (immediately without a WAL).
 */
public record LocalUpdate(PNCounter state, CompletableFuture<?> durable) {}
