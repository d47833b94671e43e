package dev.distcounter.node.replication;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kvstore.ReplicaStore;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * This node as a replica: answers coordinators' reads and writes from its {@link ReplicaStore}.
 * A write is answered only once the store has it durably ({@code STORED}), or durably holds a
 * newer version ({@code HOLDS_NEWER}, with that version, so the coordinator knows it was
 * refused), or could not store it ({@code FAILED}); never "ok" for a write it refused. A replica
 * without a log answers {@code IN_MEMORY} whatever it did: what it holds dies with it, so it
 * never counts towards W. A node that has left the ring answers every write {@code FAILED}.
 * Replies leave from the scheduler thread, like every frame this node sends.
 */
public final class ReplicaService {
    private final NodeAddress self;
    private final ReplicaStore store;
    private final Transport transport;
    private final Scheduler scheduler;
    private final BooleanSupplier onRing;

    /** A replica that always takes writes. */
    public ReplicaService(NodeAddress self, ReplicaStore store, Transport transport, Scheduler scheduler) {
        this(self, store, transport, scheduler, () -> true);
    }

    /**
     * @param onRing whether this node is still on its ring: once it has left, it answers every
     *               write FAILED, so no write counts it towards W while it hands its keys over
     *               (a write it took after its handover looked at the key would leave with it)
     */
    public ReplicaService(
            NodeAddress self, ReplicaStore store, Transport transport, Scheduler scheduler, BooleanSupplier onRing) {
        this.self = self;
        this.store = store;
        this.transport = transport;
        this.scheduler = scheduler;
        this.onRing = onRing;
    }

    /** What this replica holds for {@code key}; null when nothing. */
    Versioned read(String key) {
        return store.get(key);
    }

    /** Stores {@code write} if it is newer than what this replica holds; completes with the reply once durable. */
    CompletableFuture<WriteReply> write(long requestId, String key, Versioned write) {
        if (!onRing.getAsBoolean()) {
            return CompletableFuture.completedFuture(WriteReply.failed(requestId));
        }
        return store.apply(key, write).handle((result, failure) -> {
            if (failure != null) {
                return WriteReply.failed(requestId);
            }
            if (store.volatileCopies()) {
                return WriteReply.inMemory(requestId, result.version());
            }
            return result.applied()
                    ? WriteReply.stored(requestId, result.version(), result.priorCounter())
                    : WriteReply.holdsNewer(requestId, result.version());
        });
    }

    /** A coordinator's read; call on the scheduler thread. */
    public void onRead(NodeAddress from, ReadRequest request) {
        ReadReply reply = new ReadReply(request.requestId(), read(request.key()));
        transport.send(from, new Frame(MessageType.KV_READ_REPLY, self, ReplicaMessages.encode(reply)));
    }

    /** A coordinator's write (or a read repair); call on the scheduler thread. */
    public void onWrite(NodeAddress from, WriteRequest request) {
        var unused = write(request.requestId(), request.key(), request.write())
                .thenAccept(reply -> scheduler.execute(() -> transport.send(
                        from, new Frame(MessageType.KV_WRITE_REPLY, self, ReplicaMessages.encode(reply)))));
    }

    public ReplicaStore store() {
        return store;
    }
}
