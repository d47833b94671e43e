package dev.distcounter.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.time.VirtualScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultInjectingTransportTest {
    final VirtualScheduler scheduler = new VirtualScheduler(0);
    final InMemoryNetwork network = new InMemoryNetwork(scheduler, Duration.ofMillis(1));
    final NodeAddress a = new NodeAddress("a", 1);
    final NodeAddress b = new NodeAddress("b", 2);
    final NodeAddress c = new NodeAddress("c", 3);
    final List<Integer> atB = new ArrayList<>();
    final List<Integer> atC = new ArrayList<>();
    /** Node a's meters: its endpoint and the fault injection around it count there. */
    final MeterRegistry registryA = new SimpleMeterRegistry();

    FaultInjectingTransport wire(long seed) throws Exception {
        FaultInjectingTransport from =
                new FaultInjectingTransport(network.endpoint(a, registryA), scheduler, new Random(seed), registryA);
        from.start(frame -> {});
        network.endpoint(b, new SimpleMeterRegistry()).start(frame -> atB.add((int) frame.payload()[0]));
        network.endpoint(c, new SimpleMeterRegistry()).start(frame -> atC.add((int) frame.payload()[0]));
        return from;
    }

    Frame frame(int n) {
        return new Frame(MessageType.PUSH, a, new byte[] {(byte) n});
    }

    @Test
    void aPerfectLinkDeliversEverythingInOrder() throws Exception {
        FaultInjectingTransport t = wire(1);
        for (int i = 0; i < 100; i++) {
            t.send(b, frame(i));
        }
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(atB).hasSize(100).isSorted();
        assertThat(t.meters().framesSent())
                .as("sent by the endpoint, counted on a's registry")
                .isEqualTo(100);
        assertThat(t.meters().framesDropped(DropReason.FAULT_LOSS)).isZero();
        assertThat(t.meters().framesDropped(DropReason.FAULT_BLOCKED)).isZero();
        assertThat(t.meters().framesDelayed()).isZero();
        assertThat(t.meters().framesDuplicated()).isZero();
    }

    @Test
    void lossDropsAboutTheConfiguredShareAndCountsIt() throws Exception {
        FaultInjectingTransport t = wire(2);
        t.setDefaultFaults(LinkFaults.lossy(0.3));
        for (int i = 0; i < 1_000; i++) {
            t.send(b, frame(i % 100));
        }
        scheduler.runFor(Duration.ofSeconds(1));
        long lost = t.meters().framesDropped(DropReason.FAULT_LOSS);
        assertThat(lost).isBetween(240L, 360L);
        assertThat(atB).hasSize(1_000 - (int) lost);
        assertThat(registryA
                        .get("gossip.frames.dropped")
                        .tags("type", "push", "reason", "fault_loss")
                        .counter()
                        .count())
                .as("by type and reason")
                .isEqualTo((double) lost);
        assertThat(t.meters().framesDropped())
                .as("injected faults are not the transport's drops")
                .isZero();
    }

    @Test
    void blockingIsPerLink() throws Exception {
        FaultInjectingTransport t = wire(3);
        t.setFaults(b, LinkFaults.BLOCKED);
        t.send(b, frame(1));
        t.send(c, frame(2));
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(atB).isEmpty();
        assertThat(atC).containsExactly(2);
        assertThat(t.meters().framesDropped(DropReason.FAULT_BLOCKED)).isEqualTo(1);
        t.clearFaults();
        t.send(b, frame(3));
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(atB).containsExactly(3);
    }

    @Test
    void delaysReorderAndDuplicatesArriveTwice() throws Exception {
        FaultInjectingTransport t = wire(4);
        t.setDefaultFaults(new LinkFaults(0, 0.5, Duration.ZERO, Duration.ofMillis(100), false));
        for (int i = 0; i < 100; i++) {
            t.send(b, frame(i));
        }
        scheduler.runFor(Duration.ofSeconds(1));
        long duplicated = t.meters().framesDuplicated();
        assertThat(atB).hasSize(100 + (int) duplicated);
        assertThat(duplicated).isBetween(30L, 70L);
        assertThat(atB).isNotEqualTo(atB.stream().sorted().toList());
    }

    @Test
    void theSameSeedGivesTheSameSchedule() throws Exception {
        List<Integer> first = runWithSeed(9);
        atB.clear();
        assertThat(runWithSeed(9)).isEqualTo(first);
    }

    private List<Integer> runWithSeed(long seed) throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        FaultInjectingTransport t =
                new FaultInjectingTransport(network.endpoint(a, registry), scheduler, new Random(seed), registry);
        t.start(frame -> {});
        network.endpoint(b, new SimpleMeterRegistry()).start(frame -> atB.add((int) frame.payload()[0]));
        t.setDefaultFaults(new LinkFaults(0.2, 0.2, Duration.ZERO, Duration.ofMillis(30), false));
        for (int i = 0; i < 50; i++) {
            t.send(b, frame(i));
        }
        scheduler.runFor(Duration.ofSeconds(1));
        return new ArrayList<>(atB);
    }

    @Test
    void faultSettingsAreValidated() {
        assertThatThrownBy(() -> LinkFaults.lossy(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LinkFaults(0, 0, Duration.ofMillis(5), Duration.ofMillis(1), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendingToANodeThatIsNotRunningIsReportedAsAFailure() throws Exception {
        List<NodeAddress> failed = new ArrayList<>();
        MeterRegistry registry = new SimpleMeterRegistry();
        Transport from = network.endpoint(a, registry);
        from.start(new TransportListener() {
            @Override
            public void onFrame(Frame frame) {}

            @Override
            public void onSendFailed(NodeAddress to, String reason) {
                failed.add(to);
            }
        });
        from.send(new NodeAddress("nobody", 9), frame(1));
        scheduler.runFor(Duration.ofMillis(10));
        assertThat(failed).containsExactly(new NodeAddress("nobody", 9));
        assertThat(new TransportMeters(registry).framesDropped(DropReason.UNREACHABLE))
                .isEqualTo(1);
    }

    @Test
    void aHealDropsTheFramesStillHeldForADelayAndCountsThem() throws Exception {
        FaultInjectingTransport t = wire(1);
        t.apply(new ChaosSettings(0, Duration.ofSeconds(10), Duration.ofSeconds(10), java.util.Set.of()));
        for (int i = 0; i < 50; i++) {
            t.send(b, frame(i));
        }
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(t.heldFrames()).isEqualTo(50);
        t.apply(ChaosSettings.NONE);
        assertThat(t.heldFrames()).as("nothing is held after a heal").isZero();
        assertThat(t.meters().framesDropped(DropReason.FAULT_HEALED)).isEqualTo(50);
        t.send(b, frame(99));
        scheduler.runFor(Duration.ofSeconds(20));
        assertThat(atB).as("the held frames are never sent late").containsExactly(99);
    }

    @Test
    void atMostMaxHeldFramesAreHeldAtOnce() throws Exception {
        FaultInjectingTransport t = wire(1);
        t.apply(new ChaosSettings(0, Duration.ofSeconds(5), Duration.ofSeconds(5), java.util.Set.of()));
        for (int i = 0; i < FaultInjectingTransport.MAX_HELD_FRAMES + 10; i++) {
            t.send(b, frame(i));
        }
        assertThat(t.heldFrames()).isEqualTo(FaultInjectingTransport.MAX_HELD_FRAMES);
        assertThat(t.meters().framesDropped(DropReason.FAULT_DELAY_FULL)).isEqualTo(10);
        scheduler.runFor(Duration.ofSeconds(6));
        assertThat(t.heldFrames()).as("sent once their delay is over").isZero();
    }
}
