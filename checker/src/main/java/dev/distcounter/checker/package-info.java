/**
 * A Jepsen-style checker for histories of client operations against a counter cluster.
 *
 * <p>Clients record what they sent and what they saw with {@link dev.distcounter.checker.HistoryRecorder}
 * (the Java tests, and the operator's tool, whose simulation writes JSON Lines); the
 * {@link dev.distcounter.checker.HistoryChecker} then decides whether every observation is
 * explainable by the system's promises: a read only sees operations already invoked, a durable
 * node never forgets its own acknowledged operations, and once the cluster is quiet every node
 * reports the same state, containing every acknowledged operation exactly once.
 */
package dev.distcounter.checker;
