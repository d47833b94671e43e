package dev.distcounter.node.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    final VirtualScheduler scheduler = new VirtualScheduler(1000);
    final List<String> ran = new ArrayList<>();

    @Test
    void runsInTimeOrderThenSubmissionOrder() {
        scheduler.schedule(Duration.ofMillis(20), () -> ran.add("b@" + scheduler.nowMillis()));
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("a@" + scheduler.nowMillis()));
        scheduler.execute(() -> ran.add("now1"));
        scheduler.execute(() -> ran.add("now2"));
        scheduler.schedule(Duration.ofMillis(20), () -> ran.add("c@" + scheduler.nowMillis()));
        assertThat(ran).isEmpty();
        scheduler.runFor(Duration.ofMillis(15));
        assertThat(ran).containsExactly("now1", "now2", "a@1010");
        assertThat(scheduler.nowMillis()).isEqualTo(1015);
        scheduler.runFor(Duration.ofMillis(100));
        assertThat(ran).containsExactly("now1", "now2", "a@1010", "b@1020", "c@1020");
    }

    @Test
    void fixedRateRepeatsUntilCancelled() {
        Scheduler.Cancellable tick = scheduler.scheduleAtFixedRate(
                Duration.ofMillis(5), Duration.ofMillis(10), () -> ran.add("t@" + scheduler.nowMillis()));
        scheduler.runFor(Duration.ofMillis(30));
        assertThat(ran).containsExactly("t@1005", "t@1015", "t@1025");
        tick.cancel();
        scheduler.runFor(Duration.ofMillis(100));
        assertThat(ran).hasSize(3);
    }

    @Test
    void cancelledTasksDoNotRunAndTasksCanScheduleTasks() {
        Scheduler.Cancellable never = scheduler.schedule(Duration.ofMillis(1), () -> ran.add("never"));
        never.cancel();
        scheduler.execute(
                () -> scheduler.schedule(Duration.ofMillis(3), () -> ran.add("child@" + scheduler.nowMillis())));
        scheduler.runFor(Duration.ofMillis(10));
        assertThat(ran).containsExactly("child@1003");
        assertThat(scheduler.executedTasks()).isEqualTo(2);
    }
}
