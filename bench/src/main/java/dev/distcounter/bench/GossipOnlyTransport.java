package dev.distcounter.bench;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.transport.Transport;
import dev.distcounter.node.transport.TransportListener;
import java.io.IOException;

/**
 * A node's transport in the growth simulation: passes gossip frames (PULL, PUSH) on and counts
 * them by type; withholds (and counts) every other frame.
 *
 * <p>Why withhold membership: a node sends HEARTBEAT to every live peer as soon as it starts
 * (the period only sets the later beats), each listing up to 1,000 members. With every node
 * knowing the other 999, that first beat alone is about a million frames of some 16 KB each,
 * queued at once on the shared virtual clock: cubic work and gigabytes of heap, for traffic this
 * measurement is not about. Peers start alive (the benefit of the doubt) and stay so for the
 * hours the simulation's membership settings allow, so gossip picks its targets exactly as it
 * would with heartbeats flowing.
 *
 * <p>Not thread-safe: the simulation runs every node on one {@link
 * dev.distcounter.node.time.VirtualScheduler} thread.
 */
final class GossipOnlyTransport implements Transport {
    private final Transport inner;
    private long pulls;
    private long pushes;
    private long withheld;

    GossipOnlyTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public NodeAddress localAddress() {
        return inner.localAddress();
    }

    @Override
    public void start(TransportListener listener) throws IOException {
        inner.start(listener);
    }

    @Override
    public void send(NodeAddress to, Frame frame) {
        if (frame.type() == MessageType.PULL) {
            pulls++;
        } else if (frame.type() == MessageType.PUSH) {
            pushes++;
        } else {
            withheld++;
            return;
        }
        inner.send(to, frame);
    }

    long pullsSent() {
        return pulls;
    }

    long pushesSent() {
        return pushes;
    }

    /** HEARTBEAT and election frames the node tried to send. */
    long withheld() {
        return withheld;
    }

    @Override
    public void close() {
        inner.close();
    }
}
