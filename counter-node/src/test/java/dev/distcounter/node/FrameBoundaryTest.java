package dev.distcounter.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.node.election.ElectionConfig;
import dev.distcounter.node.gossip.GossipConfig;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.time.VirtualScheduler;
import dev.distcounter.node.transport.ChaosSettings;
import dev.distcounter.node.transport.FramesByType;
import dev.distcounter.node.transport.Transport;
import dev.distcounter.node.transport.TransportListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The frame boundary of a {@link ClusterMember}: a payload that does not decode is the sender's
 * bad frame; an exception while handling a decoded message is this node's bug, never a bad frame;
 * either way the scheduler thread goes on with the next frame. Frames enter where the transport
 * hands them over ({@link ClusterMember#onFrame}), on a virtual clock: an exception escaping the
 * boundary would escape {@link VirtualScheduler#runFor} and fail the test.
 *
 * <p>Guarantees: docs/guarantees.md §6.
 */
class FrameBoundaryTest {
    static final NodeAddress SELF = NodeAddress.parse("localhost:9000");
    static final NodeAddress PEER = NodeAddress.parse("localhost:9001");
    static final byte[] GARBAGE = {1, 2, 3};

    final VirtualScheduler scheduler = new VirtualScheduler(0);
    final MeterRegistry registry = new SimpleMeterRegistry();
    final FailingPushTransport transport = new FailingPushTransport();
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger routerLog = (Logger) LoggerFactory.getLogger(FrameRouter.class);
    ClusterMember member;

    /** Sends nothing anywhere, records what it was asked to send, and throws on PUSH when told to. */
    static final class FailingPushTransport implements Transport {
        final List<Frame> sent = new ArrayList<>();
        boolean failPushes;

        @Override
        public NodeAddress localAddress() {
            return SELF;
        }

        @Override
        public void start(TransportListener listener) {}

        @Override
        public void send(NodeAddress to, Frame frame) {
            if (failPushes && frame.type() == MessageType.PUSH) {
                // An IllegalArgumentException on purpose: the old boundary blamed any of those on the peer.
                throw new IllegalArgumentException("injected failure");
            }
            sent.add(frame);
        }

        @Override
        public void close() {}
    }

    @BeforeEach
    void start() throws Exception {
        logged.start();
        routerLog.addAppender(logged);
        routerLog.setAdditive(false); // keep the expected ERROR and its stack out of the build output
        MembershipConfig membership = MembershipConfig.defaults();
        MemberConfig config = new MemberConfig(
                SELF,
                new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(2)),
                membership,
                ElectionConfig.forHeartbeat(9000, membership.heartbeat(), membership.heartbeat()),
                ChaosSettings.NONE,
                1);
        member = new ClusterMember(
                config, CounterStore.inMemory(SELF.toString(), 1), transport, scheduler, new Random(1), registry);
        member.start(List.of());
    }

    @AfterEach
    void stop() {
        member.close();
        routerLog.detachAppender(logged);
        routerLog.setAdditive(true);
    }

    void deliver(MessageType type, byte[] payload) {
        member.onFrame(new Frame(type, PEER, payload));
        scheduler.runFor(Duration.ofMillis(1));
    }

    long count(String meter, MessageType type) {
        return (long) registry.get(meter)
                .tag("type", FramesByType.tag(type))
                .counter()
                .count();
    }

    long total(String meter) {
        return (long) registry.get(meter).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MessageType.class)
    void aPayloadThatDoesNotDecodeIsOneBadFrameFromItsSender(MessageType type) {
        deliver(type, GARBAGE);

        assertThat(count("gossip.frames.bad", type)).isEqualTo(1);
        assertThat(total("gossip.frames.bad")).as("bad frames of any type").isEqualTo(1);
        assertThat(total("gossip.frames.failed")).as("not a bug of this node").isZero();
        assertThat(count("gossip.frames.processed", type)).isEqualTo(1);
        long shownAsBad = type == MessageType.PULL || type == MessageType.PUSH
                ? member.gossipCounts().badFrames()
                : member.clusterView().badFrames();
        assertThat(shownAsBad)
                .as("/health for gossip frames, /cluster for the others")
                .isEqualTo(1);
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .startsWith(SELF + ": ")
                    .contains(type.name(), "from " + PEER, "bad payload");
        });
        assertThat(member.peers().live()).as("a bad frame is still contact").containsExactly(PEER);
    }

    @Test
    void aHandlerThatThrowsIsOneHandlerFailureNotABadFrameAndTheNodeGoesOn() {
        member.add(5); // no peer known yet: nothing is pushed
        scheduler.runFor(Duration.ofMillis(10));
        transport.failPushes = true;

        // This node knows more than the PULL's sender, so it answers with a PUSH, which throws.
        deliver(MessageType.PULL, CounterCodec.encode(PNCounter.empty()));

        assertThat(member.failedFrames()).isEqualTo(1);
        assertThat(count("gossip.frames.failed", MessageType.PULL)).isEqualTo(1);
        assertThat(total("gossip.frames.bad"))
                .as("our bug is not the sender's bad frame")
                .isZero();
        assertThat(member.gossipCounts().badFrames()).isZero();
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage())
                    .startsWith(SELF + ": ")
                    .contains("PULL", "from " + PEER, "injected failure");
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("injected failure");
        });

        // The scheduler thread takes the next frames as usual.
        PNCounter theirs = PNCounter.empty().increment(new ReplicaId(PEER.toString(), 7), 3);
        deliver(MessageType.PUSH, CounterCodec.encode(theirs));
        assertThat(member.state().value())
                .as("the PUSH after the failure was merged")
                .isEqualTo(8);
        deliver(MessageType.HEARTBEAT, GARBAGE);
        assertThat(count("gossip.frames.bad", MessageType.HEARTBEAT)).isEqualTo(1);
        assertThat(member.failedFrames()).isEqualTo(1);
    }

    @Test
    void aValidFrameIsNeitherBadNorFailed() {
        PNCounter theirs = PNCounter.empty().increment(new ReplicaId(PEER.toString(), 7), 3);
        deliver(MessageType.PUSH, CounterCodec.encode(theirs));
        assertThat(member.state().value()).isEqualTo(3);
        assertThat(total("gossip.frames.bad") + total("gossip.frames.failed")).isZero();
        assertThat(member.gossipCounts().framesIn()).isEqualTo(1);
        assertThat(logged.list).isEmpty();
    }
}
