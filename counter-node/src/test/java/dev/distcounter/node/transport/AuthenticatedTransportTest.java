package dev.distcounter.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.FrameAuthenticator;
import dev.distcounter.common.protocol.FrameCodec;
import dev.distcounter.common.protocol.FrameStamp;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.common.protocol.UnauthenticatedFrameException.Reason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyed TCP transports: members exchange frames; a stranger's well-formed frames, frames under
 * another key and captured frames sent again are refused, counted, and their connection closed.
 *
 * <p>Guarantees: docs/guarantees.md §10.
 */
class AuthenticatedTransportTest {
    static final ClusterKey KEY = ClusterKey.generate(new Random(1));
    static final ClusterKey OTHER = ClusterKey.generate(new Random(2));

    final List<TcpTransport> started = new CopyOnWriteArrayList<>();
    final TcpTransportTest.Recorder inbox = new TcpTransportTest.Recorder();
    /** A member's address, and the target's: a keyed transport whose frames land in {@link #inbox}. */
    NodeAddress a;

    NodeAddress b;
    TcpTransport target;

    @BeforeEach
    void startTarget() throws IOException {
        a = TcpTransportTest.freeAddress();
        b = TcpTransportTest.freeAddress();
        target = start(b, Keyring.of(KEY), inbox);
    }

    TcpTransport start(NodeAddress address, Keyring keys, TransportListener listener) throws IOException {
        LiveKeyring keyring = new LiveKeyring(address.toString(), keys);
        TcpTransport t = new TcpTransport(
                TransportConfig.defaults(address), FrameSecurity.of(keyring), new SimpleMeterRegistry());
        t.start(listener);
        started.add(t);
        return t;
    }

    @AfterEach
    void stopAll() {
        started.forEach(TcpTransport::close);
    }

    @Test
    void membersWithTheKeyExchangeFrames() throws Exception {
        TcpTransport sender = start(a, Keyring.of(KEY), new TcpTransportTest.Recorder());
        for (int i = 0; i < 100; i++) {
            sender.send(b, TcpTransportTest.frame(a, i));
            Frame f = inbox.frames.poll(10, TimeUnit.SECONDS);
            assertThat(f).isNotNull();
            assertThat(ByteBuffer.wrap(f.payload()).getInt()).isEqualTo(i);
        }
        assertThat(target.meters().framesUnauthenticated()).isZero();
        assertThat(target.meters().framesReplayed()).isZero();
    }

    /**
     * What a stranger can send (an unsigned PUSH as docs/protocol.md describes it, one under its
     * own key, one naming the cluster's key id) never reaches the node: each is counted and its
     * connection closed, and members go on.
     */
    @Test
    void aStrangersFramesAreRefusedCountedAndTheirConnectionClosed() throws Exception {
        TcpTransport member = start(a, Keyring.of(KEY), new TcpTransportTest.Recorder());
        FrameStamp fresh = new FrameStamp(System.currentTimeMillis(), 1);
        Frame evil = new Frame(MessageType.PUSH, a, new byte[] {0, 0, 0, 1});

        assertClosedAfter(b, new FrameCodec().encode(evil, fresh));
        assertClosedAfter(b, codec(Keyring.of(OTHER)).encode(evil, fresh));
        byte[] namingOurKey = codec(Keyring.of(OTHER)).encode(evil, fresh);
        ByteBuffer.wrap(namingOurKey).putInt(FrameCodec.KEY_ID_OFFSET, KEY.id());
        assertClosedAfter(b, resign(namingOurKey));

        await().atMost(Duration.ofSeconds(5)).until(() -> target.meters().framesUnauthenticated() == 3);
        assertThat(target.meters().framesUnauthenticated(Reason.NO_MAC)).isEqualTo(1);
        assertThat(target.meters().framesUnauthenticated(Reason.UNKNOWN_KEY)).isEqualTo(1);
        assertThat(target.meters().framesUnauthenticated(Reason.BAD_MAC)).isEqualTo(1);
        assertThat(target.meters().connectionsRejected()).isEqualTo(3);
        assertThat(target.meters().framesReceived()).isZero();
        assertThat(inbox.frames).as("nothing reached the node").isEmpty();

        member.send(b, TcpTransportTest.frame(a, 7));
        assertThat(inbox.frames.poll(10, TimeUnit.SECONDS))
                .as("members still get through")
                .isNotNull();
    }

