package dev.distcounter.node.crdt;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary form of a {@link PNCounter}, used in PULL/PUSH payloads, log records and snapshots.
 * Big-endian; entries sorted by replica so equal states encode to equal bytes.
 *
 * <pre>
 * count u32, then per entry:
 *   node length u16 (1..255) | node UTF-8 | incarnation i64 | p i64 (>= 0) | n i64 (>= 0)
 * </pre>
 */
public final class CounterCodec {
    private CounterCodec() {}

    /** Smallest encoded entry: a one-byte node name. */
    private static final int MIN_ENTRY_BYTES = 2 + 1 + 8 + 8 + 8;

    /** Largest encoded entry: a 255-byte node name. */
    public static final int MAX_ENTRY_BYTES = 2 + ReplicaId.MAX_NODE_LENGTH + 8 + 8 + 8;

    public static byte[] encode(PNCounter counter) {
        List<ReplicaId> replicas = sorted(counter);
        int size = 4;
        for (ReplicaId r : replicas) {
            size += entryBytes(r);
        }
        return encode(counter, replicas, size);
    }

    /**
     * The state as consecutive parts, each encoding to at most {@code maxBytes}: entries sorted by
     * replica, cut where the next one would not fit (an entry larger than {@code maxBytes} on its
     * own, impossible from {@link #MAX_ENTRY_BYTES} + 4 up, goes alone into a part). Every entry
     * goes whole into exactly one part, so each part is a valid state, and merging the parts, in
     * any order, gives back the whole; a peer that misses some still merges the rest correctly.
     * An empty state is one empty part. One part when the whole fits.
     */
    public static List<byte[]> encodeParts(PNCounter counter, int maxBytes) {
        List<ReplicaId> replicas = sorted(counter);
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        int size = 4;
        for (int i = 0; i < replicas.size(); i++) {
            int entry = entryBytes(replicas.get(i));
            if (size + entry > maxBytes && i > from) {
                parts.add(encode(counter, replicas.subList(from, i), size));
                from = i;
                size = 4;
            }
            size += entry;
        }
        parts.add(encode(counter, replicas.subList(from, replicas.size()), size));
        return parts;
    }

    private static List<ReplicaId> sorted(PNCounter counter) {
        List<ReplicaId> replicas = new ArrayList<>(counter.entries().keySet());
        replicas.sort(null);
        return replicas;
    }

    private static int entryBytes(ReplicaId replica) {
        return 2 + replica.node().getBytes(StandardCharsets.UTF_8).length + 24;
    }

    /** The entries of {@code replicas}, taken from {@code counter}, encoded in {@code size} bytes. */
    private static byte[] encode(PNCounter counter, List<ReplicaId> replicas, int size) {
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(replicas.size());
        for (ReplicaId r : replicas) {
            byte[] name = r.node().getBytes(StandardCharsets.UTF_8);
            CounterEntry e = counter.entry(r);
            buf.putShort((short) name.length)
                    .put(name)
                    .putLong(r.incarnation())
                    .putLong(e.p())
                    .putLong(e.n());
        }
        return buf.array();
    }

    /** A state of one entry, as {@link #encode} would write it, without building a counter first. */
    public static byte[] encodeEntry(ReplicaId replica, CounterEntry entry) {
        byte[] name = replica.node().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + 2 + name.length + 24)
                .putInt(1)
                .putShort((short) name.length)
                .put(name)
                .putLong(replica.incarnation())
                .putLong(entry.p())
                .putLong(entry.n())
                .array();
    }

    public static PNCounter decode(byte[] bytes) throws CounterFormatException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        PNCounter counter = decode(buf);
        if (buf.hasRemaining()) {
            throw new CounterFormatException(buf.remaining() + " bytes after the counter state");
        }
        return counter;
    }

    /** Decodes one state starting at {@code buf}'s position and leaves the buffer after it. */
    public static PNCounter decode(ByteBuffer buf) throws CounterFormatException {
        try {
            long count = Integer.toUnsignedLong(buf.getInt());
            if (count > buf.remaining() / MIN_ENTRY_BYTES) {
                throw new CounterFormatException(
                        "entry count " + count + " does not fit in " + buf.remaining() + " bytes");
            }
            Map<ReplicaId, CounterEntry> entries = new HashMap<>((int) count * 2);
            for (long i = 0; i < count; i++) {
                int length = Short.toUnsignedInt(buf.getShort());
                if (length == 0 || length > ReplicaId.MAX_NODE_LENGTH) {
                    throw new CounterFormatException("replica name length " + length + " outside 1..255");
                }
                byte[] name = new byte[length];
                buf.get(name);
                ReplicaId replica = new ReplicaId(utf8(name), buf.getLong());
                long p = buf.getLong();
                long n = buf.getLong();
                if (p < 0 || n < 0) {
                    throw new CounterFormatException("negative entry for " + replica);
                }
                if (entries.put(replica, new CounterEntry(p, n)) != null) {
                    throw new CounterFormatException("replica " + replica + " appears twice");
                }
            }
            return PNCounter.of(entries);
        } catch (BufferUnderflowException e) {
            throw new CounterFormatException("counter state cut short");
        } catch (CounterOverflowException e) {
            throw new CounterFormatException(e.getMessage());
        }
    }

    private static String utf8(byte[] bytes) throws CounterFormatException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CounterFormatException("replica name is not UTF-8");
        }
    }
}
