package dev.distcounter.node.transport;

import dev.distcounter.common.LimitWarning;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.Frame;
import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.node.time.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decorator that loses, duplicates, delays (and so reorders) and blocks outbound frames,
 * per destination, and counts what it did. The same decorator wraps the in-memory and the TCP
 * transport, so a scenario runs unchanged over both; with a seeded {@link Random} and a
 * {@link dev.distcounter.node.time.VirtualScheduler} the fault schedule is reproducible.
 *
 * <p>Faults are set from HTTP threads ({@code /admin/chaos}) and read by every send on the
 * node's scheduler thread, so they are one immutable {@link Faults} value, replaced whole: a
 * send sees either the old faults or the new ones, never half of each.
 *
 * <p>A delayed frame is held until it is sent: at most {@link #MAX_HELD_FRAMES} at once (more
 * are dropped, counted as {@code fault_delay_full}), and those still held when the faults stop
 * delaying (a heal) are dropped, counted as {@code fault_healed}, rather than sent late.
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

    /** Delayed frames held at once, at most: some 10 s of a busy node's frames, a few MB. */
    public static final int MAX_HELD_FRAMES = 20_000;

    private static final Logger log = LoggerFactory.getLogger(FaultInjectingTransport.class);

    /** A frame waiting out its delay. */
    private static final class Held {
        final MessageType type;
        volatile Scheduler.Cancellable timer;

        Held(MessageType type) {
            this.type = type;
        }
    }

    private final Transport inner;
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private final AtomicLong heldIds = new AtomicLong();
    private final LimitWarning heldFull = new LimitWarning(log, Duration.ofSeconds(10));
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

    /** Back to a perfect link everywhere; frames still held for a delay are dropped. */
    public synchronized void clearFaults() {
        faults = new Faults(faults.settings(), Map.of(), LinkFaults.NONE);
        dropHeld();
    }

    /** Replaces every fault at once with {@code chaos}: its drop and delay everywhere, its blocked peers cut off. */
    public synchronized void apply(ChaosSettings chaos) {
        Map<NodeAddress, LinkFaults> perLink = new HashMap<>();
        for (NodeAddress peer : chaos.blocked()) {
            perLink.put(peer, LinkFaults.BLOCKED);
        }
        faults = new Faults(chaos, perLink, chaos.linkFaults());
        if (chaos.maxDelay().isZero()) {
            dropHeld();
        }
    }

    /** Frames held for a delay right now. */
    public int heldFrames() {
        return held.size();
    }

    /** Drops every frame held for a delay: the delay is over (a heal), they are not sent late. */
    private void dropHeld() {
        int dropped = 0;
        // A copy: a frame whose timer fires meanwhile is sent or dropped, whichever removes it first.
        for (Long id : List.copyOf(held.keySet())) {
            Held frame = held.remove(id);
            if (frame != null) {
                Scheduler.Cancellable timer = frame.timer;
                if (timer != null) {
                    timer.cancel();
                }
                meters.dropped(frame.type, DropReason.FAULT_HEALED);
                dropped++;
            }
        }
        if (dropped > 0) {
            log.info("{}: chaos delay cleared: dropped {} frame(s) still held for it", inner.localAddress(), dropped);
        }
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
        if (held.size() >= MAX_HELD_FRAMES) {
            meters.dropped(frame.type(), DropReason.FAULT_DELAY_FULL);
            heldFull.hit(n -> inner.localAddress() + ": chaos delay: " + MAX_HELD_FRAMES
                    + " frames already held, dropped " + n + " more instead of delaying them");
            return;
        }
        meters.delayed(frame.type());
        long id = heldIds.incrementAndGet();
        Held waiting = new Held(frame.type());
        held.put(id, waiting);
        waiting.timer = scheduler.schedule(Duration.ofMillis(delayMillis), () -> {
            if (held.remove(id) != null) {
                inner.send(to, frame);
            }
        });
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
