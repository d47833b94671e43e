package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.node.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A decorator that loses, duplicates, delays (and so reorders) and blocks outbound frames,
 * per destination, and counts what it did. The same decorator wraps the in-memory and the TCP
 * transport, so a scenario runs unchanged over both; with a seeded {@link Random} and a
 * {@link dev.distcounter.node.time.VirtualScheduler} the fault schedule is reproducible.
 */
public final class FaultInjectingTransport implements Transport {
    private final Transport inner;
    private final Scheduler scheduler;
    private final Random random;
    private final Map<NodeAddress, LinkFaults> perLink = new ConcurrentHashMap<>();
    private volatile LinkFaults defaults = LinkFaults.NONE;
    private ChaosSettings settings = ChaosSettings.NONE; // guarded by this
    private final LongAdder blocked = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder delayed = new LongAdder();
    private final LongAdder duplicated = new LongAdder();

    public FaultInjectingTransport(Transport inner, Scheduler scheduler, Random random) {
        this.inner = inner;
        this.scheduler = scheduler;
        this.random = random;
    }

    /** Faults for every link without its own setting. */
    public void setDefaultFaults(LinkFaults faults) {
        this.defaults = faults;
    }

    public void setFaults(NodeAddress to, LinkFaults faults) {
        perLink.put(to, faults);
    }

    /** Back to a perfect link everywhere. */
    public void clearFaults() {
        perLink.clear();
        defaults = LinkFaults.NONE;
    }

    /** Replaces every fault at once with {@code chaos}: its drop and delay everywhere, its blocked peers cut off. */
    public synchronized void apply(ChaosSettings chaos) {
        perLink.clear();
        for (NodeAddress peer : chaos.blocked()) {
            perLink.put(peer, LinkFaults.BLOCKED);
        }
        defaults = chaos.linkFaults();
        settings = chaos;
    }

    /** What {@link #apply} last set ({@link ChaosSettings#NONE} before). */
    public synchronized ChaosSettings settings() {
        return settings;
    }

    public FaultStats faultStats() {
        return new FaultStats(blocked.sum(), lost.sum(), delayed.sum(), duplicated.sum());
    }

    @Override
    public void send(NodeAddress to, Frame frame) {
        LinkFaults faults = perLink.getOrDefault(to, defaults);
        if (faults.blocked()) {
            blocked.increment();
            return;
        }
        long delay;
        long duplicateDelay = -1;
        synchronized (random) {
            if (faults.loss() > 0 && random.nextDouble() < faults.loss()) {
                lost.increment();
                return;
            }
            delay = pickDelay(faults);
            if (faults.duplicate() > 0 && random.nextDouble() < faults.duplicate()) {
                duplicateDelay = pickDelay(faults);
            }
        }
        sendAfter(to, frame, delay);
        if (duplicateDelay >= 0) {
            duplicated.increment();
            sendAfter(to, frame, duplicateDelay);
        }
    }

    private long pickDelay(LinkFaults faults) {
        long min = faults.minDelay().toMillis();
        long max = faults.maxDelay().toMillis();
        return max > min ? min + (long) (random.nextDouble() * (max - min + 1)) : min;
    }

    private void sendAfter(NodeAddress to, Frame frame, long delayMillis) {
        if (delayMillis <= 0) {
            inner.send(to, frame);
            return;
        }
        delayed.increment();
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
    public TransportStats stats() {
        return inner.stats();
    }

    @Override
    public void close() {
        inner.close();
    }
}
