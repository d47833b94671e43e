package dev.distcounter.node.ring;

import dev.distcounter.common.NodeAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link RingMembership} in bytes, as the HEARTBEAT payload's trailing section and the
 * {@code ring} file carry it:
 *
 * <pre>
 * entry count u16 (0..1000) | per entry: address length u16 (1..255) | address UTF-8
 *                           | incarnation i64 | status u8 (0 joined, 1 left, 2 removed)
 * </pre>
 */
public final class RingCodec {
    private RingCodec() {}

    /** Bytes {@link #write} takes for {@code ring}. */
    public static int size(RingMembership ring) {
        int size = 2;
        for (String address : ring.entries().keySet()) {
            size += 2 + address.getBytes(StandardCharsets.UTF_8).length + 8 + 1;
        }
        return size;
    }

    public static void write(RingMembership ring, ByteBuffer buf) {
        buf.putShort((short) ring.size());
        ring.entries().forEach((address, entry) -> {
            byte[] name = address.getBytes(StandardCharsets.UTF_8);
            buf.putShort((short) name.length)
                    .put(name)
                    .putLong(entry.incarnation())
                    .put((byte) entry.status().ordinal());
        });
    }

    /**
     * Reads a section from {@code buf}'s position.
     *
     * @throws IllegalArgumentException it is not one (a bad count, address or status)
     * @throws java.nio.BufferUnderflowException it is cut short
     */
    public static RingMembership read(ByteBuffer buf) {
        int count = Short.toUnsignedInt(buf.getShort());
        if (count > RingMembership.MAX_ENTRIES) {
            throw new IllegalArgumentException(
                    "ring lists " + count + " entries, more than " + RingMembership.MAX_ENTRIES);
        }
        Map<String, RingEntry> entries = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int length = Short.toUnsignedInt(buf.getShort());
            if (length < 1 || length > NodeAddress.MAX_LENGTH) {
                throw new IllegalArgumentException("ring address length " + length + " out of range");
            }
            byte[] name = new byte[length];
            buf.get(name);
            String address =
                    NodeAddress.parse(new String(name, StandardCharsets.UTF_8)).toString();
            long incarnation = buf.getLong();
            int status = Byte.toUnsignedInt(buf.get());
            if (status >= RingStatus.values().length) {
                throw new IllegalArgumentException("ring status " + status + " unknown");
            }
            entries.merge(address, new RingEntry(incarnation, RingStatus.values()[status]), RingEntry::newer);
        }
        return RingMembership.of(entries);
    }
}
