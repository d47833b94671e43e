package dev.distcounter.node.kvstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import dev.distcounter.node.kv.VersionedCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The replica log's form: snapshots and records read back what was written, sizes are computed
 * exactly without encoding, and the fast reader accepts and refuses exactly what
 * {@link VersionedCodec} does.
 */
class ReplicaLogFormatPropertiesTest {

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(40)
                .filter(k -> k.getBytes(StandardCharsets.UTF_8).length <= 1024 && validUtf16(k));
    }

    /** Strings a node can hold: no lone surrogates (they cannot come from UTF-8). */
    static boolean validUtf16(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
    }

    @Provide
    Arbitrary<Versioned> held() {
        Arbitrary<String> writers = Arbitraries.of("a:1", "b:7946", "ñode:1", "127.0.0.1:7001");
        Arbitrary<Version> versions = Combinators.combine(
                        Arbitraries.longs().between(1, Long.MAX_VALUE), writers, Arbitraries.longs())
                .as(Version::new);
        Arbitrary<String> values =
                Arbitraries.strings().ofMaxLength(60).filter(ReplicaLogFormatPropertiesTest::validUtf16);
        return Arbitraries.oneOf(
                versions.map(Versioned::tombstone),
                Combinators.combine(versions, values).as(Versioned::value));
    }

    @Provide
    Arbitrary<Map<String, Versioned>> maps() {
        return Arbitraries.maps(keys(), held()).ofMaxSize(30);
    }

    static Map<String, Versioned> readBack(byte[] snapshot) {
        Map<String, Versioned> read = new HashMap<>();
        ReplicaLogFormat.readSnapshot(ByteBuffer.wrap(snapshot).asReadOnlyBuffer(), new HeldReader(), read::put);
        return read;
    }

    @Property
    void aSnapshotReadsBackTheMapItWasMadeOfAndIsExactlyItsComputedSize(@ForAll("maps") Map<String, Versioned> map)
            throws Exception {
        byte[] snapshot = ReplicaLogFormat.snapshot(map);
        assertThat(readBack(snapshot)).isEqualTo(map);
        assertThat(ReplicaLogFormat.snapshotCount(ByteBuffer.wrap(snapshot))).isEqualTo(map.size());
        long size = 5;
        for (Map.Entry<String, Versioned> e : map.entrySet()) {
            size += ReplicaLogFormat.entrySize(e.getKey(), e.getValue());
        }
        assertThat(snapshot).hasSize((int) size);
    }

    @Property
    void aPutRecordReadsBackItsKeyAndHeldValue(@ForAll("keys") String key, @ForAll("held") Versioned held) {
        byte[] record = ReplicaLogFormat.put(key, held);
        assertThat((long) record.length).isEqualTo(ReplicaLogFormat.entrySize(key, held));
        Map<String, Versioned> read = new HashMap<>();
        ReplicaLogFormat.readPut(
                ByteBuffer.allocateDirect(record.length).put(record).flip(), new HeldReader(), read::put);
        assertThat(read).containsExactly(Map.entry(key, held));
    }

    @Property
    void theComputedUtf8LengthIsTheEncodersForAnyString(@ForAll String s) {
        assertThat(ReplicaLogFormat.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }

    /**
     * A held value's bytes, damaged (one byte changed, or cut short): the fast reader and
     * VersionedCodec agree on whether it is readable, and if so on what it says.
     */
    @Property
    void theFastReaderAgreesWithTheCodecOnDamagedBytes(
            @ForAll("held") Versioned held,
            @ForAll @IntRange(min = 0, max = 200) int at,
            @ForAll byte replacement,
            @ForAll boolean cut) {
        ByteBuffer encoded = ByteBuffer.allocate(VersionedCodec.heldSize(held));
        VersionedCodec.writeHeld(encoded, held);
        byte[] whole = encoded.array();
        int position = at % whole.length;
        byte[] bytes = cut ? java.util.Arrays.copyOf(whole, position) : whole;
        if (!cut) {
            bytes[position] = replacement;
        }
        Object codec = outcome(() -> VersionedCodec.readHeld(ByteBuffer.wrap(bytes)));
        Object fast = outcome(() -> new HeldReader().held(ByteBuffer.wrap(bytes)));
        if (codec == null) { // "nothing held": the log never stores it, so the fast reader refuses it
            assertThat(fast).isInstanceOf(IllegalArgumentException.class);
        } else if (codec instanceof IllegalArgumentException) {
            assertThat(fast).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(fast).isEqualTo(codec);
        }
    }

    static Object outcome(java.util.function.Supplier<Object> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            return e;
        }
    }

    @Test
    void writerNamesAreSharedBetweenVersions() {
        byte[] snapshot;
        try {
            snapshot = ReplicaLogFormat.snapshot(Map.of(
                    "a", Versioned.value(new Version(1, "w:1", 1), "x"),
                    "b", Versioned.tombstone(new Version(2, "w:1", 2))));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        List<Versioned> read = List.copyOf(readBack(snapshot).values());
        assertThat(read.get(0).version().writer())
                .isSameAs(read.get(1).version().writer());
    }

    @Test
    void aDamagedSnapshotIsRefusedWithTheReason() throws Exception {
        byte[] snapshot = ReplicaLogFormat.snapshot(Map.of("k", Versioned.value(new Version(1, "w", 1), "v")));
        byte[] extra = java.util.Arrays.copyOf(snapshot, snapshot.length + 1);
        assertThatThrownBy(() -> readBack(extra)).hasMessageContaining("1 bytes after the 1 entries");
        byte[] shorter = java.util.Arrays.copyOf(snapshot, snapshot.length - 1);
        assertThatThrownBy(() -> readBack(shorter)).hasMessageContaining("only 0 left");
        snapshot[0] = 2;
        assertThatThrownBy(() -> readBack(snapshot)).hasMessageContaining("unknown snapshot format");
        ByteBuffer hugeCount =
                ByteBuffer.allocate(5).put((byte) 1).putInt(Integer.MAX_VALUE).flip();
        assertThat(ReplicaLogFormat.snapshotCount(hugeCount))
                .as("never more than the bytes could hold")
                .isZero();
    }
}
