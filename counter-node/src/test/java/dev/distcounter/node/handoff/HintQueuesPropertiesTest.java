package dev.distcounter.node.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link HintQueues}' bounds and "newest wins", and the hint log's replay, over any adds. */
class HintQueuesPropertiesTest {
    private static final HintConfig BOUNDS = new HintConfig(4, 400, Duration.ofHours(1), 10);

    @Provide
    Arbitrary<List<Hint>> hints() {
        Arbitrary<Hint> hint = Combinators.combine(
                        Arbitraries.of("a:1", "b:2"),
                        Arbitraries.of("k0", "k1", "k2", "k3", "k4", "k5"),
                        Arbitraries.longs().between(1, 5),
                        Arbitraries.strings().alpha().ofMaxLength(300))
                .as((target, key, counter, value) ->
                        new Hint(target, key, Versioned.value(new Version(counter, "w", counter), value), counter));
        return hint.list().ofMaxSize(40);
    }

    @Property
    void queuesStayWithinTheirBoundsAndHoldTheNewestVersionOfWhatTheyKeep(@ForAll("hints") List<Hint> adds) {
        HintQueues queues = new HintQueues(BOUNDS);
        // The model: per (target, key), the version kept; a newer one replaces it, a drop forgets it.
        Map<String, Long> newest = new HashMap<>();
        for (Hint hint : adds) {
            String id = hint.target() + "/" + hint.key();
            Long held = newest.get(id);
            HintQueues.Added added = queues.add(hint);
            assertThat(added.kept())
                    .isEqualTo(held == null || hint.write().version().counter() > held);
            if (added.kept()) {
                newest.put(id, hint.write().version().counter());
            }
            added.droppedFull().forEach(d -> newest.remove(d.target() + "/" + d.key()));
        }
        long total = 0;
        for (String target : queues.targets()) {
            List<Hint> held = queues.oldest(target, Integer.MAX_VALUE);
            total += held.size();
            assertThat(held.size()).isBetween(1, BOUNDS.maxPerTarget());
            assertThat(held.size() == 1 || queues.bytes(target) <= BOUNDS.maxBytesPerTarget())
                    .isTrue();
            for (Hint h : held) {
                assertThat(h.write().version().counter()).isEqualTo(newest.get(target + "/" + h.key()));
            }
        }
        assertThat(queues.pending()).isEqualTo(total);
    }

    @Property
    void aSnapshotReadBackHoldsTheSameQueues(@ForAll("hints") List<Hint> adds) {
        HintQueues queues = new HintQueues(BOUNDS);
        adds.forEach(queues::add);
        HintQueues read = new HintQueues(BOUNDS);
        HintLogFormat.readSnapshot(ByteBuffer.wrap(HintLogFormat.snapshot(queues.all())), read);
        assertThat(read.all()).containsExactlyElementsOf(queues.all());
    }
}
