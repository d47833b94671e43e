package dev.distcounter.node.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.CounterEntry;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.time.VirtualScheduler;
import dev.distcounter.node.transport.Transport;
import dev.distcounter.node.transport.TransportListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One gossiper against a recording transport: which frames it sends, to whom, and when.
 *
 * <p>Guarantees: docs/guarantees.md §4, §5, §8 and §9.
 */
class GossiperTest {
    record Sent(NodeAddress to, Frame frame) {}

    static final NodeAddress SELF = NodeAddress.parse("localhost:9000");
    static final NodeAddress A = NodeAddress.parse("localhost:9001");
    static final NodeAddress B = NodeAddress.parse("localhost:9002");
    static final NodeAddress C = NodeAddress.parse("localhost:9003");

    final VirtualScheduler scheduler = new VirtualScheduler(0);
    final List<Sent> sent = new ArrayList<>();
    final CounterStore store = CounterStore.inMemory(SELF.toString(), 1);
    final MeterRegistry registry = new SimpleMeterRegistry();
    final PeerTable peers = new PeerTable(SELF, MembershipConfig.defaults(), registry);
    Gossiper gossiper;

    final Transport recording = new Transport() {
        @Override
        public NodeAddress localAddress() {
            return SELF;
        }

        @Override
        public void start(TransportListener listener) {}

        @Override
        public void send(NodeAddress to, Frame frame) {
            sent.add(new Sent(to, frame));
        }

        @Override
        public void close() {}
    };

