package dev.distcounter.checker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For each key, "the newest write by some time": the write with the greatest version among
 * chosen writes whose time is before (or at) a given instant, answered by binary search over a
 * prefix maximum, so a rule checks every operation in O(log n).
 */
final class NewestWrites {
    /**
     * One key's writes sorted by time, with the index (into the history's key operations) of the
     * newest so far. Private arrays, built once and only read: a record's array components would
     * be shared by reference, which is what this class wants.
     */
    @SuppressWarnings("ArrayRecordComponent")
    private record Timeline(long[] times, int[] newest) {}

    private final List<KeyOperation> all;
    private final VersionOf version;
    private final Map<String, Timeline> byKey = new HashMap<>();

    /**
     * @param all     the history's key operations (indexes refer to this list)
     * @param chosen  indexes of the writes to order
     * @param time    the instant of each write that matters (its completion, or its invoke)
     * @param version how new each write may be (a write of unknown version counts as the newest possible)
     */
    NewestWrites(List<KeyOperation> all, List<Integer> chosen, TimeOf time, VersionOf version) {
        this.all = all;
        this.version = version;
        Map<String, List<Integer>> perKey = new HashMap<>();
        for (int i : chosen) {
            perKey.computeIfAbsent(all.get(i).key(), k -> new ArrayList<>()).add(i);
        }
        perKey.forEach((key, indexes) -> {
            indexes.sort(Comparator.comparingLong(i -> time.of(all.get(i))));
            long[] times = new long[indexes.size()];
            int[] newest = new int[indexes.size()];
            for (int k = 0; k < indexes.size(); k++) {
                int i = indexes.get(k);
                times[k] = time.of(all.get(i));
                newest[k] = k > 0 && version.of(all.get(newest[k - 1])) >= version.of(all.get(i)) ? newest[k - 1] : i;
            }
            byKey.put(key, new Timeline(times, newest));
        });
    }

    /** The index of the newest chosen write to {@code key} with time strictly before {@code millis}, or -1. */
    int before(String key, long millis) {
        return atOrBefore(key, millis - 1);
    }

    /** The index of the newest chosen write to {@code key} with time at or before {@code millis}, or -1. */
    int atOrBefore(String key, long millis) {
        Timeline t = byKey.get(key);
        if (t == null) {
            return -1;
        }
        int pos = Arrays.binarySearch(t.times, millis);
        if (pos >= 0) {
            // Several writes may share the instant: take the last of them.
            while (pos + 1 < t.times.length && t.times[pos + 1] == millis) {
                pos++;
            }
        } else {
            pos = -pos - 2;
        }
        return pos < 0 ? -1 : t.newest[pos];
    }

    /** How new the write at {@code index} may be, as the constructor's {@code version} says. */
    long versionOf(int index) {
        return version.of(all.get(index));
    }

    interface TimeOf {
        long of(KeyOperation op);
    }

    interface VersionOf {
        long of(KeyOperation op);
    }

    /** Acknowledged writes with a version, by completion: what every later operation must not go below. */
    static NewestWrites acknowledged(List<KeyOperation> all) {
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).acknowledgedWithVersion()) {
                chosen.add(i);
            }
        }
        return new NewestWrites(all, chosen, KeyOperation::completeMillis, KeyOperation::version);
    }

    /**
     * Deletes that may have taken effect (ok or indeterminate), by invoke; an indeterminate delete,
     * or one answered without a version, may be as new as any.
     */
    static NewestWrites possibleDeletes(List<KeyOperation> all) {
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            KeyOperation op = all.get(i);
            if (op.kind() == KeyOperation.Kind.DELETE && op.outcome() != Outcome.FAIL) {
                chosen.add(i);
            }
        }
        return new NewestWrites(
                all, chosen, KeyOperation::invokeMillis, op -> op.version() == null ? Long.MAX_VALUE : op.version());
    }
}
