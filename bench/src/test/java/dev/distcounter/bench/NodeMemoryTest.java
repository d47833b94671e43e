package dev.distcounter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Reading a node's memory: /proc/PID/status fields and the heap pools of its /metrics. */
class NodeMemoryTest {

    @Test
    void statusFieldsAreReadInKib() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  730240 kB\nVmRSS:\t  700000 kB\nThreads:\t40\n";

        assertThat(NodeMemory.statusKb(status, "VmRSS")).isEqualTo(700_000);
        assertThat(NodeMemory.statusKb(status, "VmHWM")).isEqualTo(730_240);
        assertThat(NodeMemory.statusKb("Name:\tjava\n", "VmRSS")).isEqualTo(-1);
    }

    @Test
    void theHeapIsItsPoolsAddedUpAndNothingElse() {
        String metrics = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 1000.0
                jvm_memory_used_bytes{area="heap",id="Survivor Space"} 24.0
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 3.06118464E8
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
                jvm_memory_committed_bytes{area="heap",id="Tenured Gen"} 5.0E8
                """;

        assertThat(NodeMemory.heapUsed(metrics)).hasValue(306_119_488);
        assertThat(NodeMemory.heapUsed("counter_value 3.0\n")).isEqualTo(OptionalLong.empty());
    }
}
