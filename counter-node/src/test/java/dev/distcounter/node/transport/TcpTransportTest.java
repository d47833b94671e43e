package dev.distcounter.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.testsupport.LoopbackPorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Guarantees: docs/guarantees.md §6. */
class TcpTransportTest {
    final List<TcpTransport> started = new CopyOnWriteArrayList<>();

    static final class Recorder implements TransportListener {
        final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<NodeAddress> failures = new LinkedBlockingQueue<>();
        final BlockingQueue<NodeAddress> connects = new LinkedBlockingQueue<>();

        @Override
        public void onFrame(Frame frame) {
            frames.add(frame);
        }

        @Override
        public void onSendFailed(NodeAddress to, String reason) {
            failures.add(to);
        }

        @Override
        public void onConnected(NodeAddress to) {
            connects.add(to);
        }
    }

    /** Outside the ephemeral range, so no outgoing connection takes it before the transport binds it. */
    static NodeAddress freeAddress() {
        return new NodeAddress("127.0.0.1", LoopbackPorts.next());
    }

    TcpTransport start(NodeAddress address, TransportListener listener) throws IOException {
        TcpTransport t = new TcpTransport(TransportConfig.defaults(address), new SimpleMeterRegistry());
        t.start(listener);
        started.add(t);
        return t;
    }

