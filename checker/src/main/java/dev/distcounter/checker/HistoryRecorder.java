package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records a {@link History} in memory while test clients run, from any number of threads.
 * Entries are validated as they are recorded (same rules as the file format), so a mistake in
 * a test client fails where it happens rather than in the checker later.
 */
public final class HistoryRecorder {
    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    private final List<Operation> ops = new ArrayList<>();
    private final List<Read> reads = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<FinalRead> finals = new ArrayList<>();
    private final List<KeyOperation> keyOps = new ArrayList<>();
    private final List<KeyFinalRead> keyFinals = new ArrayList<>();
    private InitialState initial = InitialState.ZERO;
    private KeyspaceConfig keyspace;

    /** Declares a node; {@code durable} means it has a write-ahead log. */
    public synchronized HistoryRecorder node(String id, String addr, boolean durable) {
        nodes.put(id, new NodeInfo(addr, durable));
        return this;
    }

    /** Wall-clock epoch milliseconds, the time base of every entry. */
    public long now() {
        return System.currentTimeMillis();
    }

    public void op(
            String node,
            long delta,
            long invokeMillis,
            long completeMillis,
            Outcome outcome,
            Long value,
            Long version) {
        Operation op = new Operation(node, delta, invokeMillis, completeMillis, outcome, value, version);
        synchronized (this) {
            ops.add(op);
        }
    }

    public void read(String node, long invokeMillis, long completeMillis, Outcome outcome, Long value, Long version) {
        Read read = new Read(node, invokeMillis, completeMillis, outcome, value, version);
        synchronized (this) {
            reads.add(read);
        }
    }

    /** Records a fault injected now. */
    public void fault(String what, String detail) {
        fault(what, detail, now());
    }

    public void fault(String what, String detail, long atMillis) {
        Fault fault = new Fault(what, detail, atMillis);
        synchronized (this) {
            faults.add(fault);
        }
    }

    /** Records a node's state read now, after the cluster was healed and quiet. */
    public void finalRead(String node, long value, long version) {
        finalRead(node, value, version, now());
    }

    public void finalRead(String node, long value, long version, long atMillis) {
        FinalRead fin = new FinalRead(node, value, version, atMillis);
        synchronized (this) {
            finals.add(fin);
        }
    }

    /**
     * Starts an increment ({@code delta > 0}) or decrement ({@code delta < 0}) now; complete it
     * exactly once with {@link Pending#ok}, {@link Pending#fail} or {@link Pending#info}.
     */
    public Pending invoke(String node, long delta) {
        long invoke = now();
        // Validate now, so a bad delta fails at the call site rather than at completion.
        new Operation(node, delta, invoke, invoke, Outcome.FAIL, null, null);
        return new Pending(node, delta, invoke);
    }

    /** Records the cluster's state when recording began, if it was not zero. */
    public synchronized void initial(long value, long version) {
        initial = new InitialState(value, version);
    }

    /** Records the keyspace's quorum settings, which decide whether the real-time key rules apply. */
    public synchronized HistoryRecorder keyspace(int n, int r, int w, boolean sloppyQuorum) {
        keyspace = new KeyspaceConfig(n, r, w, sloppyQuorum);
        return this;
    }

    /** Records a finished put, get or delete (see {@link KeyOperation} for what each carries). */
    public void keyOp(KeyOperation op) {
        synchronized (this) {
            keyOps.add(op);
        }
    }

    /** Starts a put of {@code value} to {@code key} now; complete it exactly once. */
    public PendingKeyOperation put(String node, String key, String value) {
        return new PendingKeyOperation(this, KeyOperation.Kind.PUT, node, key, value, now());
    }

    /** Starts a get of {@code key} now; complete it exactly once. */
    public PendingKeyOperation get(String node, String key) {
        return new PendingKeyOperation(this, KeyOperation.Kind.GET, node, key, null, now());
    }

    /** Starts a delete of {@code key} now; complete it exactly once. */
    public PendingKeyOperation delete(String node, String key) {
        return new PendingKeyOperation(this, KeyOperation.Kind.DELETE, node, key, null, now());
    }

    /**
     * Records what replica {@code node} holds for {@code key} now, after the cluster was healed and
     * quiet: a value and version, a tombstone ({@code deleted}, with its version), or nothing
     * (null value and version).
     */
    public void keyFinalRead(String node, String key, String value, boolean deleted, Long version) {
        KeyFinalRead fin = new KeyFinalRead(node, key, value, deleted, version, now());
        synchronized (this) {
            keyFinals.add(fin);
        }
    }

    /** A snapshot of everything recorded so far. */
    public synchronized History history() {
        return new History(nodes, ops, reads, faults, finals, initial, keyOps, keyFinals, keyspace);
    }

    /** An operation sent but not yet answered. */
    public final class Pending {
        private final String node;
        private final long delta;
        private final long invokeMillis;
        private final AtomicBoolean completed = new AtomicBoolean();

        private Pending(String node, long delta, long invokeMillis) {
            this.node = node;
            this.delta = delta;
            this.invokeMillis = invokeMillis;
        }

        /** HTTP 200 with the node's state right after applying the operation. */
        public void ok(long value, long version) {
            complete(Outcome.OK, value, version);
        }

        /** HTTP 200 without a usable body. */
        public void ok() {
            complete(Outcome.OK, null, null);
        }

        /** Refused or never sent: certainly not applied. */
        public void fail() {
            complete(Outcome.FAIL, null, null);
        }

        /** 5xx, timeout or reset: may or may not have been applied. */
        public void info() {
            complete(Outcome.INFO, null, null);
        }

        private void complete(Outcome outcome, Long value, Long version) {
            // Two completions would record the operation twice, which the checker would count.
            if (!completed.compareAndSet(false, true)) {
                throw new IllegalStateException("operation " + delta + " at node " + node + " already completed");
            }
            op(node, delta, invokeMillis, Math.max(invokeMillis, now()), outcome, value, version);
        }
    }
}
