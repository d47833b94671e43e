package dev.distcounter.node.antientropy;

import dev.distcounter.node.kv.Version;
import java.util.List;

/**
 * KV_PURGE (40): "drop exactly these tombstones": sent by a replica that saw every replica of
 * each key hold the tombstone, past the grace period (docs/guarantees.md, "Tombstones"). A
 * receiver drops a key only if it holds that very tombstone version and it is past the grace
 * period by its own clock too. Binary form: {@link AntiEntropyMessages}.
 *
 * @param purges at most {@link AntiEntropyMessages#MAX_KEYS}
 */
public record TombstonePurges(List<Purge> purges) {
    public TombstonePurges {
        purges = List.copyOf(purges);
        AntiEntropyMessages.checkCount("purges", purges.size(), AntiEntropyMessages.MAX_KEYS);
    }

    /** The key and its tombstone's version. */
    public record Purge(String key, Version version) {
        public Purge {
            AntiEntropyMessages.checkKey(key);
        }
    }
}
