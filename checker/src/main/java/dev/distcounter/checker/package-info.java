/**
 * A Jepsen-style checker for histories of client operations against a counter cluster and its keyspace.
 *
 * <p>Clients record what they sent and what they saw with {@link dev.distcounter.checker.HistoryRecorder}
 * (the Java tests, and the operator's tool, whose simulation writes JSON Lines); the
 * {@link dev.distcounter.checker.HistoryChecker} then decides whether every observation is
 * explainable by the system's promises: a read only sees operations already invoked, a durable
 * node never forgets its own acknowledged operations, and once the cluster is quiet every node
 * reports the same state, containing every acknowledged operation exactly once.
 *
 * <p>Histories may also hold puts, gets and deletes on the keyspace; {@link
 * dev.distcounter.checker.KeyChecker} holds them to its promises: replicas converge, no read
 * returns a value never written, and (with R + W > N and no sloppy quorum) a write after another's
 * acknowledgement wins over it and a read after it is not older.
 */
package dev.distcounter.checker;