    /** A frame a member really sent, captured and sent again, is refused: whatever its type. */
    @Test
    void aCapturedFrameSentAgainIsRefusedAsAReplay() throws Exception {
        // What the member at a sent, as a wire tap saw it: a COORDINATOR claiming a term.
        FrameCodec members = codec(Keyring.of(KEY));
        Frame coordinator = new Frame(MessageType.COORDINATOR, a, new byte[16]);
        byte[] captured = members.encode(coordinator, new FrameStamp(System.currentTimeMillis(), 41));
        byte[] later = members.encode(coordinator, new FrameStamp(System.currentTimeMillis(), 42));

        try (Socket tap = rawSend(b, captured, later)) {
            assertThat(inbox.frames.poll(10, TimeUnit.SECONDS)).isEqualTo(coordinator);
            assertThat(inbox.frames.poll(10, TimeUnit.SECONDS)).isEqualTo(coordinator);
        }

        assertClosedAfter(b, captured);
        assertClosedAfter(b, later);
        byte[] stale = members.encode(coordinator, new FrameStamp(System.currentTimeMillis() - 60_000, 43));
        assertClosedAfter(b, stale);

        await().atMost(Duration.ofSeconds(5)).until(() -> target.meters().framesReplayed() == 3);
        assertThat(target.meters().framesReceived()).isEqualTo(2);
        assertThat(inbox.frames).isEmpty();
    }

    /** Keyed and unkeyed nodes do not talk: each refuses the other's frames, with a reason. */
    @Test
    void aKeyedAndAnUnkeyedNodeRefuseEachOther() throws Exception {
        TcpTransportTest.Recorder unkeyedInbox = new TcpTransportTest.Recorder();
        TcpTransport unkeyed = start(a, Keyring.NONE, unkeyedInbox);
        target.send(a, TcpTransportTest.frame(b, 1));
        unkeyed.send(b, TcpTransportTest.frame(a, 2));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> unkeyed.meters().framesUnauthenticated(Reason.UNEXPECTED_MAC) >= 1
                        && target.meters().framesUnauthenticated(Reason.NO_MAC) >= 1);
        assertThat(inbox.frames).isEmpty();
        assertThat(unkeyedInbox.frames).isEmpty();
    }

    private static FrameCodec codec(Keyring keyring) {
        return new FrameCodec(FrameCodec.DEFAULT_MAX_PAYLOAD, new FrameAuthenticator(() -> keyring));
    }

    /** The frame with its checksum fixed: anyone can compute a CRC. */
    private static byte[] resign(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, FrameCodec.CRC_OFFSET);
        crc.update(bytes, FrameCodec.HEADER_BYTES, bytes.length - FrameCodec.HEADER_BYTES);
        ByteBuffer.wrap(bytes).putInt(FrameCodec.CRC_OFFSET, (int) crc.getValue());
        return bytes;
    }

    /** Writes the frames on one connection, left open: the node acts on frames as they come. */
    private static Socket rawSend(NodeAddress to, byte[]... frames) throws IOException {
        Socket s = new Socket(to.host(), to.port());
        OutputStream out = s.getOutputStream();
        for (byte[] frame : frames) {
            out.write(frame);
        }
        out.flush();
        return s;
    }

    /** Writes {@code bytes} on a new connection and checks the node closes it (without waiting for more). */
    private static void assertClosedAfter(NodeAddress to, byte[] bytes) throws IOException {
        try (Socket s = new Socket(to.host(), to.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            try {
                assertThat(in.read()).as("the node closed the connection").isEqualTo(-1);
            } catch (SocketException reset) {
                // closed with a reset: also closed
            }
        }
    }
}
