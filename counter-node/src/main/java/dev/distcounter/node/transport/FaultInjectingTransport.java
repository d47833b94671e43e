package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.node.time.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * A decorator that loses, duplicates, delays (and so reorders) and blocks outbound frames,
 * per destination, and counts what it did. The same decorator wraps the in-memory and the TCP
 * transport, so a scenario runs unchanged over both; with a seeded {@link Random} and a
 * {@link dev.distcounter.node.time.VirtualScheduler} the fault schedule is reproducible.
 *
 * <p>Faults are set from HTTP threads ({@code /admin/chaos}) and read by every send on the
 * node's scheduler thread, so they are one immutable {@link Faults} value, replaced whole: a
 * send sees either the old faults or the new ones, never half of each.
 */
public final class FaultInjectingTransport implements Transport {
    /** Every fault at once: what {@link #apply} last set, the per-link faults, and the rest's. */
    private record Faults(ChaosSettings settings, Map<NodeAddress, LinkFaults> perLink, LinkFaults defaults) {
        static final Faults NONE = new Faults(ChaosSettings.NONE, Map.of(), LinkFaults.NONE);

        Faults {
            perLink = Map.copyOf(perLink);
        }

        LinkFaults on(NodeAddress to) {
            return perLink.getOrDefault(to, defaults);
        }
    }

    private final Transport inner;
    private final Scheduler scheduler;
    private final Random random;
    private final TransportMeters meters;
    private volatile Faults faults = Faults.NONE; // replaced whole, under this

    /** {@code registry}: the node's, where dropped, delayed and duplicated frames are counted. */
    public FaultInjectingTransport(Transport inner, Scheduler scheduler, Random random, MeterRegistry registry) {
        this.inner = inner;
        this.scheduler = scheduler;
        this.random = random;
        this.meters = new TransportMeters(registry);
    }

    /** Faults for every link without its own setting. */
    public synchronized void setDefaultFaults(LinkFaults linkFaults) {
        faults = new Faults(faults.settings(), faults.perLink(), linkFaults);
    }

    public synchronized void setFaults(NodeAddress to, LinkFaults linkFaults) {
        Map<NodeAddress, LinkFaults> perLink = new HashMap<>(faults.perLink());
        perLink.put(to, linkFaults);
        faults = new Faults(faults.settings(), perLink, faults.defaults());
    }

    /** Back to a perfect link everywhere. */
    public synchronized void clearFaults() {
        faults = new Faults(faults.settings(), Map.of(), LinkFaults.NONE);
    }

    /** Replaces every fault at once with {@code chaos}: its drop and delay everywhere, its blocked peers cut off. */
    public synchronized void apply(ChaosSettings chaos) {
        Map<NodeAddress, LinkFaults> perLink = new HashMap<>();
        for (NodeAddress peer : chaos.blocked()) {
            perLink.put(peer, LinkFaults.BLOCKED);
        }
        faults = new Faults(chaos, perLink, chaos.linkFaults());
    }

    /** What {@link #apply} last set ({@link ChaosSettings#NONE} before). */
    public ChaosSettings settings() {
        return faults.settings();
    }

    /** What the node's transport did so far, the faults injected here included. */
    public TransportMeters meters() {
        return meters;
    }

    @Override
    public void send(NodeAddress to, Frame frame) {
        LinkFaults link = faults.on(to);
        if (link.blocked()) {
            meters.dropped(frame.type(), DropReason.FAULT_BLOCKED);
            return;
        }
        long delay;
        long duplicateDelay = -1;
        synchronized (random) {
            if (link.loss() > 0 && random.nextDouble() < link.loss()) {
                meters.dropped(frame.type(), DropReason.FAULT_LOSS);
                return;
            }
            delay = pickDelay(link);
            if (link.duplicate() > 0 && random.nextDouble() < link.duplicate()) {
                duplicateDelay = pickDelay(link);
            }
        }
        sendAfter(to, frame, delay);
        if (duplicateDelay >= 0) {
            meters.duplicated(frame.type());
            sendAfter(to, frame, duplicateDelay);
        }
    }

    private long pickDelay(LinkFaults link) {
        long min = link.minDelay().toMillis();
        long max = link.maxDelay().toMillis();
        return max > min ? min + (long) (random.nextDouble() * (max - min + 1)) : min;
    }

    private void sendAfter(NodeAddress to, Frame frame, long delayMillis) {
        if (delayMillis <= 0) {
            inner.send(to, frame);
            return;
        }
        meters.delayed(frame.type());
        scheduler.schedule(Duration.ofMillis(delayMillis), () -> inner.send(to, frame));
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
    public void close() {
        inner.close();
    }
}
