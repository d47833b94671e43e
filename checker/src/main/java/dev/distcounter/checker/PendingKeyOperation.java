package dev.distcounter.checker;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A put, get or delete sent but not yet answered, from {@link HistoryRecorder#put},
 * {@link HistoryRecorder#get} or {@link HistoryRecorder#delete}. Completed exactly once: a
 * second completion would record the request twice.
 */
public final class PendingKeyOperation {
    private final HistoryRecorder recorder;
    private final KeyOperation.Kind kind;
    private final String node;
    private final String key;
    private final String value;
    private final long invokeMillis;
    private final AtomicBoolean completed = new AtomicBoolean();

    PendingKeyOperation(
            HistoryRecorder recorder,
            KeyOperation.Kind kind,
            String node,
            String key,
            String value,
            long invokeMillis) {
        this.recorder = recorder;
        this.kind = kind;
        this.node = node;
        this.key = key;
        this.value = value;
        this.invokeMillis = invokeMillis;
        // Validate now, so a bad request fails at the call site rather than at completion.
        new KeyOperation(kind, node, key, invokeMillis, invokeMillis, Outcome.FAIL, value, null);
    }

    /** A put or delete answered 200 ({@code applied}) with {@code version}, or null without a usable body. */
    public void applied(Long version) {
        requireWrite();
        complete(Outcome.OK, value, version);
    }

    /** A get answered 200 with the value and version it found. */
    public void found(String read, long version) {
        requireGet();
        complete(Outcome.OK, read, version);
    }

    /** A get answered 404: the key holds nothing or a tombstone. */
    public void notFound() {
        requireGet();
        complete(Outcome.OK, null, null);
    }

    /** Certainly not applied ({@code not_applied}, refused, never sent); for a get, no answer. */
    public void fail() {
        complete(Outcome.FAIL, value, null);
    }

    /** {@code indeterminate}, a timeout or a reset: a write may or may not have been applied. */
    public void info() {
        complete(Outcome.INFO, value, null);
    }

    /** Completes with what the server's {@code outcome} field says of a write. */
    public void completeWrite(dev.distcounter.common.http.WriteOutcome outcome, Long version) {
        requireWrite();
        Outcome o = Outcome.of(outcome);
        complete(o, value, o == Outcome.OK ? version : null);
    }

    private void requireWrite() {
        if (kind == KeyOperation.Kind.GET) {
            throw new IllegalStateException("a get is completed with found or notFound");
        }
    }

    private void requireGet() {
        if (kind != KeyOperation.Kind.GET) {
            throw new IllegalStateException("a " + kind.json() + " is completed with applied");
        }
    }

    private void complete(Outcome outcome, String v, Long version) {
        if (!completed.compareAndSet(false, true)) {
            throw new IllegalStateException(kind.json() + " of key " + key + " at node " + node + " already completed");
        }
        recorder.keyOp(new KeyOperation(
                kind, node, key, invokeMillis, Math.max(invokeMillis, recorder.now()), outcome, v, version));
    }
}
