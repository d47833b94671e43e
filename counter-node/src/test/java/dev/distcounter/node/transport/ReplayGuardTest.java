package dev.distcounter.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.protocol.FrameStamp;
import dev.distcounter.node.transport.ReplayGuard.Verdict;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Freshness of authenticated frames, table by table: what is taken and what is refused as a replay. */
class ReplayGuardTest {
    static final long START = 1_795_240_627_338L;
    final AtomicLong now = new AtomicLong(START);
    final ReplayGuard guard = new ReplayGuard(now::get, Duration.ofSeconds(30));
    final NodeAddress a = NodeAddress.parse("localhost:9001");
    final NodeAddress b = NodeAddress.parse("localhost:9002");
    final FrameStamper stamperOfA = new FrameStamper(now::get);

    @Test
    void aSendersFramesInTheirOrderAreFreshAndEachOneOnlyOnce() {
        FrameStamp first = stamperOfA.next();
        FrameStamp second = stamperOfA.next();
        FrameStamp third = stamperOfA.next();
        assertThat(guard.admit(a, first)).isEqualTo(Verdict.FRESH);
        assertThat(guard.admit(a, second)).isEqualTo(Verdict.FRESH);
        assertThat(guard.admit(a, second)).as("the same frame again").isEqualTo(Verdict.REPEATED);
        assertThat(guard.admit(a, first)).as("an older frame").isEqualTo(Verdict.REPEATED);
        assertThat(guard.admit(a, third)).isEqualTo(Verdict.FRESH);
        assertThat(guard.admit(b, first))
                .as("another sender's stamps are its own")
                .isEqualTo(Verdict.FRESH);
    }

    @Test
    void framesStampedOutsideTheWindowEitherWayAreRefused() {
        assertThat(guard.admit(a, new FrameStamp(START - 30_001, 1))).isEqualTo(Verdict.OUTSIDE_WINDOW);
        assertThat(guard.admit(a, new FrameStamp(START + 30_001, 1))).isEqualTo(Verdict.OUTSIDE_WINDOW);
        assertThat(guard.admit(a, new FrameStamp(START - 30_000, 1))).isEqualTo(Verdict.FRESH);
        assertThat(guard.explain(Verdict.OUTSIDE_WINDOW, a, new FrameStamp(START - 45_000, 9)))
                .contains("45000 ms before this node's clock")
                .contains("clocks that disagree");
        assertThat(FrameStamp.NONE)
                .as("an unstamped frame is never fresh")
                .satisfies(stamp -> assertThat(guard.admit(b, stamp)).isEqualTo(Verdict.OUTSIDE_WINDOW));
    }

    /** A restart starts the sequence again, but later in time: its frames are fresh. */
    @Test
    void aRestartedSenderIsFreshAgain() {
        assertThat(guard.admit(a, stamperOfA.next())).isEqualTo(Verdict.FRESH);
        assertThat(guard.admit(a, stamperOfA.next())).isEqualTo(Verdict.FRESH);
        now.addAndGet(500); // the restart takes a while
        FrameStamper restarted = new FrameStamper(now::get);
        assertThat(guard.admit(a, restarted.next())).isEqualTo(Verdict.FRESH);
    }

    /** A sender's stamps go on growing when the clock stands still or steps back within a run. */
    @Test
    void stampsOfOneRunStrictlyIncreaseWhateverTheClockDoes() {
        FrameStamp first = stamperOfA.next();
        now.addAndGet(-10_000);
        FrameStamp afterStepBack = stamperOfA.next();
        assertThat(afterStepBack.after(first)).isTrue();
        assertThat(afterStepBack.timestamp()).isEqualTo(first.timestamp());
        assertThat(guard.admit(a, first)).isEqualTo(Verdict.FRESH);
        assertThat(guard.admit(a, afterStepBack)).isEqualTo(Verdict.FRESH);
    }

    /** Memory is bounded: a sender silent for the window is forgotten, and its old frames are stale by then. */
    @Test
    void aSenderIsForgottenOnceItsLastFrameIsOutsideTheWindow() {
        FrameStamp captured = stamperOfA.next();
        assertThat(guard.admit(a, captured)).isEqualTo(Verdict.FRESH);
        now.addAndGet(31_000);
        assertThat(guard.admit(b, new FrameStamp(now.get(), 1))).isEqualTo(Verdict.FRESH);
        assertThat(guard.remembered()).as("a's entry swept").isEqualTo(1);
        assertThat(guard.admit(a, captured))
                .as("a replay after it was forgotten")
                .isEqualTo(Verdict.OUTSIDE_WINDOW);
    }
}
