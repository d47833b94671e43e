package dev.distcounter.node.transport;

import dev.distcounter.common.protocol.MessageType;
import dev.distcounter.common.protocol.UnauthenticatedFrameException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a node's transport did to its frames, as meters: sent, received and dropped (by type and
 * reason), delayed and duplicated by fault injection, bytes sent, inbound connections refused,
 * and frames refused as unauthenticated or replayed.
 * The TCP or in-memory transport and the {@link FaultInjectingTransport} around it each build
 * one on the node's registry; the registry hands both the same counters. Thread-safe.
 */
public final class TransportMeters {
    private final FramesByType sent;
    private final FramesByType received;
    private final Map<DropReason, FramesByType> dropped = new EnumMap<>(DropReason.class);
    private final FramesByType delayed;
    private final FramesByType duplicated;
    private final Counter bytesSent;
    private final Counter rejectedInvalid;
    private final Counter rejectedTooMany;
    private final Counter rejectedUnauthenticated;
    private final Counter rejectedReplayed;
    private final Map<UnauthenticatedFrameException.Reason, Counter> unauthenticated =
            new EnumMap<>(UnauthenticatedFrameException.Reason.class);
    private final Map<ReplayGuard.Verdict, Counter> replayed = new EnumMap<>(ReplayGuard.Verdict.class);
    private final Counter rejectedIdle;
    private final Counter rejectedUnidentifiedFull;

    public TransportMeters(MeterRegistry registry) {
        sent = new FramesByType(
                registry, "gossip.frames.sent", "frames handed to the network (written to a socket, or delivered)");
        received = new FramesByType(registry, "gossip.frames.received", "valid frames read from the network");
        for (DropReason reason : DropReason.values()) {
            dropped.put(
                    reason,
                    new FramesByType(
                            registry,
                            "gossip.frames.dropped",
                            "frames given up on, by reason",
                            Tags.of("reason", reason.tag())));
        }
        delayed = new FramesByType(registry, "gossip.frames.delayed", "frames sent late by fault injection");
        duplicated = new FramesByType(registry, "gossip.frames.duplicated", "frames sent twice by fault injection");
        bytesSent = Counter.builder("gossip.sent")
                .description("bytes of the frames sent")
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
        rejectedInvalid = rejected(registry, "invalid_frame");
        rejectedTooMany = rejected(registry, "too_many");
        rejectedUnauthenticated = rejected(registry, "unauthenticated");
        rejectedReplayed = rejected(registry, "replayed");
        for (UnauthenticatedFrameException.Reason reason : UnauthenticatedFrameException.Reason.values()) {
            unauthenticated.put(
                    reason,
                    Counter.builder("gossip.frames.unauthenticated")
                            .description("frames refused because the keyring does not let them in (no MAC, a MAC"
                                    + " without a key here, an unknown key, a MAC that does not verify)")
                            .tag("reason", reason.tag())
                            .register(registry));
        }
        for (ReplayGuard.Verdict verdict : ReplayGuard.Verdict.values()) {
            if (verdict != ReplayGuard.Verdict.FRESH) {
                replayed.put(
                        verdict,
                        Counter.builder("gossip.frames.replayed")
                                .description("authenticated frames refused as not fresh: stamped outside the window,"
                                        + " or not later than the sender's last frame")
                                .tag("reason", verdict.tag())
                                .register(registry));
            }
        }
        rejectedIdle = rejected(registry, "idle");
        rejectedUnidentifiedFull = rejected(registry, "unidentified_full");
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder("gossip.connections.rejected")
                .description("inbound connections closed: not a valid frame, too many open, no whole frame in time,"
                        + " pushed out of a full set of unidentified slots, an unauthenticated or a replayed frame")
                .tag("reason", reason)
                .register(registry);
    }

    void sent(MessageType type) {
        sent.increment(type);
    }

    void sent(MessageType type, long frames) {
        sent.increment(type, frames);
    }

    void bytesSent(long bytes) {
        bytesSent.increment((double) bytes);
    }

    void received(MessageType type) {
        received.increment(type);
    }

    void dropped(MessageType type, DropReason reason) {
        dropped.get(reason).increment(type);
    }

    void dropped(MessageType type, DropReason reason, long frames) {
        dropped.get(reason).increment(type, frames);
    }

    void delayed(MessageType type) {
        delayed.increment(type);
    }

    void duplicated(MessageType type) {
        duplicated.increment(type);
    }

    /** An inbound connection sent bytes that are not a valid frame. */
    void rejectedInvalid() {
        rejectedInvalid.increment();
    }

    /** An inbound connection sent a frame its keyring does not let in; the connection is closed. */
    void unauthenticated(UnauthenticatedFrameException.Reason reason) {
        unauthenticated.get(reason).increment();
        rejectedUnauthenticated.increment();
    }

    /** An inbound connection sent an authenticated frame that is not fresh; the connection is closed. */
    void replayed(ReplayGuard.Verdict verdict) {
        replayed.get(verdict).increment();
        rejectedReplayed.increment();
    }

    /** An inbound connection was closed by the {@link InboundLimits}: {@code idle}, {@code unidentified_full} or {@code too_many}. */
    void rejectedInbound(String reason) {
        switch (reason) {
            case "idle" -> rejectedIdle.increment();
            case "unidentified_full" -> rejectedUnidentifiedFull.increment();
            case "too_many" -> rejectedTooMany.increment();
            default -> throw new IllegalArgumentException("no such reason: " + reason);
        }
    }

    /** Inbound connections closed for having sent no whole frame within their deadline. */
    public long connectionsIdleClosed() {
        return (long) rejectedIdle.count();
    }

    /** Frames handed to the network, of every type. */
    public long framesSent() {
        return sent.total();
    }

    public long framesReceived() {
        return received.total();
    }

    /** Frames the transport could not send (unreachable, queue full, stopping, too large); injected faults are not counted. */
    public long framesDropped() {
        long sum = 0;
        for (DropReason reason : DropReason.values()) {
            if (!reason.injected()) {
                sum += dropped.get(reason).total();
            }
        }
        return sum;
    }

    /** Frames dropped for {@code reason}, of every type. */
    public long framesDropped(DropReason reason) {
        return dropped.get(reason).total();
    }

    public long framesDelayed() {
        return delayed.total();
    }

    public long framesDuplicated() {
        return duplicated.total();
    }

    public long connectionsRejected() {
        return (long) (rejectedInvalid.count()
                + rejectedTooMany.count()
                + rejectedUnauthenticated.count()
                + rejectedReplayed.count()
                + rejectedIdle.count()
                + rejectedUnidentifiedFull.count());
    }

    /** Frames refused because the keyring did not let them in, for any reason. */
    public long framesUnauthenticated() {
        return (long)
                unauthenticated.values().stream().mapToDouble(Counter::count).sum();
    }

    /** Frames refused because the keyring did not let them in for {@code reason}. */
    public long framesUnauthenticated(UnauthenticatedFrameException.Reason reason) {
        return (long) unauthenticated.get(reason).count();
    }

    /** Authenticated frames refused as not fresh, for any reason. */
    public long framesReplayed() {
        return (long) replayed.values().stream().mapToDouble(Counter::count).sum();
    }
}
