package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.VersionedCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** Lists cut into the pieces one frame may carry: by count, and by encoded bytes. Pure. */
final class Chunks {
    private Chunks() {}

    /** {@code items} in pieces of at most {@code size}. */
    static <T> List<List<T>> bySize(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }

    /** Keys for AE_WANT payloads: at most MAX_KEYS and PAYLOAD_BUDGET bytes each. */
    static List<List<String>> ofKeys(List<String> keys) {
        return byBytes(keys, k -> VersionedCodec.keySize(VersionedCodec.utf8(k)));
    }

    /** Purges for KV_PURGE payloads: at most MAX_KEYS and PAYLOAD_BUDGET bytes each. */
    static List<List<TombstonePurges.Purge>> ofPurges(List<TombstonePurges.Purge> purges) {
        return byBytes(purges, AntiEntropyMessages::purgeSize);
    }

    private static <T> List<List<T>> byBytes(List<T> items, ToIntFunction<T> size) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> current = new ArrayList<>();
        int bytes = 12;
        for (T item : items) {
            int itemBytes = size.applyAsInt(item);
            if (!current.isEmpty()
                    && (bytes + itemBytes > AntiEntropyMessages.PAYLOAD_BUDGET
                            || current.size() == AntiEntropyMessages.MAX_KEYS)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 12;
            }
            current.add(item);
            bytes += itemBytes;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
