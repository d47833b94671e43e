package dev.distcounter.tool.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosStateTest {
    @Test
    void rendersTheNodesTextReply() {
        assertThat(new ChaosState(0.3, "10ms-50ms", List.of("localhost:9001", "localhost:9002"), 6, 20, 0).line())
                .isEqualTo("Chaos: drop 0.3, delay 10ms-50ms, blocked [localhost:9001, localhost:9002]; so far 6"
                        + " frames blocked, 20 dropped, 0 delayed");
        assertThat(new ChaosState(0, "0s", List.of(), 0, 0, 0).line())
                .isEqualTo("Chaos: drop 0.0, delay 0s, blocked []; so far 0 frames blocked, 0 dropped, 0 delayed");
    }
}
