package dev.distcounter.node.kv;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of keys, versions and held values for properties, any UTF-8 included. */
public final class VersionedValues {
    private VersionedValues() {}

    /**
     * Text of {@code min..max} code points from every range of Unicode (ASCII, controls, Latin,
     * CJK, astral planes), never a lone surrogate: it always round-trips through UTF-8.
     */
    public static Arbitrary<String> text(int min, int max) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(1, Arbitraries.integers().between(0x00, 0x1f)),
                Tuple.of(1, Arbitraries.integers().between(0x80, 0x7ff)),
                Tuple.of(1, Arbitraries.integers().between(0x800, 0xd7ff)),
                Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoint.list().ofMinSize(min).ofMaxSize(max).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    /** Keys of 1..256 code points: at most 4 bytes each, so always within the 1,024-byte limit. */
    public static Arbitrary<String> keys() {
        return text(1, 256);
    }

    /** Versions whose writer is 1..63 code points (at most 252 bytes, within the 255 allowed). */
    public static Arbitrary<Version> versions() {
        return Combinators.combine(
                        Arbitraries.longs().between(1, Long.MAX_VALUE),
                        Arbitraries.oneOf(
                                text(1, 63), Arbitraries.of("localhost:9001", "127.0.0.1:9002", "node-3.example:9003")),
                        Arbitraries.longs())
                .as(Version::new);
    }

    /** Values of up to 2,000 code points (a few KB of UTF-8), empty included. */
    public static Arbitrary<String> values() {
        return text(0, 2_000);
    }

    /** A value or a tombstone. */
    public static Arbitrary<Versioned> writes() {
        return Arbitraries.oneOf(
                Combinators.combine(versions(), values()).as(Versioned::value),
                versions().map(Versioned::tombstone));
    }

    /** A value, a tombstone, or nothing (null). */
    public static Arbitrary<Versioned> held() {
        return writes().injectNull(0.2);
    }
}
