package dev.distcounter.node.transport;

import dev.distcounter.common.protocol.MessageType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One counter per message type under one meter name ({@code gossip.frames.sent{type="pull"}},
 * ...). All are registered up front, so counting a frame is an array lookup and an add, and every
 * series exists from the start (a rate over it starts at zero instead of at its first frame).
 * Thread-safe: the map is filled in the constructor and only read afterwards.
 */
public final class FramesByType {
    private final Map<MessageType, Counter> counters = new EnumMap<>(MessageType.class);

    /** Registers {@code name{type=...}} (and {@code tags}) for every message type on {@code registry}. */
    public FramesByType(MeterRegistry registry, String name, String description, Tags tags) {
        for (MessageType type : MessageType.values()) {
            counters.put(
                    type,
                    Counter.builder(name)
                            .description(description)
                            .tags(tags)
                            .tag("type", tag(type))
                            .register(registry));
        }
    }

    public FramesByType(MeterRegistry registry, String name, String description) {
        this(registry, name, description, Tags.empty());
    }

    /** The tag value of {@code type}: {@code pull}, {@code push}, {@code heartbeat}, {@code election_answer}, ... */
    public static String tag(MessageType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    public void increment(MessageType type) {
        counters.get(type).increment();
    }

    public void increment(MessageType type, long frames) {
        counters.get(type).increment((double) frames);
    }

    public long count(MessageType type) {
        return (long) counters.get(type).count();
    }

    /** Frames of {@code types}. */
    public long count(Set<MessageType> types) {
        long sum = 0;
        for (MessageType type : types) {
            sum += count(type);
        }
        return sum;
    }

    /** Frames of every type. */
    public long total() {
        long sum = 0;
        for (Counter c : counters.values()) {
            sum += (long) c.count();
        }
        return sum;
    }
}
