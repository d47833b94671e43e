package dev.distcounter.node.replication;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.time.Scheduler;
import dev.distcounter.node.transport.Transport;
import java.util.concurrent.CompletableFuture;

/**
 * How the coordinator reaches a replica: another node by a frame, this node by a direct call to
 * its {@link ReplicaService}, with the same asynchronous replies (on the scheduler thread), so a
 * round never knows the difference.
 */
final class ReplicaChannel {
    /** Where replies go: the coordinator. */
    interface Replies {
        void onReadReply(NodeAddress from, ReadReply reply);

        void onWriteReply(NodeAddress from, WriteReply reply);
    }

    /** A node as a stand-in of a sloppy quorum: keeps a write for a home replica that is down. */
    interface StandIn {
        /** Completes (on any thread) with the reply once the write is held durably, or cannot be. */
        CompletableFuture<WriteReply> hold(long requestId, String home, String key, Versioned write);
    }

    private final NodeAddress self;
    private final String selfName;
    private final ReplicaService local;
    private final Transport transport;
    private final Scheduler scheduler;
    private Replies replies;
    private StandIn standIn;

    ReplicaChannel(NodeAddress self, ReplicaService local, Transport transport, Scheduler scheduler) {
        this.self = self;
        this.selfName = self.toString();
        this.local = local;
        this.transport = transport;
        this.scheduler = scheduler;
    }

    void deliverRepliesTo(Replies coordinator) {
        this.replies = coordinator;
    }

    void standInIs(StandIn keeper) {
        this.standIn = keeper;
    }

    String selfName() {
        return selfName;
    }

    /** What this node's own replica holds for {@code key}, now. */
    Versioned localHeld(String key) {
        return local.read(key);
    }

    void read(String node, long id, String key) {
        if (node.equals(selfName)) {
            Versioned held = local.read(key);
            scheduler.execute(() -> replies.onReadReply(self, new ReadReply(id, held)));
        } else {
            transport.send(
                    NodeAddress.parse(node),
                    new Frame(MessageType.KV_READ, self, ReplicaMessages.encode(new ReadRequest(id, key))));
        }
    }

    /** {@code payload}: the encoded {@link WriteRequest}, made once for all the replicas of a write. */
    void write(String node, long id, String key, Versioned write, byte[] payload) {
        if (node.equals(selfName)) {
            var unused = local.write(id, key, write)
                    .thenAccept(reply -> scheduler.execute(() -> replies.onWriteReply(self, reply)));
        } else {
            transport.send(NodeAddress.parse(node), new Frame(MessageType.KV_WRITE, self, payload));
        }
    }

    /** Asks stand-in {@code node} to keep {@code write} for {@code home}. */
    void writeHinted(String node, long id, String home, String key, Versioned write) {
        if (node.equals(selfName)) {
            var unused = standIn.hold(id, home, key, write)
                    .thenAccept(reply -> scheduler.execute(() -> replies.onWriteReply(self, reply)));
        } else {
            HintedWriteRequest request = new HintedWriteRequest(id, home, new WriteRequest(id, key, write));
            transport.send(
                    NodeAddress.parse(node),
                    new Frame(MessageType.KV_HINTED_WRITE, self, ReplicaMessages.encode(request)));
        }
    }

    /** A coordinator's KV_HINTED_WRITE to this node: answered with a KV_WRITE_REPLY once held, or not. */
    void onHintedWrite(NodeAddress from, HintedWriteRequest request) {
        WriteRequest write = request.write();
        var unused = standIn.hold(request.requestId(), request.home(), write.key(), write.write())
                .thenAccept(reply -> scheduler.execute(() -> transport.send(
                        from, new Frame(MessageType.KV_WRITE_REPLY, self, ReplicaMessages.encode(reply)))));
    }
}
