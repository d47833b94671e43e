package dev.distcounter.node.kvstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.node.kv.Version;
import dev.distcounter.node.kv.Versioned;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever order writes arrive in, a replica ends holding each key's greatest version. */
class ReplicaStorePropertiesTest {

    /** One write: key index, counter, writer index, delete or not. */
    record Write(int key, long counter, int writer, boolean delete) {}

    @Provide
    Arbitrary<List<Write>> writes() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.longs().between(1, 6),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false))
                .as(Write::new)
                .list()
                .ofMaxSize(60);
    }

    @Property
    void eachKeyEndsAtItsGreatestVersionAndEveryAnswerSaysWhatWasHeld(@ForAll("writes") List<Write> writes) {
        ReplicaStore store = ReplicaStore.inMemory("n:1");
        Map<String, Versioned> greatest = new HashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            String key = "k" + w.key();
            Version version = new Version(w.counter(), "w" + w.writer() + ":1", i); // unique: no two writes share one
            Versioned incoming = w.delete() ? Versioned.tombstone(version) : Versioned.value(version, "v" + i);
            Versioned before = greatest.get(key);
            Stored stored = store.apply(key, incoming).join();
            if (incoming.supersedes(before)) {
                greatest.put(key, incoming);
                assertThat(stored).isEqualTo(Stored.replaced(version, before == null ? null : before.version()));
            } else {
                assertThat(stored).isEqualTo(Stored.kept(before.version()));
            }
        }
        assertThat(store.size()).isEqualTo(greatest.size());
        long valueBytes = 0;
        for (Map.Entry<String, Versioned> e : greatest.entrySet()) {
            assertThat(store.get(e.getKey())).isEqualTo(e.getValue());
            valueBytes += ReplicaStore.valueBytesOf(e.getKey(), e.getValue());
        }
        assertThat(store.valueBytes()).isEqualTo(valueBytes);
    }
}
