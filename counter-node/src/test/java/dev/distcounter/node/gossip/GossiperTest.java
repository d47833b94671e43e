package dev.distcounter.node.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.crdt.CounterCodec;
import dev.distcounter.node.crdt.CounterEntry;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.crdt.ReplicaId;
import dev.distcounter.node.membership.MembershipConfig;
import dev.distcounter.node.membership.PeerSource;
import dev.distcounter.node.membership.PeerTable;
import dev.distcounter.node.storage.CounterStore;
import dev.distcounter.node.time.VirtualScheduler;
import dev.distcounter.node.transport.Transport;
import dev.distcounter.node.transport.TransportListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One gossiper against a recording transport: which frames it sends, to whom, and when. */
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
            peers.learned(p, PeerSource.DISCOVERY, 0);
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
        gossiper.handle(from(A, MessageType.PULL, theirs));
        scheduler.runFor(Duration.ofMillis(1));
        Sent reply = sent.stream().filter(s -> s.to().equals(A)).findFirst().orElseThrow();
        assertThat(reply.frame().type()).isEqualTo(MessageType.PUSH);
        assertThat(decode(reply.frame()).value()).isEqualTo(7);
        sent.clear();
        gossiper.handle(from(A, MessageType.PULL, store.current()));
        scheduler.runFor(Duration.ofMillis(100));
        assertThat(sent).as("same state: no reply, nothing to pass on").isEmpty();
    }

    @Test
    void theSendersOwnNewsIsNotPassedOnButThirdPartyNewsIs() {
        PNCounter own = PNCounter.empty().increment(new ReplicaId(A.toString(), 1), 2);
        gossiper.handle(from(A, MessageType.PUSH, own));
        scheduler.runFor(Duration.ofMillis(100));
        assertThat(sent).as("A pushed its own increment to everyone").isEmpty();
        PNCounter relayed = own.increment(new ReplicaId(B.toString(), 1), 1);
        gossiper.handle(from(A, MessageType.PUSH, relayed));
        scheduler.runFor(Duration.ofMillis(100));
        assertThat(sent).as("B's entry came second-hand: pass it on").hasSize(3);
    }

    @Test
    void aStateThatWouldOverflowIsRefusedAndCounted() {
        PNCounter huge = PNCounter.of(Map.of(new ReplicaId(A.toString(), 1), new CounterEntry(Long.MAX_VALUE, 0)));
        store.add(1);
        gossiper.handle(from(A, MessageType.PUSH, huge));
        assertThat(gossiper.meters().mergesRefused()).isEqualTo(1);
        assertThat(gossiper.meters().merges()).isZero();
        assertThat(store.current().value()).isEqualTo(1);
    }

    @Test
    void itsFiguresAreMetersInTheRegistryItWasGiven() {
        gossiper.antiEntropyRound();
        store.add(5);
        gossiper.handle(from(A, MessageType.PULL, PNCounter.empty()));
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
