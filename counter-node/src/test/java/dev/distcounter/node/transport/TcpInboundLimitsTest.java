package dev.distcounter.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inbound limits over real loopback sockets: idle connections are closed and cannot shut
 * peers out; members always get a slot (docs/guarantees.md, "A stranger cannot make a node hold
 * without bound through gossip").
 */
class TcpInboundLimitsTest {
    final List<TcpTransport> started = new CopyOnWriteArrayList<>();
    final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final FrameCodec codec = new FrameCodec();

    /** A recorder that calls {@code members} members. */
    static final class MembersRecorder implements TransportListener {
        final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final Set<NodeAddress> members;

        @Override
        public void onFrame(Frame frame) {
            frames.add(frame);
        }

        MembersRecorder(Set<NodeAddress> members) {
            this.members = members;
        }

        @Override
        public boolean isMember(NodeAddress peer) {
            return members.contains(peer);
        }
    }

    TcpTransport start(NodeAddress address, InboundLimits limits, TransportListener listener) throws IOException {
        TransportConfig defaults = TransportConfig.defaults(address);
        TcpTransport t = new TcpTransport(
                new TransportConfig(
                        address,
                        defaults.maxPayload(),
                        defaults.connectTimeout(),
                        defaults.queueCapacity(),
                        defaults.maxInbound(),
                        defaults.idleTimeout(),
                        limits),
                new SimpleMeterRegistry());
        t.start(listener);
        started.add(t);
        return t;
    }

    Socket open(NodeAddress to) throws IOException {
        Socket s = new Socket(to.host(), to.port());
        sockets.add(s);
        return s;
    }

    /** Whether the node closed {@code s} (a read ends, or is reset). */
    static boolean closedByNode(Socket s) {
        try {
            s.setSoTimeout(20);
            InputStream in = s.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @AfterEach
    void stopAll() {
        sockets.forEach(OutboundConnection::closeQuietly);
        started.forEach(TcpTransport::close);
    }

    @Test
    void connectionsWithoutAWholeFrameInTimeAreClosedAndCounted() throws Exception {
        NodeAddress b = TcpTransportTest.freeAddress();
        TcpTransport target = start(
                b,
                new InboundLimits(8, 16, 2, Duration.ofMillis(300), Duration.ofMillis(600)),
                new MembersRecorder(Set.of()));
        Socket silent = open(b);
        Socket halfAFrame = open(b);
        byte[] frame = codec.encode(TcpTransportTest.frame(new NodeAddress("127.0.0.1", 1), 1));
        halfAFrame.getOutputStream().write(frame, 0, frame.length / 2);
        Socket oneFrameThenSilence = open(b);
        oneFrameThenSilence.getOutputStream().write(frame);

        await("unidentified connections closed after the first-frame deadline")
                .atMost(Duration.ofSeconds(5))
                .until(() -> closedByNode(silent) && closedByNode(halfAFrame));
        await("an identified connection closed after the idle timeout")
                .atMost(Duration.ofSeconds(5))
                .until(() -> closedByNode(oneFrameThenSilence));
        assertThat(target.meters().connectionsIdleClosed()).isEqualTo(3);
    }

    @Test
    void manyIdleConnectionsDoNotShutOutAPeer() throws Exception {
        MembersRecorder receiver = new MembersRecorder(Set.of());
        NodeAddress a = TcpTransportTest.freeAddress();
        NodeAddress b = TcpTransportTest.freeAddress();
        TcpTransport target =
                start(b, new InboundLimits(8, 16, 2, Duration.ofSeconds(30), Duration.ofSeconds(30)), receiver);
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            idle.add(open(b));
        }
        TcpTransport sender = start(a, InboundLimits.defaults(256), new TcpTransportTest.Recorder());
        sender.send(b, TcpTransportTest.frame(a, 7));
        Frame got = receiver.frames.poll(10, TimeUnit.SECONDS);
        assertThat(got).as("the peer's frame arrives past 256 idle connections").isNotNull();
        assertThat(got.sender()).isEqualTo(a);
        await("all but the newest eight idle connections closed")
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        idle.stream().filter(TcpInboundLimitsTest::closedByNode).count() >= 256 - 8);
        assertThat(target.meters().connectionsRejected()).isGreaterThanOrEqualTo(256 - 8);
    }

    @Test
    void membersAlwaysGetASlotAndStrangersStopAtTheirCap() throws Exception {
        NodeAddress member = TcpTransportTest.freeAddress();
        NodeAddress b = TcpTransportTest.freeAddress();
        MembersRecorder receiver = new MembersRecorder(Set.of(member));
        TcpTransport target =
                start(b, new InboundLimits(8, 2, 2, Duration.ofSeconds(30), Duration.ofSeconds(30)), receiver);
        List<Socket> strangers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket s = open(b);
            s.getOutputStream().write(codec.encode(TcpTransportTest.frame(new NodeAddress("stranger", 20_000 + i), i)));
            strangers.add(s);
        }
        await("two strangers kept, two closed")
                .atMost(Duration.ofSeconds(5))
                .until(() -> strangers.stream()
                                .filter(TcpInboundLimitsTest::closedByNode)
                                .count()
                        == 2);

        TcpTransport fromMember = start(member, InboundLimits.defaults(256), new TcpTransportTest.Recorder());
        receiver.frames.clear();
        fromMember.send(b, TcpTransportTest.frame(member, 42));
        await("the member's frame arrives although strangers hold every other slot")
                .atMost(Duration.ofSeconds(5))
                .until(() -> receiver.frames.stream().anyMatch(f -> f.sender().equals(member)));
        assertThat(target.meters().connectionsRejected()).isEqualTo(2);
    }
}