    /**
     * Starts a transport on a port that was just closed. The sender keeps reconnecting meanwhile,
     * and a connect to a free ephemeral port can briefly connect to itself and hold that port
     * (the transport drops such a connection at once), so the bind is retried for a moment.
     */
    TcpTransport startWhenPortIsFree(NodeAddress address, TransportListener listener) {
        return await("a listener on the freed port " + address)
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> start(address, listener), Objects::nonNull);
    }

    @AfterEach
    void stopAll() {
        started.forEach(TcpTransport::close);
    }

    static Frame frame(NodeAddress from, int n) {
        return new Frame(
                MessageType.PUSH, from, ByteBuffer.allocate(4).putInt(n).array());
    }

    @Test
    void framesArriveInOrderOverOnePersistentConnection() throws Exception {
        Recorder receiver = new Recorder();
        NodeAddress a = freeAddress();
        NodeAddress b = freeAddress();
        TcpTransport sender = start(a, new Recorder());
        start(b, receiver);
        // A burst larger than the per-peer queue: the oldest frames may be dropped (a newer
        // state supersedes them), but what arrives arrives in order, once, and the newest always.
        for (int i = 0; i < 1_000; i++) {
            sender.send(b, frame(a, i));
        }
        List<Integer> got = new ArrayList<>();
        while (got.isEmpty() || got.get(got.size() - 1) != 999) {
            Frame f = receiver.frames.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("the newest frame arrives").isNotNull();
            assertThat(f.sender()).isEqualTo(a);
            got.add(ByteBuffer.wrap(f.payload()).getInt());
        }
        assertThat(got).isSorted().doesNotHaveDuplicates();
        assertThat(got.size() + sender.meters().framesDropped(DropReason.QUEUE_FULL))
                .isEqualTo(1_000);
        // Paced sends are never dropped.
        for (int i = 1_000; i < 1_100; i++) {
            sender.send(b, frame(a, i));
            Frame f = receiver.frames.poll(10, TimeUnit.SECONDS);
            assertThat(f).isNotNull();
            assertThat(ByteBuffer.wrap(f.payload()).getInt()).isEqualTo(i);
        }
    }

    @Test
    void garbageEmptyAndOversizedConnectionsAreClosedAndTheNodeKeepsServing() throws Exception {
        Recorder receiver = new Recorder();
        NodeAddress a = freeAddress();
        NodeAddress b = freeAddress();
        TcpTransport sender = start(a, new Recorder());
        TcpTransport target = start(b, receiver);
        Random random = new Random(5);

        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        rawSend(b, garbage);
        rawSend(b, new byte[0]);
        byte[] blob = new byte[1 << 20];
        random.nextBytes(blob);
        rawSend(b, blob);
        ByteBuffer huge = ByteBuffer.allocate(FrameCodec.HEADER_BYTES);
        huge.putInt(FrameCodec.MAGIC)
                .put(FrameCodec.VERSION)
                .put((byte) 2)
                .put(FrameCodec.AUTH_NONE)
                .put((byte) 0)
                .putShort((short) 10)
                .putInt(Integer.MAX_VALUE); // the rest (key id, stamp, CRC) stays 0
        rawSend(b, huge.array());

        await("three rejected connections")
                .atMost(Duration.ofSeconds(10))
                .until(() -> target.meters().connectionsRejected() >= 3);
        sender.send(b, frame(a, 42));
        Frame f = receiver.frames.poll(10, TimeUnit.SECONDS);
        assertThat(f).as("valid frames still arrive").isNotNull();
        assertThat(ByteBuffer.wrap(f.payload()).getInt()).isEqualTo(42);
        assertThat(receiver.frames).isEmpty();
    }

    private static void rawSend(NodeAddress to, byte[] bytes) throws IOException {
        try (Socket s = new Socket(to.host(), to.port())) {
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            s.shutdownOutput();
            s.setSoTimeout(5_000);
            try {
                while (s.getInputStream().read() >= 0) {
                    // wait until the node closes the connection
                }
            } catch (IOException closedByPeer) {
                // reset: also a close
            }
        } catch (IOException e) {
            // the node may close before the whole blob is written; that is the point
        }
    }

    @Test
    void sendingToADeadPeerReportsFailureAndReconnectsWhenItComesBack() throws Exception {
        Recorder senderEvents = new Recorder();
        NodeAddress a = freeAddress();
        NodeAddress b = freeAddress();
        TcpTransport sender = start(a, senderEvents);
        sender.send(b, frame(a, 1));
        assertThat(senderEvents.failures.poll(10, TimeUnit.SECONDS)).isEqualTo(b);

        Recorder receiver = new Recorder();
        TcpTransport target = start(b, receiver);
        // retries are paced by backoff; keep sending until one gets through
        await("delivered once the peer is up").atMost(Duration.ofSeconds(10)).until(() -> {
            sender.send(b, frame(a, 2));
            return receiver.frames.poll(100, TimeUnit.MILLISECONDS) != null;
        });
        assertThat(senderEvents.connects).contains(b);

        // The peer restarts: the next frames must go out on a new connection, not into the dead one.
        target.close();
        Recorder again = new Recorder();
        startWhenPortIsFree(b, again);
        await("delivered after the peer restarted")
                .atMost(Duration.ofSeconds(10))
                .until(() -> {
                    sender.send(b, frame(a, 3));
                    return again.frames.poll(100, TimeUnit.MILLISECONDS) != null;
                });
    }

    @Test
    void aFullQueueDropsTheOldestFrames() throws Exception {
        NodeAddress a = freeAddress();
        NodeAddress nowhere = freeAddress(); // nobody listens
        TcpTransport sender = start(a, new Recorder());
        for (int i = 0; i < 10_000; i++) {
            sender.send(nowhere, frame(a, i));
        }
        await("every frame to a dead peer dropped")
                .atMost(Duration.ofSeconds(10))
                .until(() -> sender.meters().framesDropped() >= 10_000);
        assertThat(sender.meters().framesSent()).isZero();
        assertThat(sender.meters().framesDropped(DropReason.UNREACHABLE)
                        + sender.meters().framesDropped(DropReason.QUEUE_FULL))
                .as("given up on because nobody answers, or pushed out of the full queue meanwhile")
                .isEqualTo(10_000);
    }

    @Test
    void listeningOnATakenPortFailsClearly() throws Exception {
        NodeAddress a = freeAddress();
        start(a, new Recorder());
        TcpTransport second = new TcpTransport(TransportConfig.defaults(a), new SimpleMeterRegistry());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.start(new Recorder()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot listen for gossip on " + a);
    }
}
