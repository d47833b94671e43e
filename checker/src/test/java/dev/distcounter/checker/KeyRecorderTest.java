package dev.distcounter.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.http.WriteOutcome;
import org.junit.jupiter.api.Test;

class KeyRecorderTest {

    @Test
    void recordsPutsGetsDeletesAndFinalReplicaReads() {
        HistoryRecorder rec = new HistoryRecorder().keyspace(3, 2, 2, false);

        rec.put("1", "a", "x").applied(1L);
        rec.get("2", "a").found("x", 1);
        rec.put("1", "a", "lost").fail();
        rec.delete("3", "a").completeWrite(WriteOutcome.APPLIED, 2L);
        rec.get("2", "a").notFound();
        rec.put("1", "b", "maybe").completeWrite(WriteOutcome.INDETERMINATE, 9L);
        rec.get("3", "b").info();
        for (String node : new String[] {"1", "2", "3"}) {
            rec.keyFinalRead(node, "a", null, true, 2L);
            rec.keyFinalRead(node, "b", "maybe", false, 1L);
        }

        History h = rec.history();
        assertThat(h.keyspace()).isEqualTo(new KeyspaceConfig(3, 2, 2, false));
        assertThat(h.keyOps())
                .extracting(KeyOperation::kind, KeyOperation::outcome, KeyOperation::value, KeyOperation::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(KeyOperation.Kind.PUT, Outcome.OK, "x", 1L),
                        org.assertj.core.groups.Tuple.tuple(KeyOperation.Kind.GET, Outcome.OK, "x", 1L),
                        org.assertj.core.groups.Tuple.tuple(KeyOperation.Kind.PUT, Outcome.FAIL, "lost", null),
                        org.assertj.core.groups.Tuple.tuple(KeyOperation.Kind.DELETE, Outcome.OK, null, 2L),
                        org.assertj.core.groups.Tuple.tuple(KeyOperation.Kind.GET, Outcome.OK, null, null),
                        // an indeterminate answer's version means nothing, so it is not kept
                        org.assertj.core.groups.Tuple.tuple(KeyOperation.Kind.PUT, Outcome.INFO, "maybe", null),
                        org.assertj.core.groups.Tuple.tuple(KeyOperation.Kind.GET, Outcome.INFO, null, null));
        assertThat(h.keyOps())
                .allSatisfy(op -> assertThat(op.completeMillis()).isGreaterThanOrEqualTo(op.invokeMillis()));

        CheckResult r = HistoryChecker.check(h);
        assertThat(r.valid()).as(r.report()).isTrue();
        assertThat(r.keys().puts()).isEqualTo(new KeyCheckResult.Counts(1, 1, 1));
        assertThat(r.keys().gets()).isEqualTo(new KeyCheckResult.Counts(2, 0, 1));
        assertThat(r.keys().deletes()).isEqualTo(new KeyCheckResult.Counts(1, 0, 0));
        assertThat(r.keys().notFoundReads()).isEqualTo(1);
        assertThat(r.keys().keys()).isEqualTo(2);
        assertThat(r.keys().finalReplicaReads()).isEqualTo(6);
        assertThat(r.report())
                .isEqualTo("key operations: 7 (put 3: 1 ok, 1 fail, 1 info; get 3: 2 ok, 0 fail, 1 info, 1 not found;"
                        + " delete 1: 1 ok, 0 fail, 0 info); keys: 2; final replica reads: 6\n"
                        + "real-time order checked (N=3 R=2 W=2): 2 acknowledged writes, 2 ok gets\n"
                        + "VALID");
    }

    @Test
    void aPendingKeyOperationCompletesOnlyOnceAndAsItsKind() {
        HistoryRecorder rec = new HistoryRecorder();
        PendingKeyOperation put = rec.put("1", "a", "x");
        put.info();

        assertThatThrownBy(put::fail).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rec.get("1", "a").applied(1L)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rec.delete("1", "a").notFound()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rec.put("1", "a", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportListsKeyViolationsAfterTheCounterSection() {
        HistoryRecorder rec =
                new HistoryRecorder().node("1", "localhost:9000", true).keyspace(3, 2, 2, false);
        rec.invoke("1", 1).ok(1, 1);
        rec.finalRead("1", 1, 1);
        rec.keyOp(new KeyOperation(KeyOperation.Kind.GET, "1", "a", 5, 6, Outcome.OK, "ghost", 4L));

        CheckResult r = HistoryChecker.check(rec.history());

        assertThat(r.valid()).isFalse();
        assertThat(r.violationCount()).isEqualTo(1);
        assertThat(r.violations()).isEmpty();
        assertThat(r.report())
                .contains(
                        "operations: 1 (1 ok, 0 fail, 0 info)",
                        "key violations: 1\n  - get #1 key \"a\" value \"ghost\" at node 1 [invoke 5, complete 6]"
                                + " version 4 returned a value never written to this key")
                .doesNotContain("\nviolations:")
                .endsWith("\nINVALID");
    }
}
