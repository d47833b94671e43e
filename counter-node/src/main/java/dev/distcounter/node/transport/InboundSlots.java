package dev.distcounter.node.transport;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.gossip.Episodes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound gossip connections a {@link TcpTransport} holds, by the {@link InboundLimits}
 * rules: which one makes room for which, and the watch thread ({@code gossip-inbound-watch-<port>})
 * that closes those past their deadline every {@link #SWEEP}. Closing a socket ends its reader
 * thread, which then calls {@link #left}. Counted in {@code gossip.connections.rejected{reason}}
 * ({@code idle}, {@code unidentified_full}, {@code too_many}), shown in
 * {@code gossip.connections.inbound{kind}}; a WARN line at the first closing of an episode.
 * Thread-safe: the accept thread, every reader thread and the watch thread share it.
 */
final class InboundSlots implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundSlots.class);
    /** How often deadlines are checked: the resolution of the timeouts. */
    static final Duration SWEEP = Duration.ofMillis(250);
    /** Closings this far apart are separate episodes, each with a WARN line. */
    private static final Duration QUIET_BETWEEN_WARNINGS = Duration.ofMinutes(1);

    /** One inbound connection and what is known of it. */
    static final class Slot {
        final Socket socket;
        final String remote;
        volatile long lastFrameAt;
        // guarded by the InboundSlots
        NodeAddress sender;
        boolean member;
        boolean gone;

        Slot(Socket socket, long now) {
            this.socket = socket;
            this.remote = String.valueOf(socket.getRemoteSocketAddress());
            this.lastFrameAt = now;
        }

        boolean identified() {
            return sender != null;
        }
    }

    private final NodeAddress self;
    private final InboundLimits limits;
    private final TransportMeters meters;
    private final Predicate<NodeAddress> isMember;
    private final Set<Slot> unidentified = new LinkedHashSet<>(); // oldest first
    private final Map<NodeAddress, ArrayDeque<Slot>> bySender = new HashMap<>();
    private final Episodes closings = new Episodes(QUIET_BETWEEN_WARNINGS);
    private final ScheduledExecutorService watch;
    private int members;
    private int others;

    /** {@code isMember}: whether a sender is in the membership table, asked once per connection. */
    InboundSlots(
            NodeAddress self,
            InboundLimits limits,
            TransportMeters meters,
            Predicate<NodeAddress> isMember,
            MeterRegistry registry) {
        this.self = self;
        this.limits = limits;
        this.meters = meters;
        this.isMember = isMember;
        gauge(registry, "unidentified", s -> s.unidentified.size());
        gauge(registry, "member", s -> s.members);
        gauge(registry, "other", s -> s.others);
        this.watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gossip-inbound-watch-" + self.port());
            t.setDaemon(true);
            return t;
        });
        // Never cancelled on its own: close() shuts the executor down; sweep() throws nothing it expects.
        var unused =
                watch.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void gauge(MeterRegistry registry, String kind, ToIntFunction<InboundSlots> count) {
        Gauge.builder("gossip.connections.inbound", this, s -> {
                    synchronized (s) {
                        return count.applyAsInt(s);
                    }
                })
                .description("inbound gossip connections open, by kind: before the first frame, from members, others")
                .tag("kind", kind)
                .register(registry);
    }

    /** A connection was accepted; it holds an unidentified slot, the oldest one's if all are taken. */
    synchronized Slot arrived(Socket socket) {
        if (limits.onArrival(unidentified.size()) == InboundLimits.Arrival.ADMIT_CLOSING_OLDEST) {
            Slot oldest = unidentified.iterator().next();
            closeSlot(oldest, "unidentified_full", "all " + limits.unidentifiedSlots() + " unidentified slots taken");
        }
        Slot slot = new Slot(socket, System.currentTimeMillis());
        unidentified.add(slot);
        return slot;
    }

    /**
     * A whole frame from {@code sender} was read on {@code slot}; false if the connection is to be
     * closed (it was refused, or closed meanwhile), in which case the frame is not delivered.
     */
    boolean frameRead(Slot slot, NodeAddress sender) {
        slot.lastFrameAt = System.currentTimeMillis();
        synchronized (this) {
            if (slot.gone) {
                return false;
            }
            if (slot.identified()) {
                return true;
            }
            boolean member = isMember.test(sender);
            ArrayDeque<Slot> same = bySender.computeIfAbsent(sender, s -> new ArrayDeque<>());
            switch (limits.onFirstFrame(member, others, same.size())) {
                case CLOSE -> {
                    if (same.isEmpty()) {
                        bySender.remove(sender);
                    }
                    closeSlot(
                            slot,
                            "too_many",
                            "first frame from " + sender + ", no member; already " + others
                                    + " connections from non-members");
                    return false;
                }
                case KEEP_CLOSING_OLDEST_OF_SENDER ->
                    closeSlot(same.peekFirst(), "too_many", "a newer connection from " + sender + " replaces it");
                case KEEP -> {
                    // a slot of its kind
                }
            }
            unidentified.remove(slot);
            slot.sender = sender;
            slot.member = member;
            bySender.computeIfAbsent(sender, s -> new ArrayDeque<>()).addLast(slot);
            if (member) {
                members++;
            } else {
                others++;
            }
            return true;
        }
    }

    /** The connection's reader ended (the socket is closed): its slot is free. */
    synchronized void left(Slot slot) {
        release(slot);
    }

    private void release(Slot slot) {
        if (slot.gone) {
            return;
        }
        slot.gone = true;
        if (!slot.identified()) {
            unidentified.remove(slot);
            return;
        }
        ArrayDeque<Slot> same = bySender.get(slot.sender);
        if (same != null) {
            same.remove(slot);
            if (same.isEmpty()) {
                bySender.remove(slot.sender);
            }
        }
        if (slot.member) {
            members--;
        } else {
            others--;
        }
    }

    /** Closes a connection for {@code reason} (a tag of {@code gossip.connections.rejected}), counted. */
    private void closeSlot(Slot slot, String reason, String why) {
        release(slot);
        meters.rejectedInbound(reason);
        OutboundConnection.closeQuietly(slot.socket);
        if (closings.opens(System.currentTimeMillis())) {
            log.warn(
                    "{}: closing gossip connection from {} ({}): {}; counted in gossip.connections.rejected{reason={}},"
                            + " warned again after {} s without a closing",
                    self,
                    slot.remote,
                    slot.identified() ? slot.sender : "no frame yet",
                    why,
                    reason,
                    QUIET_BETWEEN_WARNINGS.toSeconds());
        }
    }

    /** Closes every connection past its deadline; the watch thread's. */
    synchronized void sweep() {
        long now = System.currentTimeMillis();
        List<Slot> expired = new ArrayList<>();
        for (Slot slot : unidentified) {
            if (limits.expired(false, now - slot.lastFrameAt)) {
                expired.add(slot);
            }
        }
        bySender.values().forEach(same -> {
            for (Slot slot : same) {
                if (limits.expired(true, now - slot.lastFrameAt)) {
                    expired.add(slot);
                }
            }
        });
        for (Slot slot : expired) {
            Duration limit = slot.identified() ? limits.idleTimeout() : limits.firstFrameTimeout();
            closeSlot(slot, "idle", "no whole frame within " + limit.toMillis() + " ms");
        }
    }

    /** Stops the watch thread and closes every connection (the transport is closing). */
    @Override
    public synchronized void close() {
        watch.shutdownNow();
        List<Slot> all = new ArrayList<>(unidentified);
        bySender.values().forEach(all::addAll);
        for (Slot slot : all) {
            release(slot);
            OutboundConnection.closeQuietly(slot.socket);
        }
    }
}
