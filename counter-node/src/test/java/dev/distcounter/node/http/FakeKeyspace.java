package dev.distcounter.node.http;

import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.replication.KeyValueOperations;
import dev.distcounter.node.replication.Placement;
import dev.distcounter.node.replication.ReadResult;
import dev.distcounter.node.replication.RingSummary;
import dev.distcounter.node.replication.WriteResult;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A keyspace on one map, whose quorum failures the test decides: a put or delete gets the key's
 * next version, a deleted key reads as not found. Every call is recorded.
 */
class FakeKeyspace implements KeyValueOperations {
    static final String OWNER = "localhost:9001";
    /** A hash above 2^63: it must read as unsigned. */
    static final long HASH = 0x9f3a_0000_0000_0001L;

    /** One call the API made. */
    record Call(String operation, String key, String value, OptionalInt quorum) {}

    private record Entry(String value, long version) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** When set, every put and delete fails with it. */
    volatile WriteResult failedWrite;
    /** When set, every get is answered "no quorum" with it. */
    volatile String readError;
    /** When set, every call's future is this one (to hold or fail it). */
    volatile CompletableFuture<WriteResult> writeFuture;

    volatile RingSummary ring = new RingSummary(
            3,
            2,
            2,
            16,
            true,
            false,
            List.of(
                    new RingSummary.MemberShare("localhost:9001", "self", 0.3412),
                    new RingSummary.MemberShare("localhost:9002", "alive", 0.3288),
                    new RingSummary.MemberShare("localhost:9003", "suspect", 0.33, 12)));

    @Override
    public CompletableFuture<WriteResult> put(String key, String value, OptionalInt w) {
        calls.add(new Call("put", key, value, w));
        return write(key, new Entry(value, 0));
    }

    @Override
    public CompletableFuture<WriteResult> delete(String key, OptionalInt w) {
        calls.add(new Call("delete", key, null, w));
        return write(key, new Entry(null, 0));
    }

    private CompletableFuture<WriteResult> write(String key, Entry entry) {
        if (writeFuture != null) {
            return writeFuture;
        }
        if (failedWrite != null) {
            return CompletableFuture.completedFuture(failedWrite);
        }
        Entry written = entries.merge(
                key, new Entry(entry.value(), 1), (old, given) -> new Entry(given.value(), old.version() + 1));
        return CompletableFuture.completedFuture(WriteResult.applied(written.version(), OWNER));
    }

    @Override
    public CompletableFuture<ReadResult> get(String key, OptionalInt r) {
        calls.add(new Call("get", key, null, r));
        if (readError != null) {
            return CompletableFuture.completedFuture(ReadResult.noQuorum(key, OWNER, readError));
        }
        Entry entry = entries.get(key);
        return CompletableFuture.completedFuture(
                entry == null || entry.value() == null
                        ? ReadResult.notFound(key, entry == null ? 0 : entry.version(), OWNER)
                        : ReadResult.found(key, entry.value(), entry.version(), OWNER));
    }

    @Override
    public Placement owners(String key) {
        calls.add(new Call("owners", key, null, OptionalInt.empty()));
        return new Placement(
                key,
                HASH,
                List.of(
                        new Placement.Replica("localhost:9001", "self"),
                        new Placement.Replica("localhost:9002", "alive"),
                        new Placement.Replica("localhost:9003", "suspect")));
    }

    /** The fake's one map is its replica: a deleted key is a tombstone, every version written by {@link #OWNER}. */
    @Override
    public Versioned heldHere(String key) {
        calls.add(new Call("heldHere", key, null, OptionalInt.empty()));
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        Version version = new Version(entry.version(), OWNER, 1);
        return entry.value() == null ? Versioned.tombstone(version) : Versioned.value(version, entry.value());
    }

    @Override
    public RingSummary ring() {
        return ring;
    }

    @Override
    public int replicas() {
        return 3;
    }

    static WriteResult quorumNotReached(WriteOutcome outcome) {
        return WriteResult.failed(OWNER, "write quorum not reached: 1 of 2 acknowledgements", outcome);
    }
}