    @BeforeEach
    void start() {
        for (NodeAddress p : List.of(A, B, C)) {
            peers.heardFrom(p, 0); // members: gossip talks to no hints
        }
        gossiper = new Gossiper(
                SELF,
                new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(5)),
                store,
                peers,
                recording,
                scheduler,
                new Random(1),
                registry);
        gossiper.start();
    }

    /** As the frame router hands it a message: the answer to a PULL runs after what is queued. */
    void handle(GossipMessage message) {
        gossiper.handle(message, scheduler::execute);
    }

    static GossipMessage from(NodeAddress sender, MessageType type, PNCounter state) {
        return new GossipMessage(type, sender, state);
    }

    @Test
    void aBurstOfLocalUpdatesBecomesOnePushPerPeerPerInterval() {
        store.add(1);
        gossiper.localUpdate();
        scheduler.runFor(Duration.ofMillis(1));
        assertThat(sent).hasSize(3).allMatch(s -> s.frame().type() == MessageType.PUSH);
        sent.clear();
        for (int i = 0; i < 100; i++) {
            store.add(1);
            gossiper.localUpdate();
        }
        // The first push went out at t=0; the next may go at t=5 (push interval), now is t=1.
        scheduler.runFor(Duration.ofMillis(3));
        assertThat(sent).as("within the push interval: nothing yet").isEmpty();
        scheduler.runFor(Duration.ofMillis(1));
        assertThat(sent).hasSize(3);
        assertThat(decode(sent.get(0).frame()).value()).isEqualTo(101);
    }

    @Test
    void everySyncIntervalPullsFromMaxPeersAndProbesOneDeadPeer() {
        peers.heardFrom(A, 9_000);
        peers.heardFrom(B, 9_000);
        peers.tick(10_000); // C silent since 0: dead
        scheduler.runFor(Duration.ofSeconds(2));
        assertThat(sent).hasSize(3).allMatch(s -> s.frame().type() == MessageType.PULL);
        assertThat(sent.stream().map(Sent::to)).containsExactlyInAnyOrder(A, B, C);
    }

    @Test
    void aPullIsAnsweredOnlyWhenThisNodeKnowsMore() {
        store.add(5);
        PNCounter theirs = PNCounter.empty().increment(new ReplicaId(A.toString(), 1), 2);
        handle(from(A, MessageType.PULL, theirs));
        scheduler.runFor(Duration.ofMillis(1));
        Sent reply = sent.stream().filter(s -> s.to().equals(A)).findFirst().orElseThrow();
        assertThat(reply.frame().type()).isEqualTo(MessageType.PUSH);
        assertThat(decode(reply.frame()).value()).isEqualTo(7);
        sent.clear();
        handle(from(A, MessageType.PULL, store.current()));
        scheduler.runFor(Duration.ofMillis(100));
        assertThat(sent).as("same state: no reply, nothing to pass on").isEmpty();
    }

    @Test
    void theSendersOwnNewsIsNotPassedOnButThirdPartyNewsIs() {
        PNCounter own = PNCounter.empty().increment(new ReplicaId(A.toString(), 1), 2);
        handle(from(A, MessageType.PUSH, own));
        scheduler.runFor(Duration.ofMillis(100));
        assertThat(sent).as("A pushed its own increment to everyone").isEmpty();
        PNCounter relayed = own.increment(new ReplicaId(B.toString(), 1), 1);
        handle(from(A, MessageType.PUSH, relayed));
        scheduler.runFor(Duration.ofMillis(100));
        assertThat(sent).as("B's entry came second-hand: pass it on").hasSize(3);
    }

    @Test
    void aStateThatWouldOverflowIsRefusedAndCounted() {
        PNCounter huge = PNCounter.of(Map.of(new ReplicaId(A.toString(), 1), new CounterEntry(Long.MAX_VALUE, 0)));
        store.add(1);
        handle(from(A, MessageType.PUSH, huge));
        assertThat(gossiper.meters().mergesRefused()).isEqualTo(1);
        assertThat(gossiper.meters().merges()).isZero();
        assertThat(store.current().value()).isEqualTo(1);
    }

    /** {@code count} replicas of {@code node}'s earlier lives, one unit each. */
    static PNCounter earlierLives(NodeAddress node, int count) {
        Map<ReplicaId, CounterEntry> entries = new HashMap<>();
        for (int i = 1; i <= count; i++) {
            entries.put(new ReplicaId(node.toString(), i), new CounterEntry(1, 0));
        }
        return PNCounter.of(entries);
    }

    Gossiper gossiperWith(GossipConfig config) {
        gossiper.stop();
        return new Gossiper(SELF, config, store, peers, recording, scheduler, new Random(1), new SimpleMeterRegistry());
    }

    /** Promise 9: a state larger than a frame goes out as several frames of one type, which merge back to it. */
    @Test
    void aStateLargerThanAFrameGoesOutInPartsThatMergeBackToIt() {
        gossiper = gossiperWith(
                new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(5)).withMaxStateBytes(512));
        store.merge(earlierLives(A, 100)); // about 3.3 KB encoded
        store.add(1);
        gossiper.localUpdate();
        scheduler.runFor(Duration.ofMillis(1));
        for (NodeAddress peer : List.of(A, B, C)) {
            List<Frame> frames = sent.stream()
                    .filter(s -> s.to().equals(peer))
                    .map(Sent::frame)
                    .toList();
            assertThat(frames).hasSizeGreaterThan(6).allSatisfy(frame -> {
                assertThat(frame.type()).isEqualTo(MessageType.PUSH);
                assertThat(frame.payload().length).isLessThanOrEqualTo(512);
            });
            PNCounter merged = frames.stream().map(GossiperTest::decode).reduce(PNCounter.empty(), PNCounter::merge);
            assertThat(merged).isEqualTo(store.current());
        }
    }

    /**
     * Promise 9: a PULL in parts is answered once, against everything its parts showed: not at
     * all when they showed all this node knows, in one answer (in parts) when it knows more.
     */
    @Test
    void aPullInPartsIsAnsweredOnceAgainstAllItsParts() {
        gossiper = gossiperWith(
                new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(5)).withMaxStateBytes(512));
        PNCounter theirs = earlierLives(A, 100);
        store.merge(theirs);
        for (int round = 0; round < 2; round++) {
            for (byte[] part : CounterCodec.encodeParts(theirs, 512)) {
                handle(new GossipMessage(MessageType.PULL, A, decode(new Frame(MessageType.PULL, A, part))));
            }
            scheduler.runFor(Duration.ofMillis(1));
            assertThat(sent).as("the parts together showed everything").isEmpty();
        }
        store.add(1);
        List<byte[]> parts = CounterCodec.encodeParts(theirs, 512);
        assertThat(parts).hasSizeGreaterThan(6);
        for (byte[] part : parts) {
            handle(new GossipMessage(MessageType.PULL, A, decode(new Frame(MessageType.PULL, A, part))));
        }
        scheduler.runFor(Duration.ofMillis(1));
        assertThat(gossiper.meters().replies()).isEqualTo(1);
        assertThat(sent).allSatisfy(s -> assertThat(s.to()).isEqualTo(A));
        assertThat(sent.stream().map(s -> decode(s.frame())).reduce(PNCounter.empty(), PNCounter::merge))
                .isEqualTo(store.current());
    }

    /**
     * Promise 8: new entries beyond the cap are refused and counted, the rest of the frame is
     * merged, and the refusals make one WARN line per episode (a minute without one ends it).
     */
    @Test
    void newEntriesBeyondTheCapAreRefusedCountedAndWarnedOncePerEpisode() {
        gossiper = gossiperWith(new GossipConfig(Duration.ofSeconds(2), 2, 8, Duration.ofMillis(5)).withMaxReplicas(8));
        store.add(1); // this node's own entry: 1 of 8
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger gossipLog = (Logger) LoggerFactory.getLogger(Gossiper.class);
        logged.start();
        gossipLog.addAppender(logged);
        try {
            handle(from(A, MessageType.PUSH, earlierLives(A, 10))); // members: 7 fit
            assertThat(store.current().entries()).hasSize(8);
            assertThat(gossiper.meters().entriesRefused()).isEqualTo(3);
            // The newest lives were taken; the newest's news comes with the refused ones again.
            PNCounter known = earlierLives(A, 10).increment(new ReplicaId(A.toString(), 10), 5);
            handle(from(A, MessageType.PUSH, known));
            assertThat(store.current().entry(new ReplicaId(A.toString(), 10)))
                    .as("a known replica's news in the same frame is merged")
                    .isEqualTo(new CounterEntry(6, 0));
            assertThat(gossiper.meters().entriesRefused()).isEqualTo(6);
            scheduler.runFor(Duration.ofSeconds(59));
            handle(from(A, MessageType.PUSH, known));
            assertThat(logged.list).as("one episode so far").hasSize(1);
            scheduler.runFor(Duration.ofSeconds(60));
            handle(from(A, MessageType.PUSH, known));
            assertThat(logged.list).as("a quiet minute ended the first episode").hasSize(2);
            assertThat(logged.list.get(0).getFormattedMessage())
                    .isEqualTo("localhost:9000: refusing 3 new replica entries from localhost:9001: this node holds 8"
                            + " and --max-replicas is 8 (new entries of nodes that are not members stop at 6);"
                            + " counted in gossip.entries.refused, warned again after 60 s without a refusal; a"
                            + " cluster with that many replicas needs a larger --max-replicas on every node");
        } finally {
            gossipLog.detachAppender(logged);
        }
    }

    @Test
    void itsFiguresAreMetersInTheRegistryItWasGiven() {
        gossiper.antiEntropyRound();
        store.add(5);
        handle(from(A, MessageType.PULL, PNCounter.empty()));
        scheduler.runFor(Duration.ofMillis(1)); // the answer goes once the PULL's parts are in
        assertThat(registry.get("gossip.rounds").counter().count())
                .isEqualTo((double) gossiper.meters().rounds());
        assertThat(gossiper.meters().rounds()).as("the one started by hand").isEqualTo(1);
        assertThat(registry.get("gossip.replies").counter().count()).isEqualTo(1);
    }

    static PNCounter decode(Frame frame) {
        try {
            return CounterCodec.decode(frame.payload());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
