package dev.distcounter.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

    @Test
    void recordsCompletionsWithTimesInOrder() {
        HistoryRecorder rec = new HistoryRecorder().node("1", "localhost:9000", true);
        long before = rec.now();

        rec.invoke("1", 5).ok(5, 5);
        rec.invoke("1", -2).info();
        rec.invoke("1", 1).fail();
        rec.invoke("1", 3).ok();
        long t = rec.now();
        rec.read("1", t, rec.now(), Outcome.OK, 8L, 8L);
        rec.fault("kill", "node 1");
        rec.finalRead("1", 8, 8);

        History h = rec.history();
        assertThat(h.nodes()).containsEntry("1", new NodeInfo("localhost:9000", true));
        assertThat(h.ops())
                .extracting(Operation::delta, Operation::outcome, Operation::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(5L, Outcome.OK, 5L),
                        org.assertj.core.groups.Tuple.tuple(-2L, Outcome.INFO, null),
                        org.assertj.core.groups.Tuple.tuple(1L, Outcome.FAIL, null),
                        org.assertj.core.groups.Tuple.tuple(3L, Outcome.OK, null));
        assertThat(h.ops()).allSatisfy(op -> {
            assertThat(op.invokeMillis()).isGreaterThanOrEqualTo(before);
            assertThat(op.completeMillis()).isGreaterThanOrEqualTo(op.invokeMillis());
        });
        assertThat(h.faults()).singleElement().extracting(Fault::what).isEqualTo("kill");
        assertThat(HistoryChecker.check(h).valid())
                .as(HistoryChecker.check(h).report())
                .isTrue();
    }

    @Test
    void pendingCompletesOnlyOnce() {
        HistoryRecorder.Pending p = new HistoryRecorder().invoke("1", 1);
        p.info();

        assertThatThrownBy(p::fail).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAZeroDeltaAtInvoke() {
        assertThatThrownBy(() -> new HistoryRecorder().invoke("1", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void historyIsASnapshot() {
        HistoryRecorder rec = new HistoryRecorder();
        History before = rec.history();
        rec.invoke("1", 1).ok();

        assertThat(before.ops()).isEmpty();
        assertThat(rec.history().ops()).hasSize(1);
    }

    @Test
    void recordsFromManyThreadsWithoutLosingEntries() throws InterruptedException {
        HistoryRecorder rec = new HistoryRecorder().node("1", "a", true).node("2", "b", false);
        int threads = 8;
        int perThread = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong total = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String node = t % 2 == 0 ? "1" : "2";
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    rec.invoke(node, 1).ok();
                    total.incrementAndGet();
                    long r = rec.now();
                    rec.read(node, r, rec.now(), Outcome.FAIL, null, null);
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        rec.finalRead("1", total.get(), total.get());
        rec.finalRead("2", total.get(), total.get());

        History h = rec.history();
        assertThat(h.ops()).hasSize(threads * perThread);
        assertThat(h.reads()).hasSize(threads * perThread);
        assertThat(HistoryChecker.check(h).valid()).isTrue();
    }
}
